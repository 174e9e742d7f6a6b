"""Notes, activities and contact roles through the write worker, against the Salesforce emulator."""

from __future__ import annotations

import base64
import uuid

import pytest

from bot.salesforce.mrkdwn_html import to_html
from bot.salesforce.notes import CLASSIC, ENHANCED, note_kind, note_payload
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

REP = "rep@demo.example"


@pytest.fixture
def rep_sf(emu: Emulator):  # type: ignore[no-untyped-def]
    return salesforce_as(emu, REP)


@pytest.fixture
def worker(session_factory, rep_sf) -> WriteWorker:  # type: ignore[no-untyped-def]
    return WriteWorker(
        session_factory, salesforce_for=lambda intent: rep_sf, registry=OPERATIONS,
        retry_delays=(0.05,),
    )  # fmt: skip


def _named(emu: Emulator, sobject: str, name: str) -> str:
    return next(r["Id"] for r in emu.records(sobject) if r.get("Name") == name)


def _run(session_factory, emu, worker, operation: str, sobject: str, payload: dict):  # type: ignore[no-untyped-def]
    intent, _ = submit_intent(
        session_factory,
        idempotency_key=uuid.uuid4().hex,
        team_id="T1",
        user_id="U1",
        operation=operation,
        sobject=sobject,
        payload=payload,
        sf_user_id=emu.user_id(REP),
    )
    worker.run_once()
    return get_intent(session_factory, intent.id)


def _links(emu: Emulator, note_id: str) -> set[str]:
    return {
        r["LinkedEntityId"]
        for r in emu.records("ContentDocumentLink")
        if r["ContentDocumentId"] == note_id and not r.get("IsDeleted")
    }


def test_a_note_links_every_record_in_one_request(session_factory, emu, worker) -> None:
    acme = _named(emu, "Account", "Acme Corporation")
    renewal = _named(emu, "Opportunity", "Acme renewal 2026")
    payload = note_payload(
        title="Met the CFO",
        body_html=to_html("Budget *approved* &amp; <b>signed</b> &lt;soon&gt;"),
        body_text="",
        record_ids=[acme, renewal],
        kind=ENHANCED,
    )
    before = len(emu.requests())
    done = _run(session_factory, emu, worker, "note", "ContentNote", payload)
    assert done.status == SUCCEEDED, done.error
    assert [(r["method"], r["path"]) for r in emu.requests()[before:]] == [
        ("POST", "/services/data/v59.0/composite")
    ]
    note = emu.record(done.record_id)
    assert note["Title"] == "Met the CFO"
    body = base64.b64decode(note["Content"]).decode()
    assert body == "<p>Budget <b>approved</b> &amp; &lt;b&gt;signed&lt;/b&gt; &lt;soon&gt;</p>"
    assert _links(emu, done.record_id) == {acme, renewal}


def test_a_failing_link_leaves_no_note(session_factory, emu, worker, rep_sf) -> None:
    acme = _named(emu, "Account", "Acme Corporation")
    gone = rep_sf.Account.create({"Name": "Short-lived"})["id"]
    rep_sf.Account.delete(gone)
    notes_before = len(emu.records("ContentNote"))
    payload = note_payload(title="Orphan?", body_html="<p>x</p>", body_text="x",
                           record_ids=[acme, gone], kind=ENHANCED)  # fmt: skip
    done = _run(session_factory, emu, worker, "note", "ContentNote", payload)
    assert done.status == FAILED
    assert done.error["errors"][0]["errorCode"] != "PROCESSING_HALTED"
    assert len(emu.records("ContentNote")) == notes_before
    assert not [r for r in emu.records("ContentDocumentLink") if r["LinkedEntityId"] == acme]


def test_undo_deletes_the_note_and_its_links(session_factory, emu, worker) -> None:
    acme = _named(emu, "Account", "Acme Corporation")
    payload = note_payload(title="Undo me", body_html="<p>x</p>", body_text="x",
                           record_ids=[acme], kind=ENHANCED)  # fmt: skip
    done = _run(session_factory, emu, worker, "note", "ContentNote", payload)
    undo, _ = submit_undo(session_factory, intent_id=done.id, team_id="T1", user_id="U1",
                          undo_minutes=15)  # fmt: skip
    worker.run_once()
    assert get_intent(session_factory, undo.id).status == SUCCEEDED
    assert get_intent(session_factory, done.id).status == UNDONE
    assert emu.record(done.record_id) is None or emu.record(done.record_id).get("IsDeleted")
    assert _links(emu, done.record_id) == set()


def test_note_kind_from_the_global_describe(rep_sf) -> None:
    assert note_kind(rep_sf.describe()) == ENHANCED
    assert note_kind({"sobjects": [{"name": "Note", "createable": True}]}) == CLASSIC
    assert note_kind({"sobjects": []}) is None
