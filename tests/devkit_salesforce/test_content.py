"""ContentNote rules (README §4) and files linked to records."""

from __future__ import annotations

import base64


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _acme(emu) -> str:
    return next(r["Id"] for r in emu.records("Account") if r["Name"] == "Acme Corporation")


def test_note_is_a_document_linked_to_a_record(emu, rep):
    resp = rep.post(
        "sobjects/ContentNote/",
        {"Title": "Call notes", "Content": _b64("<p>Budget &amp; timing</p>")},
    )
    assert resp.status_code == 201
    note = resp.json()["id"]
    assert note.startswith("069")
    link = rep.post(
        "sobjects/ContentDocumentLink/",
        {"ContentDocumentId": note, "LinkedEntityId": _acme(emu), "ShareType": "V"},
    )
    assert link.status_code == 201
    got = rep.get(f"sobjects/ContentNote/{note}").json()
    assert got["FileType"] == "SNOTE" and got["TextPreview"] == "Budget & timing"
    assert got["Content"] == f"/services/data/v59.0/sobjects/ContentNote/{note}/Content"
    blob = rep.get(got["Content"])
    assert blob.content == b"<p>Budget &amp; timing</p>"
    assert rep.get(f"sobjects/ContentDocument/{note}").json()["Title"] == "Call notes"


def test_note_with_unescaped_characters_is_refused(rep):
    resp = rep.post("sobjects/ContentNote/", {"Title": "T", "Content": _b64("Tom & Jerry")})
    assert resp.status_code == 400
    assert "unescaped characters" in resp.json()[0]["message"]


def test_unsafe_html_is_stripped(emu, rep):
    note = rep.post(
        "sobjects/ContentNote/",
        {"Title": "T", "Content": _b64("<p onclick='x()'>hi</p><script>alert(1)</script>")},
    ).json()["id"]
    stored = base64.b64decode(emu.record(note)["Content"]).decode()
    assert stored == "<p>hi</p>"


def test_share_type_is_a_restricted_required_picklist(emu, rep):
    note = rep.post("sobjects/ContentNote/", {"Title": "T", "Content": _b64("x")}).json()["id"]
    resp = rep.post(
        "sobjects/ContentDocumentLink/", {"ContentDocumentId": note, "LinkedEntityId": _acme(emu)}
    )
    assert resp.json()[0]["errorCode"] == "REQUIRED_FIELD_MISSING"
    resp = rep.post(
        "sobjects/ContentDocumentLink/",
        {"ContentDocumentId": note, "LinkedEntityId": _acme(emu), "ShareType": "Z"},
    )
    assert resp.json()[0]["errorCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"


def test_content_version_creates_its_document_and_link(emu, rep):
    resp = rep.post(
        "sobjects/ContentVersion/",
        {
            "Title": "Quote",
            "PathOnClient": "quote.pdf",
            "VersionData": _b64("%PDF"),
            "FirstPublishLocationId": _acme(emu),
        },
    )
    assert resp.status_code == 201
    version = emu.record(resp.json()["id"])
    assert version["ContentDocumentId"].startswith("069") and version["FileType"] == "PDF"
    links = [
        r
        for r in emu.records("ContentDocumentLink")
        if r["ContentDocumentId"] == version["ContentDocumentId"]
    ]
    assert [r["LinkedEntityId"] for r in links] == [_acme(emu)]
