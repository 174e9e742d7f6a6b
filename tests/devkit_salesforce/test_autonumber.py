"""Auto-number fields: Case.CaseNumber is filled on insert, counts up, is never written."""

from __future__ import annotations


def test_case_numbers(emu, rep, admin):
    seeded = sorted(c["CaseNumber"] for c in emu.records("Case"))
    assert seeded == ["00001000", "00001001"]
    new = rep.post("sobjects/Case/", {"Subject": "Broken widget"})
    assert new.status_code == 201
    case = rep.get(f"sobjects/Case/{new.json()['id']}").json()
    assert case["CaseNumber"] == "00001002"
    # Numbers are not reused after a delete.
    assert admin.delete(f"sobjects/Case/{new.json()['id']}").status_code == 204
    later = rep.post("sobjects/Case/", {"Subject": "Another"}).json()["id"]
    assert emu.record(later)["CaseNumber"] == "00001003"
    # Read-only: not in a create or update body.
    for resp in (
        rep.post("sobjects/Case/", {"Subject": "X", "CaseNumber": "1"}),
        rep.patch(f"sobjects/Case/{later}", {"CaseNumber": "1"}),
    ):
        assert resp.status_code == 400
        assert resp.json()[0]["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    soql = "SELECT Subject FROM Case WHERE CaseNumber = '00001000'"
    rows = rep.get("query", params={"q": soql}).json()["records"]
    assert [r["Subject"] for r in rows] == ["Shipment arrived damaged"]
