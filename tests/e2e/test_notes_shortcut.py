"""The "Log as note" message shortcut: modal, record typeahead, multi-record notes, rollback."""

from __future__ import annotations

import base64

from bot.slack import ids, messages
from tests.fixtures.notes_app import ADA, REP, SAM, Connected

CHANNEL = "C0SALES001"


def _open(setup: Connected, text: str, **kw) -> dict:  # type: ignore[no-untyped-def]
    message = setup.slack.post_user_message(text, user=ADA, channel=CHANNEL, **kw)
    result = setup.slack.message_shortcut(
        ids.LOG_AS_NOTE_CALLBACK, message_ts=message["ts"], user=ADA, channel=CHANNEL
    )
    assert result.ok, result
    return setup.slack.wait_for(lambda: setup.slack.top_view(ADA), message="the note modal")


def _input(view: dict, block: str) -> dict:
    found = next(b for b in view["blocks"] if b.get("block_id") == block)
    return found["element"]


def _pick(setup: Connected, typed: str, names: list[str]) -> list[str]:
    result = setup.slack.block_suggestion(ids.NOTE_RECORDS_ACTION, typed, user=ADA)
    assert result is not None and not result.errors, result and result.errors
    options = [o for g in result.body["option_groups"] for o in g["options"]]
    return [o["value"] for o in options if o["text"]["text"] in names]


def _note_links(setup: Connected, note_id: str) -> set[str]:
    return {
        r["LinkedEntityId"]
        for r in setup.emu.records("ContentDocumentLink")
        if r["ContentDocumentId"] == note_id
    }


def test_modal_is_prefilled_from_the_message(connected: Connected) -> None:
    view = _open(connected, "*Call recap* with <@U0ROB00002>\nBudget &amp; timing agreed",
                 files=[{"id": "F1", "name": "quote.pdf"}])  # fmt: skip
    assert _input(view, ids.NOTE_TITLE_BLOCK)["initial_value"] == "Call recap with @Rob Reader"
    body = _input(view, ids.NOTE_BODY_BLOCK)["initial_value"]
    assert body.startswith("*Call recap* with @Rob Reader\nBudget & timing agreed")
    assert "quote.pdf" in body
    picker = _input(view, ids.NOTE_RECORDS_BLOCK)
    assert picker["type"] == "multi_external_select" and picker["min_query_length"] == 2
    assert _input(view, ids.NOTE_LINK_BLOCK)["initial_options"]


def test_typeahead_groups_records_by_object(connected: Connected) -> None:
    _open(connected, "hello")
    result = connected.slack.block_suggestion(ids.NOTE_RECORDS_ACTION, "acm", user=ADA)
    groups = {g["label"]["text"]: [o["text"]["text"] for o in g["options"]]
              for g in result.body["option_groups"]}  # fmt: skip
    assert "Acme Corporation" in groups["Accounts"]
    assert {"Acme renewal 2026", "Acme plant expansion"} <= set(groups["Opportunities"])
    assert connected.slack.block_suggestion(ids.NOTE_RECORDS_ACTION, "a", user=ADA) is None


def test_typeahead_escapes_sosl_and_stays_within_100_options(connected: Connected) -> None:
    sf = connected.emu.session(REP)
    records = [{"attributes": {"type": "Account"}, "Name": f"Bulk {i:03}"} for i in range(150)]
    created = sf.post(connected.emu.base_url + "/services/data/v59.0/composite/sobjects",
                      json={"allOrNone": True, "records": records})  # fmt: skip
    assert created.status_code == 200
    _open(connected, "hello")
    result = connected.slack.block_suggestion(ids.NOTE_RECORDS_ACTION, "bulk", user=ADA)
    assert not result.errors
    total = sum(len(g["options"]) for g in result.body["option_groups"])
    assert 0 < total <= 100
    before = len(connected.emu.requests())
    tricky = connected.slack.block_suggestion(
        ids.NOTE_RECORDS_ACTION, 'Smith & "Jones" (or) {x}* - ~?', user=ADA
    )
    assert not tricky.errors
    searches = [r for r in connected.emu.requests()[before:] if "/search" in r["path"]]
    assert searches and all(r["status"] == 200 for r in searches)


def test_note_on_two_records_with_permalink(connected: Connected) -> None:
    _open(connected, "Met the CFO &amp; CTO\n• budget *approved*")
    picked = _pick(connected, "acme", ["Acme Corporation", "Acme renewal 2026"])
    assert len(picked) == 2
    result = connected.slack.view_submission({ids.NOTE_RECORDS_ACTION: picked}, user=ADA)
    assert result.ok and not result.errors, result.errors
    note = connected.slack.wait_for(lambda: connected.emu.records("ContentNote"))[0]
    assert note["Title"] == "Met the CFO & CTO"
    html = base64.b64decode(note["Content"]).decode()
    assert html.startswith("<p>Met the CFO &amp; CTO</p><ul><li>budget <b>approved</b></li></ul>")
    assert messages.NOTE_PERMALINK in html and "slack.com/archives" in html
    expected = {v.split(":")[1] for v in picked}
    assert _note_links(connected, note["Id"]) == expected
    confirmation = connected.slack.wait_for(
        lambda: [m for m in connected.slack.ephemeral_messages(ADA, CHANNEL)
                 if "Added the note" in (m.get("text") or "")]
    )  # fmt: skip
    assert "Acme renewal 2026" in confirmation[0]["text"]
    assert connected.slack.failed_calls() == []


def test_a_record_gone_before_submission_rolls_the_note_back(connected: Connected) -> None:
    sf = connected.emu.session(REP)
    base = connected.emu.base_url + "/services/data/v59.0/sobjects/Account/"
    doomed = sf.post(base, json={"Name": "Doomed Ltd"}).json()["id"]
    _open(connected, "about to vanish")
    picked = _pick(connected, "doomed", ["Doomed Ltd"]) + _pick(
        connected, "acme", ["Acme Corporation"]
    )  # noqa: E501
    sf.delete(base + doomed)
    result = connected.slack.view_submission({ids.NOTE_RECORDS_ACTION: picked}, user=ADA)
    assert ids.NOTE_RECORDS_BLOCK in (result.errors or {}), result
    assert connected.emu.records("ContentNote") == []
    assert connected.emu.records("ContentDocumentLink") == [] or all(
        r["LinkedEntityId"] != connected.named("Account", "Acme Corporation")
        for r in connected.emu.records("ContentDocumentLink")
    )


def test_submitting_without_records_errors_on_the_picker(connected: Connected) -> None:
    _open(connected, "no records")
    result = connected.slack.view_submission({ids.NOTE_RECORDS_ACTION: []}, user=ADA)
    assert result.errors and ids.NOTE_RECORDS_BLOCK in result.errors
    assert connected.emu.records("ContentNote") == []


def test_unconnected_user_is_told_to_connect(connected: Connected) -> None:
    message = connected.slack.post_user_message("hi", user=SAM, channel=CHANNEL)
    connected.slack.message_shortcut(ids.LOG_AS_NOTE_CALLBACK, message_ts=message["ts"],
                                     user=SAM, channel=CHANNEL)  # fmt: skip
    view = connected.slack.wait_for(lambda: connected.slack.top_view(SAM))
    assert "/sf connect" in str(view["blocks"])
