"""Who may undo what, and for how long (the Salesforce side is in test_writes_records.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.store.models import WriteIntent
from bot.writes import (
    SUCCEEDED,
    UNDONE,
    OperationRegistry,
    UndoRefused,
    WriteContext,
    WriteWorker,
    get_intent,
    submit_intent,
    submit_undo,
)
from bot.writes.intents import utcnow


@pytest.fixture
def worker(session_factory) -> WriteWorker:  # type: ignore[no-untyped-def]
    def execute(ctx: WriteContext) -> dict[str, str]:
        if ctx.intent.operation == "update":
            ctx.checkpoint({"fields": {"StageName": "Prospecting"}})
        return {"record_id": ctx.intent.record_id or "006000000000001AAA"}

    registry = OperationRegistry()
    for name in ("create", "update", "delete", "undelete", "note"):
        registry.register(name, execute)
    return WriteWorker(session_factory, salesforce_for=lambda intent: None, registry=registry)


def _done(session_factory, worker, operation: str, key: str = "k") -> WriteIntent:  # type: ignore[no-untyped-def]
    intent, _ = submit_intent(
        session_factory,
        idempotency_key=key,
        team_id="T1",
        user_id="U1",
        operation=operation,
        sobject="Opportunity",
        record_id=None if operation == "create" else "006000000000009AAA",
        payload={"fields": {"StageName": "Closed Won"}},
    )
    worker.run_once()
    finished = get_intent(session_factory, intent.id)
    assert finished.status == SUCCEEDED
    return finished


@pytest.mark.parametrize(
    ("operation", "undo_operation", "payload"),
    [
        ("create", "delete", {}),
        ("update", "update", {"fields": {"StageName": "Prospecting"}}),
        ("delete", "undelete", {"snapshot": None}),
    ],
)
def test_undo_is_an_intent_reversing_the_write(
    session_factory, worker, operation: str, undo_operation: str, payload: dict
) -> None:
    original = _done(session_factory, worker, operation)
    undo, created = submit_undo(
        session_factory, intent_id=original.id, team_id="T1", user_id="U1", undo_minutes=15
    )
    assert created
    assert (undo.operation, undo.record_id, undo.payload) == (
        undo_operation,
        original.record_id,
        payload,
    )
    again, created_again = submit_undo(
        session_factory, intent_id=original.id, team_id="T1", user_id="U1", undo_minutes=15
    )
    assert (again.id, created_again) == (undo.id, False), "a double click undoes once"

    worker.run_once()
    assert get_intent(session_factory, undo.id).status == SUCCEEDED
    assert get_intent(session_factory, original.id).status == UNDONE
    third, created_third = submit_undo(
        session_factory, intent_id=original.id, team_id="T1", user_id="U1", undo_minutes=15
    )
    assert (third.id, created_third) == (undo.id, False)


def test_only_the_same_user_can_undo(session_factory, worker) -> None:
    original = _done(session_factory, worker, "create")
    for team, user in (("T1", "U2"), ("T2", "U1")):
        with pytest.raises(UndoRefused) as refused:
            submit_undo(
                session_factory, intent_id=original.id, team_id=team, user_id=user, undo_minutes=15
            )
        assert refused.value.reason == "other_user"


def test_undo_expires(session_factory, worker) -> None:
    original = _done(session_factory, worker, "create")
    with session_factory() as session:
        session.execute(
            update(WriteIntent)
            .where(WriteIntent.id == original.id)
            .values(completed_at=utcnow() - timedelta(minutes=16))
        )
        session.commit()
    with pytest.raises(UndoRefused) as refused:
        submit_undo(
            session_factory, intent_id=original.id, team_id="T1", user_id="U1", undo_minutes=15
        )
    assert refused.value.reason == "expired"
    undo, _ = submit_undo(
        session_factory, intent_id=original.id, team_id="T1", user_id="U1", undo_minutes=20
    )
    assert undo.operation == "delete"


def test_what_cannot_be_undone(session_factory, worker) -> None:
    note = _done(session_factory, worker, "note", key="n")
    pending, _ = submit_intent(
        session_factory,
        idempotency_key="p",
        team_id="T1",
        user_id="U1",
        operation="create",
        sobject="Account",
    )
    cases = {note.id: "not_undoable", pending.id: "not_succeeded", 999_999: "not_found"}
    for intent_id, reason in cases.items():
        with pytest.raises(UndoRefused) as refused:
            submit_undo(
                session_factory, intent_id=intent_id, team_id="T1", user_id="U1", undo_minutes=15
            )
        assert refused.value.reason == reason

    worker.run_once()  # runs the pending create
    original = get_intent(session_factory, pending.id)
    undo, _ = submit_undo(
        session_factory, intent_id=original.id, team_id="T1", user_id="U1", undo_minutes=15
    )
    worker.run_once()
    with pytest.raises(UndoRefused) as refused:
        submit_undo(session_factory, intent_id=undo.id, team_id="T1", user_id="U1", undo_minutes=15)
    assert refused.value.reason == "not_undoable", "an undo is not itself undone"


def test_the_progress_notice_hook_runs_before_the_undo_is_stored_and_never_when_refused(
    session_factory, worker
) -> None:
    done = _done(session_factory, worker, "create")
    seen: list[bool] = []

    def before_store() -> None:  # the undo must not exist yet: it could already run and finish
        with session_factory() as session:
            stored = session.query(WriteIntent).filter_by(undo_of_id=done.id).count()
        seen.append(stored == 0)

    undo, created = submit_undo(
        session_factory, intent_id=done.id, team_id="T1", user_id="U1", undo_minutes=15,
        before_store=before_store,
    )  # fmt: skip
    assert created and seen == [True]
    with pytest.raises(UndoRefused):
        submit_undo(
            session_factory, intent_id=done.id, team_id="T1", user_id="U2", undo_minutes=15,
            before_store=before_store,
        )  # fmt: skip
    assert seen == [True]
