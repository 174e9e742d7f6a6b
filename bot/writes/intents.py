"""Write-intent rows: stored before Slack is acked, claimed by one worker, finished once.

Every Salesforce write goes through here (DESIGN.md "Writes: one path, durable and idempotent").
The idempotency key (trigger_id, view id, event_id…) is unique in the table, so a retried or
double-submitted request finds the first intent instead of writing again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.db import autocommit, changed_rows
from bot.store.models import WriteIntent
from bot.writes import intent_sql as sql
from bot.writes.statuses import (  # noqa: F401  the statuses are imported from here too
    FAILED,
    FINAL_STATUSES,
    NEEDS_CONNECTION,
    PENDING,
    RUNNING,
    SUCCEEDED,
    UNDONE,
)
from bot.writes.wakeup import insert_and_notify

logger = logging.getLogger(__name__)

SessionFactory = Callable[[], Session]


class IdempotencyConflict(Exception):
    """The key is already used by another Slack user's intent (never reuse keys across users)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def submit_intent(
    session_factory: SessionFactory,
    *,
    idempotency_key: str,
    team_id: str,
    user_id: str,
    operation: str,
    sobject: str,
    payload: dict[str, Any] | None = None,
    record_id: str | None = None,
    enterprise_id: str | None = None,
    connection_id: int | None = None,
    org_id: str | None = None,
    sf_user_id: str | None = None,
    channel_id: str | None = None,
    response_url: str | None = None,
    view_id: str | None = None,
    undo_of_id: int | None = None,
) -> tuple[WriteIntent, bool]:
    """Store a write intent, or find the one already stored under this idempotency key.

    Safe under concurrent submits of one key, on SQLite and PostgreSQL: the unique constraint
    decides the winner and the losers read the winner's row.

    Args:
        session_factory: Makes sessions on the bot's database.
        idempotency_key: Unique per user action (Slack trigger_id, view id, event_id…).
        team_id: Slack team of the user.
        user_id: Slack user who asked for the write.
        operation: Name of a registered operation (create, update, delete, undelete, note…).
        sobject: Salesforce object API name.
        payload: Operation input, e.g. ``{"fields": {...}}`` for create and update.
        record_id: The record an update/delete/undelete targets.
        enterprise_id: Slack Enterprise Grid id, if any.
        connection_id: The user's Salesforce connection that will execute the write.
        org_id: Salesforce org id.
        sf_user_id: Salesforce user id (lets a resumed create find a record that already landed).
        channel_id: Where the command came from.
        response_url: Slack response_url to report the result to.
        view_id: Slack modal to update with the result.
        undo_of_id: The intent this one undoes.

    Returns:
        ``(intent, created)``: ``created`` is False when the key was already used.

    Raises:
        IdempotencyConflict: The key belongs to another Slack user's intent.
    """
    values = {
        "new_idempotency_key": idempotency_key,
        "new_enterprise_id": enterprise_id,
        "new_team_id": team_id,
        "new_slack_user_id": user_id,
        "new_connection_id": connection_id,
        "new_org_id": org_id,
        "new_sf_user_id": sf_user_id,
        "new_operation": operation,
        "new_sobject": sobject,
        "new_record_id": record_id,
        "new_payload": payload or {},
        "new_status": PENDING,
        "new_attempts": 0,
        "new_channel_id": channel_id,
        "new_response_url": response_url,
        "new_view_id": view_id,
        "new_undo_of_id": undo_of_id,
    }
    with autocommit(session_factory) as connection:
        # Insert first: a key is almost always new, and the unique constraint catches repeats.
        try:
            # On PostgreSQL the same statement tells the write processes (`bot.writes.wakeup`).
            stored = connection.execute(insert_and_notify(connection, sql.INSERT), values).one()
        except IntegrityError:
            connection.rollback()
            stored = None
        if stored is not None:
            return sql.intent_from(stored), True
        found = connection.execute(sql.BY_KEY, {"key": idempotency_key}).first()
        if found is None:  # the conflict was not on the key: let it surface
            connection.execute(sql.INSERT, values)
    existing = sql.intent_from(found)
    if existing.team_id != team_id or existing.slack_user_id != user_id:
        raise IdempotencyConflict(f"idempotency key {idempotency_key!r} belongs to another user")
    return existing, False


def get_intent(session_factory: SessionFactory, intent_id: int) -> WriteIntent | None:
    """The intent row with this id, detached from its session."""
    with session_factory() as session:
        return session.get(WriteIntent, intent_id)


def claim_next(
    session_factory: SessionFactory, *, worker_id: str, stale_after: float
) -> WriteIntent | None:
    """Claim the oldest runnable intent for ``worker_id``, or return None (see `claim_batch`)."""
    claimed = claim_batch(session_factory, worker_id=worker_id, stale_after=stale_after, limit=1)
    return claimed[0] if claimed else None


def claim_batch(
    session_factory: SessionFactory, *, worker_id: str, stale_after: float, limit: int
) -> list[WriteIntent]:
    """Claim up to ``limit`` of the oldest runnable intents for ``worker_id``, oldest first.

    Runnable: ``pending``, or ``running`` with a claim older than ``stale_after`` seconds (its
    worker died). The claim bumps ``attempts``, which doubles as the claim's version: a worker
    may only finish an intent while ``attempts`` still holds the value its claim set.
    One ``WITH chosen AS (oldest runnable) UPDATE … RETURNING``: on PostgreSQL the chosen rows
    are taken ``FOR UPDATE SKIP LOCKED``, so concurrent claimers never wait on each other
    nor share a row; SQLite has a single writer, and a claimer whose snapshot went stale under
    another's commit gets "database is locked" instead of a row (the caller retries).
    """
    now = utcnow()
    with autocommit(session_factory) as connection:  # one statement: it commits alone
        claim = sql.claim_statement(connection.dialect.name)
        parameters = {
            "worker_id": worker_id,
            "now": now,
            "stale_before": now - timedelta(seconds=stale_after),
            "limit": limit,
        }
        claimed = [sql.intent_from(row) for row in connection.execute(claim, parameters)]
    return sorted(claimed, key=lambda intent: intent.id)


def save_checkpoint(
    session_factory: SessionFactory, intent: WriteIntent, before_values: dict[str, Any]
) -> bool:
    """Persist before-values (or a delete snapshot) before the write reaches Salesforce.

    Stored first so that a worker resuming this intent after a crash restores the values seen
    *before* the write, not the ones the lost attempt may already have written.

    Returns:
        False when the claim was lost to another worker (the caller must stop).
    """
    with session_factory() as session:
        changed = changed_rows(
            session,
            update(WriteIntent)
            .where(_still_claimed(intent))
            .values(before_values=before_values, claimed_at=utcnow()),
        )
        session.commit()
    if changed == 1:
        intent.before_values = before_values
    return changed == 1


def heartbeat(session_factory: SessionFactory, intent: WriteIntent) -> bool:
    """Refresh the claim so slow retries are not mistaken for a dead worker."""
    with session_factory() as session:
        changed = changed_rows(
            session, update(WriteIntent).where(_still_claimed(intent)).values(claimed_at=utcnow())
        )
        session.commit()
    return changed == 1


def finish_intent(
    session_factory: SessionFactory,
    intent: WriteIntent,
    *,
    status: str,
    result: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
) -> WriteIntent | None:
    """Record the outcome of a claimed intent; None if the claim was lost meanwhile.

    A successful undo also marks the intent it undid as ``undone`` (same transaction).
    """
    now = utcnow()
    record_id = result.get("record_id") if result else None
    parameters = {
        **_claim_of(intent),
        "new_status": status,
        "new_result": result,
        "new_error": error,
        "new_completed_at": now if status in FINAL_STATUSES else None,
        "new_record_id": record_id or None,
        "now": now,
    }
    if status == SUCCEEDED and intent.undo_of_id is not None:
        with session_factory() as session:  # the undo and the undone commit together
            stored = session.execute(sql.FINISH, parameters).first()
            if stored is not None:
                session.execute(sql.MARK_UNDONE, {"undone_id": intent.undo_of_id, "now": now})
            session.commit()
    else:
        with autocommit(session_factory) as connection:
            stored = connection.execute(sql.FINISH, parameters).first()
    if stored is None:
        logger.warning("intent %s was reclaimed by another worker; result dropped", intent.id)
        return None
    intent.status, intent.result, intent.error = status, result, error  # now as stored
    intent.completed_at = parameters["new_completed_at"] or intent.completed_at
    intent.record_id = parameters["new_record_id"] or intent.record_id
    intent.updated_at = now
    intent.view_id = stored.view_id
    return intent


def running_claims(session_factory: SessionFactory, *, claimed_by_prefix: str) -> list[str]:
    """The distinct ``claimed_by`` of running intents whose worker id starts with the prefix."""
    with session_factory() as session:
        return list(
            session.scalars(
                select(WriteIntent.claimed_by)
                .where(
                    WriteIntent.status == RUNNING,
                    WriteIntent.claimed_by.startswith(claimed_by_prefix, autoescape=True),
                )
                .distinct()
            )
        )


def release_claims(session_factory: SessionFactory, worker_ids: list[str]) -> int:
    """Put intents claimed by dead workers back to pending, keeping their attempt count.

    The next claim then sees ``attempts > 1`` and checks whether the lost attempt landed.
    """
    if not worker_ids:
        return 0
    with session_factory() as session:
        released = changed_rows(
            session,
            update(WriteIntent)
            .where(WriteIntent.status == RUNNING, WriteIntent.claimed_by.in_(worker_ids))
            .values(status=PENDING),
        )
        session.commit()
    return released


def requeue_intent(session_factory: SessionFactory, intent_id: int) -> bool:
    """Put an intent that waited for a Salesforce connection back in the queue.

    Called after the user reconnects, so the write they asked for is not lost.
    """
    with session_factory() as session:
        changed = changed_rows(
            session,
            update(WriteIntent)
            .where(WriteIntent.id == intent_id, WriteIntent.status == NEEDS_CONNECTION)
            .values(status=PENDING, error=None, completed_at=None),
        )
        session.commit()
    return changed == 1


def _claim_of(intent: WriteIntent) -> dict[str, Any]:
    """The parameters of `intent_sql.STILL_CLAIMED` for the claim ``intent`` holds."""
    return {"intent_id": intent.id, "held_by": intent.claimed_by, "held_attempts": intent.attempts}


def _still_claimed(intent: WriteIntent) -> Any:
    columns = WriteIntent.__table__.c  # table columns keep Core statements off the ORM path
    return and_(
        columns.id == intent.id,
        columns.status == RUNNING,
        columns.claimed_by == intent.claimed_by,
        columns.attempts == intent.attempts,
    )
