"""Undo: a new write intent that reverses a succeeded one, for the same Slack user only.

create → delete the record; update → write the before-values back; delete → undelete.
The undo's idempotency key is derived from the original intent, so a double-clicked Undo
button yields one undo.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.store.models import WriteIntent
from bot.writes import intents
from bot.writes.intents import SUCCEEDED, UNDONE, SessionFactory, as_utc, utcnow

# operation → the operation that reverses it
UNDO_OPERATIONS = {"create": "delete", "update": "update", "delete": "undelete"}
_RECORD_OPERATIONS = frozenset(UNDO_OPERATIONS)


class UndoRefused(Exception):
    """This intent cannot be undone; ``reason`` says why, for the Slack message.

    Reasons: ``not_found``, ``other_user``, ``not_undoable``, ``not_succeeded``, ``expired``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def register_undo(operation: str, undo_operation: str) -> None:
    """Say how a feature's operation is undone; its result's ``undo_records`` become the undo's
    payload ``records`` (e.g. a note → ``delete_records``)."""
    UNDO_OPERATIONS[operation] = undo_operation


def undo_key(intent_id: int) -> str:
    return f"undo:{intent_id}"


def submit_undo(
    session_factory: SessionFactory,
    *,
    intent_id: int,
    team_id: str,
    user_id: str,
    undo_minutes: int,
    response_url: str | None = None,
    channel_id: str | None = None,
    view_id: str | None = None,
    before_store: Callable[[], None] | None = None,
) -> tuple[WriteIntent, bool]:
    """Store the intent that undoes ``intent_id``, or return the one already stored.

    Args:
        session_factory: Sessions on the bot's database.
        intent_id: The intent whose write to reverse.
        team_id: Slack team of the user clicking Undo.
        user_id: Slack user clicking Undo; must be the one who made the write.
        undo_minutes: How long after the write Undo stays available (settings.sfbot_undo_minutes).
        response_url: Where to report the undo's result.
        channel_id: Where the Undo button was clicked.
        view_id: The modal the Undo button was in (its result replaces that view).
        before_store: Called once the undo is accepted, just before it is stored (and may run):
            a progress notice posted there cannot land after the undo's result.

    Returns:
        ``(undo_intent, created)``.

    Raises:
        UndoRefused: Another user, too late, not a succeeded create/update/delete, or an undo.
    """
    original = intents.get_intent(session_factory, intent_id)
    if original is None:
        raise UndoRefused("not_found")
    if original.team_id != team_id or original.slack_user_id != user_id:
        raise UndoRefused("other_user")
    undo_operation = UNDO_OPERATIONS.get(original.operation)
    if undo_operation is None or original.undo_of_id is not None:
        raise UndoRefused("not_undoable")
    if original.operation not in _RECORD_OPERATIONS and original.status == SUCCEEDED:
        if not (original.result or {}).get("undo_records"):
            raise UndoRefused("not_undoable")  # the write reported nothing to remove
    if original.status == UNDONE:
        # Already undone: hand back that undo, whatever button was clicked.
        existing = _existing_undo(session_factory, original)
        if existing is not None:
            return existing, False
    if original.status != SUCCEEDED:
        raise UndoRefused("not_succeeded")
    completed_at = as_utc(original.completed_at)
    if completed_at is None or utcnow() - completed_at > timedelta(minutes=undo_minutes):
        raise UndoRefused("expired")
    if before_store is not None:
        before_store()
    return intents.submit_intent(
        session_factory,
        idempotency_key=undo_key(original.id),
        enterprise_id=original.enterprise_id,
        team_id=team_id,
        user_id=user_id,
        connection_id=original.connection_id,
        org_id=original.org_id,
        sf_user_id=original.sf_user_id,
        operation=undo_operation,
        sobject=original.sobject,
        record_id=original.record_id,
        payload=_undo_payload(original),
        channel_id=channel_id or original.channel_id,
        response_url=response_url,
        view_id=view_id,
        undo_of_id=original.id,
    )


def _undo_payload(original: WriteIntent) -> dict[str, Any]:
    before = original.before_values or {}
    if original.operation == "update":
        return {"fields": dict(before.get("fields") or {})}
    if original.operation == "delete":
        return {"snapshot": before.get("snapshot")}
    if original.operation != "create":
        return {"records": list((original.result or {}).get("undo_records") or [])}
    return {}


def _existing_undo(session_factory: SessionFactory, original: WriteIntent) -> WriteIntent | None:
    with session_factory() as session:
        return session.scalar(
            select(WriteIntent).where(WriteIntent.idempotency_key == undo_key(original.id))
        )
