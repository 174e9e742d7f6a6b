"""Note payloads and the composite subrequests they become (enhanced and classic notes)."""

from __future__ import annotations

import base64

import pytest

from bot.salesforce.notes import (
    CLASSIC,
    ENHANCED,
    MAX_RECORDS,
    composite_requests,
    note_kind,
    note_payload,
)

ACME = "001Dk000000000AIAQ"
RENEWAL = "006Dk000000000AIAQ"


def test_enhanced_note_is_one_note_then_one_link_per_record() -> None:
    payload = note_payload(
        title="  Met   the CFO ",
        body_html="<p>a &amp; b</p>",
        body_text="a & b",
        record_ids=[ACME, RENEWAL, ACME],
        kind=ENHANCED,
    )
    assert payload["title"] == "Met the CFO" and payload["record_ids"] == [ACME, RENEWAL]
    requests = composite_requests(payload, version="59.0")
    assert [r["referenceId"] for r in requests] == ["note", "link0", "link1"]
    assert base64.b64decode(requests[0]["body"]["Content"]).decode() == "<p>a &amp; b</p>"
    assert requests[1]["body"] == {
        "ContentDocumentId": "@{note.id}",
        "LinkedEntityId": ACME,
        "ShareType": "V",
    }
    assert requests[2]["url"] == "/services/data/v59.0/sobjects/ContentDocumentLink"


def test_classic_note_is_one_plain_text_note_per_record() -> None:
    payload = note_payload(
        title="x" * 100,
        body_html="<p>hi</p>",
        body_text="hi",
        record_ids=[ACME, RENEWAL],
        kind=CLASSIC,
    )
    requests = composite_requests(payload, version="59.0")
    assert [r["body"]["ParentId"] for r in requests] == [ACME, RENEWAL]
    assert all(r["url"].endswith("/sobjects/Note") for r in requests)
    assert len(requests[0]["body"]["Title"]) == 80 and requests[0]["body"]["Body"] == "hi"


@pytest.mark.parametrize(
    ("records", "title"),
    [([], "t"), ([ACME] * 1, " "), ([f"001Dk{i:010d}" for i in range(MAX_RECORDS + 1)], "t")],
)
def test_payload_refuses_what_a_composite_cannot_hold(records: list[str], title: str) -> None:
    with pytest.raises(ValueError):
        note_payload(title=title, body_html="", body_text="", record_ids=records, kind=ENHANCED)


def test_kind_prefers_enhanced_notes() -> None:
    both = {
        "sobjects": [
            {"name": "Note", "createable": True},
            {"name": "ContentNote", "createable": True},
        ]
    }
    assert note_kind(both) == ENHANCED
    assert note_kind({"sobjects": [{"name": "ContentNote", "createable": False}]}) is None
