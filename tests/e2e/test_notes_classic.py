"""Orgs without enhanced notes: `/sf note` and "Log as note" write classic Notes and say so."""

from __future__ import annotations

import pytest

from bot.slack import ids, messages
from bot.store.models import WriteIntent
from tests.fixtures.notes_app import ADA, REP, Connected

CHANNEL = "C0SALES001"
CLASSIC_SAYS = "it is a classic note"


@pytest.fixture
def classic(connected: Connected) -> Connected:
    """The demo org with enhanced notes turned off (the next test's reset turns them back on)."""
    connected.emu.set_enhanced_notes(False)
    return connected


def _confirmation(setup: Connected) -> dict:
    def posted() -> dict | None:
        for post in setup.slack.response_url_posts(user=ADA):
            if "Added the note" in (post["body"].get("text") or ""):
                return post["body"]
        return None

    return setup.slack.wait_for(posted, timeout=10, message="the note's confirmation")


def _classic_notes(setup: Connected, parent: str) -> list[dict]:
    return [n for n in setup.emu.records("Note") if n["ParentId"] == parent]


def test_the_switch_takes_content_note_creation_away(classic: Connected) -> None:
    sf = classic.emu.session(REP)
    listed = sf.get(classic.emu.base_url + "/services/data/v59.0/sobjects").json()["sobjects"]
    createable = {o["name"]: o["createable"] for o in listed}
    assert createable["ContentNote"] is False and createable["Note"] is True


def test_note_command_writes_a_classic_note_and_says_so(classic: Connected) -> None:
    acme = classic.named("Account", "Acme Corporation")
    result = classic.slack.slash(
        'note "Acme Corporation" Met the CFO &amp; <@U0ROB00002>: *budget* &lt;approved&gt;',
        user=ADA,
    )
    assert result.ok and messages.NOTE_WORKING in str(result.body)
    body = _confirmation(classic)
    assert CLASSIC_SAYS in body["text"], body
    assert "Acme Corporation" in body["text"] and "/lightning/r/Account/" in body["text"]
    [note] = _classic_notes(classic, acme)
    assert note["Title"] == "Met the CFO & @Rob Reader: budget <approved>"
    assert note["Body"] == "Met the CFO & @Rob Reader: budget <approved>"
    assert classic.emu.records("ContentNote") == []
    assert classic.slack.failed_calls() == []
    with classic.services.sessions() as session:
        intent = session.query(WriteIntent).filter_by(operation="note").one()
    assert (intent.sobject, intent.record_id) == ("Note", note["Id"])  # what the audit shows


def test_undo_deletes_the_classic_note(classic: Connected) -> None:
    acme = classic.named("Account", "Acme Corporation")
    classic.slack.slash('note "Acme Corporation" "to be undone"', user=ADA)
    _confirmation(classic)
    assert len(_classic_notes(classic, acme)) == 1
    message = classic.slack.wait_for(
        lambda: [m for m in classic.slack.messages(visible_to=ADA)
                 if CLASSIC_SAYS in (m.get("text") or "")]
    )[-1]  # fmt: skip
    classic.slack.block_action(ids.UNDO_ACTION, user=ADA, message_ts=message["ts"],
                               channel=message["channel"])  # fmt: skip
    classic.slack.wait_for(
        lambda: any("Undone" in (p["body"].get("text") or "")
                    for p in classic.slack.response_url_posts(user=ADA)),
        timeout=10,
    )  # fmt: skip
    assert _classic_notes(classic, acme) == []


def test_log_as_note_on_two_records_writes_one_classic_note_each(classic: Connected) -> None:
    message = classic.slack.post_user_message("Call recap\nBudget *agreed*", user=ADA,
                                              channel=CHANNEL)  # fmt: skip
    classic.slack.message_shortcut(
        ids.LOG_AS_NOTE_CALLBACK, message_ts=message["ts"], user=ADA, channel=CHANNEL
    )
    classic.slack.wait_for(lambda: classic.slack.top_view(ADA), message="the note modal")
    found = classic.slack.block_suggestion(ids.NOTE_RECORDS_ACTION, "acme", user=ADA)
    options = [o for g in found.body["option_groups"] for o in g["options"]]
    wanted = {"Acme Corporation", "Acme renewal 2026"}
    picked = [o["value"] for o in options if o["text"]["text"] in wanted]
    assert len(picked) == 2
    result = classic.slack.view_submission({ids.NOTE_RECORDS_ACTION: picked}, user=ADA)
    assert result.ok and not result.errors, result.errors
    notes = classic.slack.wait_for(lambda: classic.emu.records("Note"), timeout=10)
    assert {n["ParentId"] for n in notes} == {v.split(":")[1] for v in picked}
    assert all(n["Title"] == "Call recap" for n in notes)
    assert notes[0]["Body"].startswith("Call recap\nBudget agreed")
    assert "slack.com/archives" in notes[0]["Body"]  # the permalink, as plain text
    assert classic.emu.records("ContentNote") == []
    confirmation = classic.slack.wait_for(
        lambda: [m for m in classic.slack.ephemeral_messages(ADA, CHANNEL)
                 if "Added the note" in (m.get("text") or "")]
    )  # fmt: skip
    assert CLASSIC_SAYS in confirmation[0]["text"]
    assert "Acme renewal 2026" in confirmation[0]["text"]
