"""The SQL every command runs on `write_intents` (store, claim, finish), built once.

Core statements on the table: the ORM's per-call compile work cost as much as the round trip,
and a statement object reused keeps its cache key, so SQLAlchemy finds its compiled form at
once. `bot.writes.intents` runs them.
"""

from __future__ import annotations

from functools import cache
from typing import Any, cast

from sqlalchemy import Table, Update, and_, bindparam, func, insert, or_, select, update

from bot.store.models import WriteIntent
from bot.writes.statuses import PENDING, RUNNING, SUCCEEDED, UNDONE

TABLE = cast(Table, WriteIntent.__table__)
COLUMNS = TABLE.c
# The columns a submit sets (the others take their defaults), bound by name: as a CTE on
# PostgreSQL (`bot.writes.wakeup.insert_and_notify`) an insert gets no parameters from the
# column names.
SUBMITTED = (
    "idempotency_key", "enterprise_id", "team_id", "slack_user_id", "connection_id", "org_id",
    "sf_user_id", "operation", "sobject", "record_id", "payload", "status", "attempts",
    "channel_id", "response_url", "view_id", "undo_of_id",
)  # fmt: skip
INSERT = (
    insert(TABLE)
    .values({name: bindparam(f"new_{name}", type_=COLUMNS[name].type) for name in SUBMITTED})
    .returning(*COLUMNS)
)
BY_KEY = select(TABLE).where(COLUMNS.idempotency_key == bindparam("key"))
STILL_CLAIMED = and_(
    COLUMNS.id == bindparam("intent_id"),
    COLUMNS.status == RUNNING,
    COLUMNS.claimed_by == bindparam("held_by"),
    COLUMNS.attempts == bindparam("held_attempts"),
)
# completed_at and record_id keep their stored value when the outcome brings none.
FINISH = (
    update(TABLE)
    .where(STILL_CLAIMED)
    .values(
        status=bindparam("new_status"),
        result=bindparam("new_result", type_=COLUMNS.result.type),
        error=bindparam("new_error", type_=COLUMNS.error.type),
        completed_at=func.coalesce(
            bindparam("new_completed_at", type_=COLUMNS.completed_at.type), COLUMNS.completed_at
        ),
        record_id=func.coalesce(
            bindparam("new_record_id", type_=COLUMNS.record_id.type), COLUMNS.record_id
        ),
        updated_at=bindparam("now", type_=COLUMNS.updated_at.type),
    )
    # What another process may have changed while the write ran: a modal's submission hands
    # its result over by setting view_id. The rest of the row is what the claim read, plus
    # what this statement set.
    .returning(COLUMNS.view_id)
)
MARK_UNDONE = (
    update(TABLE)
    .where(COLUMNS.id == bindparam("undone_id"), COLUMNS.status == SUCCEEDED)
    .values(status=UNDONE, updated_at=bindparam("now", type_=COLUMNS.updated_at.type))
)


def intent_from(row: Any) -> WriteIntent:
    """A detached `WriteIntent` holding a row read with a Core statement."""
    values = row._mapping
    return WriteIntent(**{name: values[name] for name in COLUMNS.keys()})


@cache
def claim_statement(dialect_name: str) -> Update:
    """The claim of `bot.writes.intents.claim_batch` for one database dialect, built once."""
    runnable = or_(
        COLUMNS.status == PENDING,
        and_(
            COLUMNS.status == RUNNING,
            COLUMNS.claimed_at < bindparam("stale_before", type_=COLUMNS.claimed_at.type),
        ),
    )
    oldest = select(COLUMNS.id).where(runnable).order_by(COLUMNS.id).limit(bindparam("limit"))
    if dialect_name == "postgresql":
        oldest = oldest.with_for_update(skip_locked=True)
    # Materialized: inlined as `IN (subquery)`, PostgreSQL may run the select more than once
    # per statement, and with SKIP LOCKED each run returns other rows (all of them claimed).
    chosen = oldest.cte("chosen").prefix_with("MATERIALIZED")
    return (
        update(TABLE)
        .where(COLUMNS.id.in_(select(chosen.c.id)), runnable)
        .values(
            status=RUNNING,
            claimed_by=bindparam("worker_id"),
            claimed_at=bindparam("now", type_=COLUMNS.claimed_at.type),
            attempts=COLUMNS.attempts + 1,
        )
        .returning(*COLUMNS)
    )
