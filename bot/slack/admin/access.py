"""Who may run admin commands, and the Salesforce client they run with: their own.

SFBOT_ADMINS is checked by the verb registry (`admin_only=True`); here we make sure the
Salesforce side is the admin's own connection, so Salesforce's permissions apply on top and
no admin command ever runs as the shared integration user.
"""

from __future__ import annotations

from bot.salesforce.orgview import OrgView
from bot.slack import messages
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.slack.records import context


def admin_view(command: SlashCommand, *, org: str | None = None) -> OrgView | Reply:
    """The admin's own Salesforce (default connection or ``org``), or the reply refusing.

    Raises:
        bot.writes.ConnectionUnavailable: Not connected (the verb wrapper offers Connect).
    """
    view = context.org_view(
        command.services,
        team_id=command.team_id or "",
        user_id=command.user_id,
        org=org,
        user_name=command.user_name,
    )
    if view.connection_id is None:  # integration-user mode: never elevate an admin through it
        return notice(messages.ADMIN_NEEDS_OWN_CONNECTION)
    return view
