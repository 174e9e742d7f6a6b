"""The playground's side panel: which demo-org records the last action touched."""

from __future__ import annotations

import pytest

from devkit.playground.records import RecordTracker
from devkit.salesforce import start_emulator

API = "/services/data/v62.0"


@pytest.fixture
def emu(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with start_emulator(org="demo") as emulator:
        yield emulator


def test_each_action_shows_only_what_it_wrote(emu):
    tracker = RecordTracker(emu)
    rep = emu.session("rep@demo.example")
    assert tracker.last() == []

    with tracker.action():
        created = rep.post(f"{emu.base_url}{API}/sobjects/Account", json={"Name": "Zeta Corp"})
    account_id = created.json()["id"]
    [row] = tracker.last()
    assert row == {
        "object": "Account",
        "label": "Account",
        "id": account_id,
        "operation": "created",
        "name": "Zeta Corp",
        "url": f"{emu.base_url}/lightning/r/Account/{account_id}/view",
    }
    page = rep.get(row["url"])
    assert page.status_code == 200 and "Zeta Corp" in page.text

    with tracker.action():
        rep.get(f"{emu.base_url}{API}/sobjects/Account/{account_id}")  # reads are not listed
    assert tracker.last() == []

    with tracker.action():
        rep.patch(f"{emu.base_url}{API}/sobjects/Account/{account_id}", json={"Name": "Zeta Inc"})
    assert [(r["operation"], r["name"]) for r in tracker.last()] == [("updated", "Zeta Inc")]

    with tracker.action():
        rep.delete(f"{emu.base_url}{API}/sobjects/Account/{account_id}")
    assert [(r["operation"], r["id"]) for r in tracker.last()] == [("deleted", account_id)]


def test_a_refused_write_lists_nothing(emu):
    tracker = RecordTracker(emu)
    rep = emu.session("rep@demo.example")
    with tracker.action():
        refused = rep.post(f"{emu.base_url}{API}/sobjects/Opportunity", json={"Name": "No stage"})
    assert refused.status_code == 400
    assert tracker.last() == []


def test_a_note_on_two_records_names_both(emu):
    tracker = RecordTracker(emu)
    rep = emu.session("rep@demo.example")
    accounts = []
    for name in ("Note Target One", "Note Target Two"):
        response = rep.post(f"{emu.base_url}{API}/sobjects/Account", json={"Name": name})
        accounts.append(response.json()["id"])
    with tracker.action():
        note = rep.post(
            f"{emu.base_url}{API}/sobjects/ContentNote",
            json={"Title": "Met the CFO", "Content": "QnVkZ2V0IGFwcHJvdmVk"},
        )
        assert note.status_code == 201, note.text
        document = emu.record(note.json()["id"]) or {}
        document_id = document.get("ContentDocumentId") or note.json()["id"]
        for account in accounts:
            link = rep.post(
                f"{emu.base_url}{API}/sobjects/ContentDocumentLink",
                json={
                    "ContentDocumentId": document_id,
                    "LinkedEntityId": account,
                    "ShareType": "V",
                },
            )
            assert link.status_code == 201, link.text
    rows = tracker.last()
    assert rows[0]["name"] == "Met the CFO" and rows[0]["operation"] == "created"
    links = [row for row in rows if row["object"] == "ContentDocumentLink"]
    assert [row["name"] for row in links] == ["note on Note Target One", "note on Note Target Two"]
    # A link is shown as what it is for a visitor: the note now sits on that account.
    assert [(row["operation"], row["label"], row["linked_id"]) for row in links] == [
        ("linked", "Account", account) for account in accounts
    ]
    assert rows[0]["label"] == "Note"
    assert [row["url"] for row in links] == [
        f"{emu.base_url}/lightning/r/Account/{account}/view" for account in accounts
    ]
