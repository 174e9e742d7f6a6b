"""Who sent a Slack request: one answer for every button, menu and modal listener."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext


def requester(body: dict[str, Any], context: BoltContext) -> tuple[str, str]:
    """The ``(team_id, user_id)`` behind an interaction, ``""`` for a part Slack did not send.

    Bolt's context is preferred; the payload's own ``team``/``user`` fill in any part bolt's
    context left empty.
    """
    team = context.team_id or (body.get("team") or {}).get("id") or ""
    user = context.user_id or (body.get("user") or {}).get("id") or ""
    return team, user
