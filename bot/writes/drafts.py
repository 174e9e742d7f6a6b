"""Draft intents: a write stored for a preview, which the worker runs only once confirmed.

Bulk admin changes are previewed ("42 leads from Riley to Sam") before anything is written.
The draft holds exactly what was previewed, so the confirmed write is that set, not a new
query's; confirming flips it to ``pending`` once (a double click confirms once), and a draft
that waits too long expires.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.store.db import changed_rows
from bot.store.models import WriteIntent
from bot.writes.intents import PENDING, IdempotencyConflict, SessionFactory, as_utc, utcnow

AWAITING = "awaiting_confirmation"
CANCELLED = "cancelled"


class DraftRefused(Exception):
    """The draft can't be confirmed or cancelled; ``reason`` is for the Slack message.

    Reasons: ``not_found``, ``other_user``, ``expired``, ``cancelled``, ``confirmed``.
    """

    def __init__(self, reason: str, intent: WriteIntent | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.intent = intent


def submit_draft(
    session_factory: SessionFactory, *, idempotency_key: str, team_id: str, user_id: str,
    **fields: Any,
) -> tuple[WriteIntent, bool]:  # fmt: skip
    """Store a draft (status `AWAITING`), or return the one already under this key.

    Args:
        session_factory: Sessions on the bot's database.
        idempotency_key: The previewing request's key (a retried command finds its draft).
        team_id: Slack team of the user.
        user_id: Slack user who will have to confirm.
        **fields: The other `WriteIntent` columns (operation, sobject, payload, connection_id…).

    Raises:
        IdempotencyConflict: The key belongs to another Slack user's intent.
    """
    with session_factory() as session:
        intent = WriteIntent(
            idempotency_key=idempotency_key,
            team_id=team_id,
            slack_user_id=user_id,
            status=AWAITING,
            attempts=0,
            **fields,
        )
        session.add(intent)
        try:
            session.commit()
            return intent, True
        except IntegrityError:
            session.rollback()
        existing = session.scalar(
            select(WriteIntent).where(WriteIntent.idempotency_key == idempotency_key)
        )
    if existing is None:  # pragma: no cover - the constraint said it exists
        raise RuntimeError(f"intent {idempotency_key!r} vanished after a conflict")
    if (existing.team_id, existing.slack_user_id) != (team_id, user_id):
        raise IdempotencyConflict(f"idempotency key {idempotency_key!r} belongs to another user")
    return existing, False


def confirm_draft(
    session_factory: SessionFactory,
    *,
    intent_id: int,
    team_id: str,
    user_id: str,
    max_age_minutes: int,
    response_url: str | None = None,
) -> WriteIntent:
    """Queue a draft for the worker (only its own user, only once, only while fresh).

    Returns:
        The intent, now ``pending``.

    Raises:
        DraftRefused: With the intent when it was already confirmed (show its progress).
    """
    return _move(
        session_factory,
        intent_id=intent_id,
        team_id=team_id,
        user_id=user_id,
        max_age_minutes=max_age_minutes,
        values={"status": PENDING, "response_url": response_url},
    )


def cancel_draft(
    session_factory: SessionFactory, *, intent_id: int, team_id: str, user_id: str
) -> WriteIntent:
    """Drop a draft: it will never run.

    Raises:
        DraftRefused: Not this user's, or no longer a draft.
    """
    return _move(
        session_factory,
        intent_id=intent_id,
        team_id=team_id,
        user_id=user_id,
        max_age_minutes=None,
        values={"status": CANCELLED, "completed_at": utcnow()},
    )


def _move(
    session_factory: SessionFactory,
    *,
    intent_id: int,
    team_id: str,
    user_id: str,
    max_age_minutes: int | None,
    values: dict[str, Any],
) -> WriteIntent:
    with session_factory() as session:
        intent = session.get(WriteIntent, intent_id)
        if intent is None:
            raise DraftRefused("not_found")
        if (intent.team_id, intent.slack_user_id) != (team_id, user_id):
            raise DraftRefused("other_user")
        if intent.status != AWAITING:
            raise DraftRefused("cancelled" if intent.status == CANCELLED else "confirmed", intent)
        created = as_utc(intent.created_at)
        if max_age_minutes is not None and (
            created is None or utcnow() - created > timedelta(minutes=max_age_minutes)
        ):
            raise DraftRefused("expired")
        changed = changed_rows(
            session,
            update(WriteIntent)
            .where(WriteIntent.id == intent_id, WriteIntent.status == AWAITING)
            .values(**values),
        )
        session.commit()
        intent = session.get(WriteIntent, intent_id, populate_existing=True)
    assert intent is not None
    if changed != 1:  # another click won the race
        raise DraftRefused("cancelled" if intent.status == CANCELLED else "confirmed", intent)
    return intent
