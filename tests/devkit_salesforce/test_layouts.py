"""Record-type picklists through the UI API and describe/layouts (README §3.5)."""

from __future__ import annotations

import json


def _rt(emu, dev: str) -> str:
    return next(r["Id"] for r in emu.records("RecordType") if r["DeveloperName"] == dev)


def test_stage_values_follow_the_business_process(emu, rep):
    renewal = _rt(emu, "Renewal")
    body = rep.get(f"ui-api/object-info/Opportunity/picklist-values/{renewal}/StageName").json()
    assert [v["value"] for v in body["values"]] == [
        "Qualification",
        "Negotiation/Review",
        "Closed Won",
        "Closed Lost",
    ]
    everything = rep.get(f"ui-api/object-info/Opportunity/picklist-values/{renewal}").json()
    types = everything["picklistFieldValues"]["Type"]["values"]
    assert [v["value"] for v in types] == [
        "Existing Customer - Upgrade",
        "Existing Customer - Replacement",
        "Existing Customer - Downgrade",
    ]


def test_ui_api_shapes_match_capture(shared_dir, emu, rep):
    real = json.loads((shared_dir / "salesforce/uiapi/object-info_Account.json").read_text())
    ours = rep.get("ui-api/object-info/Account").json()
    assert set(ours) == set(real)
    assert set(ours["fields"]["Name"]) == set(real["fields"]["Name"])
    real_values = json.loads(
        (shared_dir / "salesforce/uiapi/picklist-values_Account_Type.json").read_text()
    )
    master = "012000000000000AAA"
    values = rep.get(f"ui-api/object-info/Account/picklist-values/{master}/Type").json()
    assert set(values) == set(real_values)
    assert values["values"][0] == real_values["values"][0]
    opp = rep.get("ui-api/object-info/Opportunity").json()
    assert opp["defaultRecordTypeId"] == _rt(emu, "New_Business")


def test_describe_layouts_record_type_mappings(emu, rep):
    new_business = _rt(emu, "New_Business")
    layouts = rep.get("sobjects/Opportunity/describe/layouts").json()
    assert layouts["recordTypeSelectorRequired"] == [True]
    mapping = next(m for m in layouts["recordTypeMappings"] if m["recordTypeId"] == new_business)
    stages = next(p for p in mapping["picklistsForRecordType"] if p["picklistName"] == "StageName")
    assert "Perception Analysis" not in [v["value"] for v in stages["picklistValues"]]
    assert "Id. Decision Makers" in [v["value"] for v in stages["picklistValues"]]
    one = rep.get(f"sobjects/Opportunity/describe/layouts/{new_business}").json()
    assert one["recordTypeMappings"][0]["recordTypeId"] == new_business
    assert rep.get("sobjects/Opportunity/describe/layouts/012Dk00000000ZZ").status_code == 404
