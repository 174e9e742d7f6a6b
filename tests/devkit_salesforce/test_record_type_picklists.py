"""Picklists per record type on write: restricted ones are narrowed, unrestricted ones are not.

Demo org: Opportunity.Loss_Reason__c is restricted (Price, Competitor, No Budget, Timing,
Churned); New Business offers all but Churned, Renewal offers Price, Competitor, Churned.
The Renewal business process has no Prospecting stage.
"""

from __future__ import annotations


def _rt(emu, developer_name: str) -> str:
    return next(
        rt.id
        for rt in emu.org.definition.record_types.values()
        if rt.sobject == "Opportunity" and rt.developer_name == developer_name
    )


def _opportunity(emu, **fields) -> dict:
    return {
        "Name": "Picklist test",
        "StageName": "Qualification",
        "CloseDate": "2030-01-31",
        "AccountId": next(
            r["Id"] for r in emu.records("Account") if r["Name"] == "Acme Corporation"
        ),
        **fields,
    }


def _refused(resp, value: str) -> None:
    assert resp.status_code == 400, resp.text
    assert resp.json() == [
        {
            "message": f"Loss Reason: bad value for restricted picklist field: {value}",
            "errorCode": "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            "fields": ["Loss_Reason__c"],
        }
    ]


def test_value_of_the_field_but_not_of_the_record_type_is_refused_on_create(emu, rep):
    new_business, renewal = _rt(emu, "New_Business"), _rt(emu, "Renewal")
    body = _opportunity(emu, RecordTypeId=new_business, Loss_Reason__c="Churned")
    _refused(rep.post("sobjects/Opportunity/", body), "Churned")
    # No RecordTypeId: the user's default record type (New Business) narrows the values too.
    _refused(
        rep.post("sobjects/Opportunity/", _opportunity(emu, Loss_Reason__c="Churned")), "Churned"
    )
    ok = rep.post(
        "sobjects/Opportunity/", _opportunity(emu, RecordTypeId=renewal, Loss_Reason__c="Churned")
    )
    assert ok.status_code == 201, ok.text
    assert emu.record(ok.json()["id"])["Loss_Reason__c"] == "Churned"
    # A value of neither: the same error as for any unknown restricted value.
    weather = _opportunity(emu, RecordTypeId=renewal, Loss_Reason__c="Weather")
    _refused(rep.post("sobjects/Opportunity/", weather), "Weather")
    nothing_saved = [r for r in emu.records("Opportunity") if r["Name"] == "Picklist test"]
    assert len(nothing_saved) == 1


def test_update_checks_the_record_type_after_the_write(emu, rep):
    new_business, renewal = _rt(emu, "New_Business"), _rt(emu, "Renewal")
    created = rep.post("sobjects/Opportunity/", _opportunity(emu, RecordTypeId=new_business))
    opp = created.json()["id"]
    _refused(rep.patch(f"sobjects/Opportunity/{opp}", {"Loss_Reason__c": "Churned"}), "Churned")
    assert emu.record(opp)["Loss_Reason__c"] is None
    assert rep.patch(f"sobjects/Opportunity/{opp}", {"Loss_Reason__c": "Timing"}).status_code == 204
    moved = rep.patch(
        f"sobjects/Opportunity/{opp}", {"RecordTypeId": renewal, "Loss_Reason__c": "Churned"}
    )
    assert moved.status_code == 204, moved.text
    assert emu.record(opp)["Loss_Reason__c"] == "Churned"


def test_record_type_values_match_what_the_ui_api_offers(emu, rep):
    new_business = _rt(emu, "New_Business")
    values = rep.get(f"ui-api/object-info/Opportunity/picklist-values/{new_business}").json()
    offered = [v["value"] for v in values["picklistFieldValues"]["Loss_Reason__c"]["values"]]
    assert offered == ["Price", "Competitor", "No Budget", "Timing"]
    for value in offered:
        body = _opportunity(emu, RecordTypeId=new_business, Loss_Reason__c=value)
        assert rep.post("sobjects/Opportunity/", body).status_code == 201


def test_unrestricted_picklists_and_stage_are_not_narrowed(emu, rep):
    renewal = _rt(emu, "Renewal")
    stages = rep.get(f"ui-api/object-info/Opportunity/picklist-values/{renewal}/StageName").json()
    assert "Prospecting" not in [v["value"] for v in stages["values"]]
    # StageName is unrestricted: Salesforce saves a stage outside the business process over the
    # API (only the UI limits the choice), with the stage's facts from the org's stage list.
    body = _opportunity(emu, RecordTypeId=renewal, StageName="Prospecting", Type="New Customer")
    resp = rep.post("sobjects/Opportunity/", body)
    assert resp.status_code == 201, resp.text
    saved = emu.record(resp.json()["id"])
    assert (saved["StageName"], saved["Probability"], saved["IsClosed"]) == (
        "Prospecting",
        10,
        False,
    )
    assert saved["Type"] == "New Customer"  # Type is unrestricted too (Renewal offers others)


def test_collections_apply_the_same_rule(emu, rep):
    new_business, renewal = _rt(emu, "New_Business"), _rt(emu, "Renewal")
    records = [
        {"attributes": {"type": "Opportunity"}, **_opportunity(emu, RecordTypeId=rt)}
        for rt in (renewal, new_business)
    ]
    for record in records:
        record["Loss_Reason__c"] = "Churned"
    resp = rep.post("composite/sobjects", {"allOrNone": False, "records": records})
    assert resp.status_code == 200, resp.text
    first, second = resp.json()
    assert first["success"] is True
    assert second["success"] is False
    assert second["errors"][0]["statusCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    assert second["errors"][0]["fields"] == ["Loss_Reason__c"]
