"""`/sf note <record> <text>` end to end: Slack simulator → app → Salesforce emulator."""

from __future__ import annotations

import base64

from bot.slack import ids, messages
from tests.fixtures.notes_app import ADA, REP, SAM, Connected


def _result(setup: Connected, user: str = ADA) -> dict:
    def posted() -> dict | None:
        for post in setup.slack.response_url_posts(user=user):
            text = post["body"].get("text") or ""
            if "working" not in text.lower() and "Adding" not in text:
                return post["body"]
        return None

    return setup.slack.wait_for(posted, timeout=10, message="the note's result")


def _notes_linked_to(setup: Connected, record_id: str) -> list[dict]:
    sf = setup.emu.session(REP)
    rows = sf.get(
        setup.emu.base_url + "/services/data/v59.0/query",
        params={
            "q": f"SELECT ContentDocumentId FROM ContentDocumentLink "
            f"WHERE LinkedEntityId = '{record_id}'"
        },  # fmt: skip
    ).json()["records"]
    return [setup.emu.record(row["ContentDocumentId"]) for row in rows]


def test_note_on_an_account_escapes_text_and_resolves_mentions(connected: Connected) -> None:
    acme = connected.named("Account", "Acme Corporation")
    result = connected.slack.slash(
        'note "Acme Corporation" Met the CFO &amp; <@U0ROB00002>: *budget* &lt;approved&gt;',
        user=ADA,
    )
    assert result.ok and messages.NOTE_WORKING in str(result.body)
    body = _result(connected)
    assert "Added the note" in body["text"], body
    notes = _notes_linked_to(connected, acme)
    assert len(notes) == 1
    html = base64.b64decode(notes[0]["Content"]).decode()
    assert html == "<p>Met the CFO &amp; @Rob Reader: <b>budget</b> &lt;approved&gt;</p>"
    assert notes[0]["Title"] == "Met the CFO & @Rob Reader: budget <approved>"
    assert "Acme Corporation" in body["text"] and "/lightning/r/Account/" in body["text"]
    assert connected.slack.failed_calls() == []


def test_ambiguous_record_names_offer_a_pick_that_finishes_the_note(connected: Connected) -> None:
    result = connected.slack.slash('note Acme "picked later"', user=ADA)
    text = str(result.body)
    assert "Several records match" in text and "Acme renewal 2026" in text
    assert connected.emu.records("ContentNote") == []
    message = connected.slack.wait_for(
        lambda: [m for m in connected.slack.messages(visible_to=ADA)
                 if "Several records match" in (m.get("text") or "")]
    )[-1]  # fmt: skip
    button = next(
        b["accessory"] for b in message["blocks"]
        if b.get("accessory") and "Acme renewal 2026" in b["text"]["text"]
    )  # fmt: skip
    connected.slack.block_action(button["action_id"], user=ADA, message_ts=message["ts"],
                                 channel=message["channel"])  # fmt: skip
    note = connected.slack.wait_for(lambda: connected.emu.records("ContentNote"), timeout=10)[0]
    renewal = connected.named("Opportunity", "Acme renewal 2026")
    assert note["Title"] == "picked later"
    assert [n["Id"] for n in _notes_linked_to(connected, renewal)] == [note["Id"]]


def test_unknown_record(connected: Connected) -> None:
    result = connected.slack.slash('note "Nobody Such" "hello"', user=ADA)
    assert "There is no record named" in str(result.body)


def test_invisible_record_id_is_refused(connected: Connected) -> None:
    # Initech TPS upgrade belongs to Sam; the rep's private opportunity sharing hides it.
    hidden = connected.named("Opportunity", "Initech TPS upgrade")
    result = connected.slack.slash(f'note {hidden} "peek"', user=ADA)
    assert "can't see it" in str(result.body)
    assert connected.emu.records("ContentNote") == []


def test_undo_removes_the_note(connected: Connected) -> None:
    acme = connected.named("Account", "Acme Corporation")
    connected.slack.slash('note "Acme Corporation" "to be undone"', user=ADA)
    _result(connected)
    message = connected.slack.wait_for(
        lambda: [
            m
            for m in connected.slack.messages(visible_to=ADA)
            if "Added the note" in (m.get("text") or "")
        ]  # noqa: E501
    )[-1]
    connected.slack.block_action(ids.UNDO_ACTION, user=ADA, message_ts=message["ts"],
                                 channel=message["channel"])  # fmt: skip
    connected.slack.wait_for(
        lambda: any("Undone" in (p["body"].get("text") or "")
                    for p in connected.slack.response_url_posts(user=ADA)),
        timeout=10,
    )  # fmt: skip
    assert _notes_linked_to(connected, acme) == []


def test_not_connected_user_gets_the_connect_prompt(connected: Connected) -> None:
    result = connected.slack.slash('note "Acme Corporation" "hi"', user=SAM)
    assert "connect" in str(result.body).lower()
    assert connected.emu.records("ContentNote") == []
