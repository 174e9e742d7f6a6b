"""The write path against the Salesforce emulator: creates, updates, deletes, Undo, crashes.

Counts Salesforce calls with ``emu.requests()`` (the emulator's log of API requests).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest

from bot.writes import (
    FAILED,
    OPERATIONS,
    SUCCEEDED,
    UNDONE,
    WriteWorker,
    get_intent,
    submit_intent,
    submit_undo,
)
from devkit.salesforce import Emulator
from tests.integration.conftest import salesforce_as

REPO = Path(__file__).resolve().parents[2]
REP = "rep@demo.example"


@pytest.fixture
def rep_sf(emu: Emulator):  # type: ignore[no-untyped-def]
    return salesforce_as(emu, REP)


@pytest.fixture
def worker(session_factory, rep_sf) -> WriteWorker:  # type: ignore[no-untyped-def]
    return WriteWorker(
        session_factory,
        salesforce_for=lambda intent: rep_sf,
        registry=OPERATIONS,
        retry_delays=(0.05, 0.05),
    )


def _intent(session_factory, emu: Emulator, operation: str, sobject: str, **kw):  # type: ignore[no-untyped-def]
    return submit_intent(
        session_factory,
        idempotency_key=kw.pop("key", uuid.uuid4().hex),
        team_id="T1",
        user_id="U1",
        operation=operation,
        sobject=sobject,
        sf_user_id=emu.user_id(REP),
        **kw,
    )


def _api_calls(emu: Emulator, since: int = 0) -> list[tuple[str, str]]:
    return [(r["method"], r["path"]) for r in emu.requests()[since:]]


def _accounts_named(emu: Emulator, name: str) -> list[dict]:
    return [r for r in emu.records("Account") if r.get("Name") == name]


def test_a_create_is_one_salesforce_call(session_factory, emu: Emulator, worker) -> None:
    intent, _ = _intent(
        session_factory, emu, "create", "Account", payload={"fields": {"Name": "Initrode"}}
    )
    before = len(emu.requests())
    worker.run_once()
    done = get_intent(session_factory, intent.id)
    assert done.status == SUCCEEDED, done.error
    assert _api_calls(emu, before) == [("POST", "/services/data/v59.0/sobjects/Account/")]
    created = emu.record(done.record_id)
    assert created is not None and created["Name"] == "Initrode"
    assert done.result == {"record_id": created["Id"], "sobject": "Account"}


def test_twenty_concurrent_submits_create_one_record(
    session_factory, emu: Emulator, worker
) -> None:
    barrier = threading.Barrier(20)
    ids: list[int] = []

    def submit() -> None:
        barrier.wait()
        intent, _ = _intent(
            session_factory,
            emu,
            "create",
            "Account",
            key="trigger-123",
            payload={"fields": {"Name": "Vandelay Industries"}},
        )
        ids.append(intent.id)

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    worker.start()
    try:
        done = worker.wait_for_result(ids[0], timeout=10)
    finally:
        worker.stop()
    assert len(set(ids)) == 1
    assert done is not None and done.status == SUCCEEDED
    assert len(_accounts_named(emu, "Vandelay Industries")) == 1
    posts = [call for call in _api_calls(emu) if call[0] == "POST"]
    assert posts == [("POST", "/services/data/v59.0/sobjects/Account/")]


def test_a_rejected_create_stores_salesforce_error(session_factory, emu, worker) -> None:
    intent, _ = _intent(
        session_factory, emu, "create", "Opportunity", payload={"fields": {"Name": "No stage"}}
    )
    worker.run_once()
    failed = get_intent(session_factory, intent.id)
    assert failed.status == FAILED
    assert failed.error["kind"] == "salesforce"
    assert failed.error["status"] == 400
    [error] = failed.error["errors"]
    assert error["errorCode"] == "REQUIRED_FIELD_MISSING"
    assert set(error["fields"]) == {"StageName", "CloseDate"}


def test_a_connection_dropped_after_commit_does_not_create_twice(
    session_factory, emu: Emulator, worker
) -> None:
    emu.set_faults(drop_after_commit=1)
    intent, _ = _intent(
        session_factory,
        emu,
        "create",
        "Account",
        payload={"fields": {"Name": "Kramerica", "AnnualRevenue": 50000, "Website": "k.example"}},
    )
    worker.run_once()
    done = get_intent(session_factory, intent.id)
    assert done.status == SUCCEEDED, done.error
    [record] = _accounts_named(emu, "Kramerica")
    assert done.record_id == record["Id"]
    methods = [method for method, _ in _api_calls(emu)]
    assert methods == ["POST", "GET"], "one create, then one query that found it"


@pytest.mark.parametrize("point", ["after_claim", "after_execute"])
def test_a_worker_killed_mid_create_creates_exactly_one_record_after_restart(
    session_factory, database_url: str, emu: Emulator, worker, point: str
) -> None:
    intent, _ = _intent(
        session_factory,
        emu,
        "create",
        "Account",
        payload={"fields": {"Name": "Pendant Publishing"}},
    )
    token, instance_url = emu.token_for(REP)
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.integration.crash_worker",
            database_url,
            point,
            "salesforce",
            instance_url,
            emu.ca_file,
            token,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 17, child.stderr
    landed_before_restart = len(_accounts_named(emu, "Pendant Publishing"))
    assert landed_before_restart == (0 if point == "after_claim" else 1)

    # The restarted process releases the dead process's claim at once (same host, pid gone).
    assert worker.recover() == 1
    assert worker.run_once()
    done = get_intent(session_factory, intent.id)
    assert done.status == SUCCEEDED, done.error
    [record] = _accounts_named(emu, "Pendant Publishing")
    assert done.record_id == record["Id"]
    posts = [call for call in _api_calls(emu) if call[0] == "POST"]
    assert len(posts) == 1


def test_undo_of_a_create_deletes_the_record(session_factory, emu, worker) -> None:
    intent, _ = _intent(
        session_factory, emu, "create", "Account", payload={"fields": {"Name": "Undo Me"}}
    )
    worker.run_once()
    created = get_intent(session_factory, intent.id)
    undo, _ = submit_undo(
        session_factory, intent_id=intent.id, team_id="T1", user_id="U1", undo_minutes=15
    )
    worker.run_once()
    assert get_intent(session_factory, undo.id).status == SUCCEEDED
    assert get_intent(session_factory, intent.id).status == UNDONE
    assert emu.record(created.record_id)["IsDeleted"] is True


def test_an_update_keeps_before_values_and_undo_restores_them(
    session_factory, emu: Emulator, worker
) -> None:
    [acme] = _accounts_named(emu, "Acme Corporation")
    old_phone, old_website = acme.get("Phone"), acme.get("Website")
    intent, _ = _intent(
        session_factory,
        emu,
        "update",
        "Account",
        record_id=acme["Id"],
        payload={"fields": {"Phone": "555-0199", "Website": "acme.example/new"}},
    )
    worker.run_once()
    updated = get_intent(session_factory, intent.id)
    assert updated.status == SUCCEEDED, updated.error
    assert updated.before_values == {"fields": {"Phone": old_phone, "Website": old_website}}
    assert emu.record(acme["Id"])["Phone"] == "555-0199"

    undo, _ = submit_undo(
        session_factory, intent_id=intent.id, team_id="T1", user_id="U1", undo_minutes=15
    )
    worker.run_once()
    assert get_intent(session_factory, undo.id).status == SUCCEEDED
    restored = emu.record(acme["Id"])
    assert (restored.get("Phone"), restored.get("Website")) == (old_phone, old_website)


def test_a_delete_keeps_a_snapshot_and_undo_undeletes(session_factory, emu, worker) -> None:
    intent, _ = _intent(
        session_factory, emu, "create", "Account", payload={"fields": {"Name": "Short Lived"}}
    )
    worker.run_once()
    record_id = get_intent(session_factory, intent.id).record_id
    deletion, _ = _intent(session_factory, emu, "delete", "Account", record_id=record_id)
    worker.run_once()
    deleted = get_intent(session_factory, deletion.id)
    assert deleted.status == SUCCEEDED, deleted.error
    assert deleted.before_values["snapshot"]["Name"] == "Short Lived"
    assert emu.record(record_id)["IsDeleted"] is True

    undo, _ = submit_undo(
        session_factory, intent_id=deletion.id, team_id="T1", user_id="U1", undo_minutes=15
    )
    before = len(emu.requests())
    worker.run_once()
    undone = get_intent(session_factory, undo.id)
    assert undone.status == SUCCEEDED, undone.error
    assert emu.record(record_id)["IsDeleted"] is False
    assert _api_calls(emu, before) == [("POST", "/services/Soap/u/59.0")]


def test_undelete_of_a_live_record_is_a_clear_salesforce_error(
    session_factory, emu: Emulator, worker
) -> None:
    [acme] = _accounts_named(emu, "Acme Corporation")
    intent, _ = _intent(session_factory, emu, "undelete", "Account", record_id=acme["Id"])
    worker.run_once()
    failed = get_intent(session_factory, intent.id)
    assert failed.status == FAILED
    assert failed.error["errors"][0]["errorCode"] == "UNDELETE_FAILED"


def test_a_landed_check_that_cannot_read_the_fields_back_refuses_to_guess(
    emu: Emulator, rep_sf
) -> None:
    from datetime import UTC, datetime

    from bot.salesforce.records import UncertainWrite, create_record, find_created_record

    rep = emu.user_id(REP)
    since = datetime.now(UTC)
    unreadable = {"Name": "Ghost", "Not_A_Field__c": "x"}
    assert find_created_record(rep_sf, "Account", unreadable, since=since, created_by=rep) is None
    create_record(rep_sf, "Account", {"Name": "Ghost"})
    with pytest.raises(UncertainWrite):
        find_created_record(rep_sf, "Account", unreadable, since=since, created_by=rep)
    found = find_created_record(rep_sf, "Account", {"Name": "Ghost"}, since=since, created_by=rep)
    assert found == _accounts_named(emu, "Ghost")[0]["Id"]


def test_undelete_with_an_expired_session_waits_for_a_reconnect(
    session_factory, emu: Emulator, worker
) -> None:
    intent, _ = _intent(
        session_factory, emu, "create", "Account", payload={"fields": {"Name": "Expiring"}}
    )
    worker.run_once()
    record_id = get_intent(session_factory, intent.id).record_id
    deletion, _ = _intent(session_factory, emu, "delete", "Account", record_id=record_id)
    worker.run_once()
    emu.expire_tokens()  # this plain client cannot refresh
    undo, _ = submit_undo(
        session_factory, intent_id=deletion.id, team_id="T1", user_id="U1", undo_minutes=15
    )
    before = len(emu.requests())
    worker.run_once()
    waiting = get_intent(session_factory, undo.id)
    assert waiting.status == "needs_connection"
    calls = [(r["method"], r["status"]) for r in emu.requests()[before:]]
    assert calls == [("POST", 500), ("GET", 401)], "SOAP fault, then the REST call that refreshes"
    assert emu.record(record_id)["IsDeleted"] is True
