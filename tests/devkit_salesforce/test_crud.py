"""Record create/read/update/delete over real HTTPS, with Salesforce's statuses and bodies."""

from __future__ import annotations

import re

from devkit.salesforce import ids


def _account_id(emu, name: str) -> str:
    return next(r["Id"] for r in emu.records("Account") if r["Name"] == name)


def test_create_returns_201_with_18_char_id_and_defaults(emu, rep):
    resp = rep.post("sobjects/Lead/", {"LastName": "Doe", "Company": "Doe Inc"})
    assert resp.status_code == 201
    body = resp.json()
    assert body["success"] is True and body["errors"] == []
    assert len(body["id"]) == 18 and body["id"].startswith("00Q")
    assert ids.to18(body["id"][:15]) == body["id"]
    stored = emu.record(body["id"])
    assert stored["Status"] == "Open - Not Contacted"
    assert stored["OwnerId"] == emu.user_id("rep@demo.example")
    assert stored["Name"] == "Doe"


def test_get_returns_every_field_with_nulls_and_attributes(emu, rep):
    rid = rep.post("sobjects/Contact/", {"FirstName": "Ada", "LastName": "King"}).json()["id"]
    rec = rep.get(f"sobjects/Contact/{rid}").json()
    assert rec["attributes"] == {
        "type": "Contact",
        "url": f"/services/data/v59.0/sobjects/Contact/{rid}",
    }
    assert rec["Name"] == "Ada King"
    assert "Email" in rec and rec["Email"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000", rec["CreatedDate"])
    narrowed = rep.get(f"sobjects/Contact/{rid[:15]}", params={"fields": "lastname,Id"}).json()
    assert set(narrowed) == {"attributes", "Id", "LastName"}


def test_update_204_and_delete_204_then_deleted_semantics(emu, rep):
    rid = rep.post("sobjects/Lead/", {"LastName": "Doe", "Company": "X"}).json()["id"]
    resp = rep.patch(f"sobjects/Lead/{rid}", {"title": "CTO"})
    assert resp.status_code == 204 and resp.content == b""
    assert emu.record(rid)["Title"] == "CTO"
    assert rep.delete(f"sobjects/Lead/{rid}").status_code == 204
    assert rep.get(f"sobjects/Lead/{rid}").status_code == 404
    again = rep.delete(f"sobjects/Lead/{rid}")
    assert again.status_code == 404
    assert again.json() == [
        {"message": "entity is deleted", "errorCode": "ENTITY_IS_DELETED", "fields": []}
    ]
    assert (
        rep.patch(f"sobjects/Lead/{rid}", {"Title": "x"}).json()[0]["errorCode"]
        == "ENTITY_IS_DELETED"
    )


def test_unknown_object_and_bad_ids_are_404(rep):
    resp = rep.get("sobjects/Foo__c/describe")
    assert resp.status_code == 404
    assert resp.json() == [
        {"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}
    ]
    for segment in ("23foo", "001Dk0000009999"):
        resp = rep.get(f"sobjects/Account/{segment}")
        assert resp.status_code == 404
        assert resp.json() == [
            {
                "message": f"Provided external ID field does not exist or is not accessible: "
                f"{segment}",
                "errorCode": "NOT_FOUND",
            }
        ]


def test_required_fields_missing_lists_all(rep):
    resp = rep.post("sobjects/Opportunity/", {"Amount": 5})
    assert resp.status_code == 400
    assert resp.json() == [
        {
            "message": "Required fields are missing: [Name, StageName, CloseDate]",
            "errorCode": "REQUIRED_FIELD_MISSING",
            "fields": ["Name", "StageName", "CloseDate"],
        }
    ]


def test_opportunity_stage_derives_closed_won_probability(emu, rep):
    acme = _account_id(emu, "Acme Corporation")
    rid = rep.post(
        "sobjects/Opportunity/",
        {
            "Name": "Deal",
            "StageName": "Prospecting",
            "CloseDate": "2026-12-31",
            "AccountId": acme,
            "Amount": 1000,
        },
    ).json()["id"]
    rec = emu.record(rid)
    assert (rec["IsClosed"], rec["IsWon"], rec["Probability"]) == (False, False, 10)
    assert rec["ForecastCategoryName"] == "Pipeline" and rec["ExpectedRevenue"] == 100.0
    assert rec["RecordTypeId"] is not None
    rep.patch(f"sobjects/Opportunity/{rid}", {"StageName": "Closed Won"})
    rec = emu.record(rid)
    assert (rec["IsClosed"], rec["IsWon"], rec["Probability"]) == (True, True, 100)
    assert rec["ForecastCategoryName"] == "Closed"
