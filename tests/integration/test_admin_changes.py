"""Admin changes on the write path: drafts wait for Confirm, collections write 200 at a time,
each failure is reported, and Undo restores the checkpointed before-values."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from bot.salesforce.admin.changes import ADMIN_UPDATE
from bot.salesforce.admin.operations import register_admin_operations
from bot.store.models import WriteIntent
from bot.writes import SUCCEEDED, UNDONE, OperationRegistry, WriteWorker, get_intent, submit_undo
from bot.writes.drafts import AWAITING, DraftRefused, cancel_draft, confirm_draft, submit_draft
from bot.writes.intents import utcnow
from tests.integration.conftest import salesforce_as

TEAM, USER = "T1", "U1"


def _draft(session_factory, records, key: str = "k") -> WriteIntent:  # type: ignore[no-untyped-def]
    intent, created = submit_draft(
        session_factory,
        idempotency_key=key,
        team_id=TEAM,
        user_id=USER,
        operation=ADMIN_UPDATE,
        sobject="Lead",
        payload={"records": records, "display": {"kind": "admin"}},
    )
    assert created
    return intent


def _worker(session_factory, sf) -> WriteWorker:  # type: ignore[no-untyped-def]
    registry = OperationRegistry()
    register_admin_operations(registry)
    return WriteWorker(session_factory, salesforce_for=lambda intent: sf, registry=registry)


def test_a_draft_runs_only_once_confirmed_and_only_once(session_factory) -> None:
    intent = _draft(session_factory, [])
    worker = _worker(session_factory, sf=None)
    assert worker.run_once() is False  # the worker leaves drafts alone
    confirm = dict(intent_id=intent.id, team_id=TEAM, user_id=USER, max_age_minutes=15)
    assert confirm_draft(session_factory, **confirm).status == "pending"
    with pytest.raises(DraftRefused) as again:
        confirm_draft(session_factory, **confirm)
    assert again.value.reason == "confirmed" and again.value.intent is not None


def test_cancelled_foreign_and_stale_drafts_are_refused(session_factory) -> None:
    first = _draft(session_factory, [], key="a")
    with pytest.raises(DraftRefused) as foreign:
        confirm_draft(
            session_factory, intent_id=first.id, team_id=TEAM, user_id="U2", max_age_minutes=15
        )
    assert foreign.value.reason == "other_user"
    cancel_draft(session_factory, intent_id=first.id, team_id=TEAM, user_id=USER)
    with pytest.raises(DraftRefused) as cancelled:
        confirm_draft(
            session_factory, intent_id=first.id, team_id=TEAM, user_id=USER, max_age_minutes=15
        )
    assert cancelled.value.reason == "cancelled"
    stale = _draft(session_factory, [], key="b")
    with session_factory() as session:
        session.execute(
            update(WriteIntent)
            .where(WriteIntent.id == stale.id)
            .values(created_at=utcnow() - timedelta(minutes=20))
        )
        session.commit()
    with pytest.raises(DraftRefused) as expired:
        confirm_draft(
            session_factory, intent_id=stale.id, team_id=TEAM, user_id=USER, max_age_minutes=15
        )
    assert expired.value.reason == "expired"
    assert get_intent(session_factory, stale.id).status == AWAITING


def test_collections_of_200_each_failure_reported_and_undo_restores(session_factory, emu) -> None:
    sf = salesforce_as(emu, "admin@demo.example")
    rep, sam = emu.user_id("rep@demo.example"), emu.user_id("sam@demo.example")
    body = {
        "allOrNone": True,
        "records": [
            {"attributes": {"type": "Lead"}, "LastName": f"Bulk {n}", "Company": "Bulk Co",
             "OwnerId": rep}
            for n in range(199)
        ],
    }  # fmt: skip
    created = sf.restful("composite/sobjects", method="POST", json=body)
    created += sf.restful("composite/sobjects", method="POST", json={**body, "records": body["records"][:31]})  # fmt: skip  # noqa: E501
    lead_ids = [row["id"] for row in created]
    assert len(lead_ids) == 230
    records = [
        {"sobject": "Lead", "id": lead_id, "name": f"Lead {n}", "fields": {"OwnerId": sam}}
        for n, lead_id in enumerate(lead_ids)
    ]
    records[5]["fields"] = {"OwnerId": "005000000000000AAA"}  # no such user: fails alone
    intent = _draft(session_factory, records)
    confirm_draft(session_factory, intent_id=intent.id, team_id=TEAM, user_id=USER, max_age_minutes=15)  # fmt: skip  # noqa: E501
    worker = _worker(session_factory, sf)
    before = len(emu.requests())
    assert worker.run_once()
    done = get_intent(session_factory, intent.id)
    assert done.status == SUCCEEDED, done.error
    assert done.result["updated"] == 229 and done.result["total"] == 230
    assert [f["name"] for f in done.result["failed"]] == ["Lead 5"]
    assert done.result["failed"][0]["errors"]
    patches = [r for r in emu.requests()[before:] if r["method"] == "PATCH"]
    assert len(patches) == 2  # 200 + 30
    owners = {r["Id"]: r["OwnerId"] for r in emu.records("Lead") if r["Id"] in lead_ids}
    assert sum(owner == sam for owner in owners.values()) == 229
    assert set(done.before_values["records"]) == set(lead_ids)

    undo, _ = submit_undo(
        session_factory, intent_id=intent.id, team_id=TEAM, user_id=USER, undo_minutes=15
    )
    assert worker.run_once()
    assert get_intent(session_factory, undo.id).status == SUCCEEDED
    assert get_intent(session_factory, intent.id).status == UNDONE
    owners = {r["Id"]: r["OwnerId"] for r in emu.records("Lead") if r["Id"] in lead_ids}
    assert set(owners.values()) == {rep}
