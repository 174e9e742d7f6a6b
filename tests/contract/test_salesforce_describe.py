"""The emulator's describes against the captured ones in ../shared/salesforce/describe."""

from __future__ import annotations

import json

import pytest

from devkit.salesforce.schema.compact import compact_object
from devkit.salesforce.schema.objects import build_object
from tests.devkit_salesforce.conftest import admin, as_user, emu, emu_server  # noqa: F401

CAPTURED = ["Account", "Contact", "Opportunity", "Lead", "Case", "Event", "OpportunityContactRole"]
# Attributes an org-specific describe legitimately changes.
ORG_SPECIFIC = {"urls", "recordTypeInfos", "childRelationships", "fields"}
# Keys of newer API versions missing from the v48 captures.
NEWER_KEYS = {"associateEntityType", "associateParentEntity", "sobjectDescribeOption"}


def _captured(shared_dir, name: str) -> dict:
    return json.loads((shared_dir / "salesforce" / "describe" / f"{name}.json").read_text())


@pytest.mark.parametrize("name", CAPTURED)
def test_describe_keys_and_field_attributes_match_capture(shared_dir, admin, name):  # noqa: F811
    real = _captured(shared_dir, name)
    ours = admin.get(f"sobjects/{name}/describe").json()
    assert set(real) <= set(ours) and set(ours) - set(real) <= NEWER_KEYS
    for key in set(real) - ORG_SPECIFIC - {"createable", "updateable", "deletable"}:
        if key in {"namedLayoutInfos"}:
            continue
        assert ours[key] == real[key], key
    real_fields = {f["name"]: f for f in real["fields"] if not f["name"].endswith("__c")}
    our_fields = {f["name"]: f for f in ours["fields"]}
    assert set(real_fields) <= set(our_fields)
    for fname, real_field in real_fields.items():
        assert len(our_fields[fname]) == 57
        assert our_fields[fname] == real_field, fname


@pytest.mark.parametrize("name", CAPTURED)
def test_describe_structure(shared_dir, admin, name):  # noqa: F811
    ours = admin.get(f"sobjects/{name}/describe").json()
    for field in ours["fields"]:
        assert len(field) == 57 and isinstance(field["picklistValues"], list)
        assert isinstance(field["referenceTo"], list)
    master = [r for r in ours["recordTypeInfos"] if r["master"]]
    assert master and master[0]["recordTypeId"] == "012000000000000AAA"
    real_child = _captured(shared_dir, name)["childRelationships"][0]
    for rel in ours["childRelationships"]:
        assert set(rel) == set(real_child)
    assert set(ours["urls"]) >= {"describe", "sobject", "rowTemplate", "layouts"}


def test_opportunity_has_record_types_and_relationships(admin):  # noqa: F811
    ours = admin.get("sobjects/Opportunity/describe").json()
    names = [r["developerName"] for r in ours["recordTypeInfos"]]
    assert names == ["New_Business", "Renewal", "Master"]
    rels = {
        (r["childSObject"], r["field"]): r
        for r in admin.get("sobjects/Account/describe").json()["childRelationships"]
    }
    assert rels[("Contact", "AccountId")]["cascadeDelete"] is True
    assert rels[("Contact", "AccountId")]["relationshipName"] == "Contacts"
    assert rels[("Case", "AccountId")]["restrictedDelete"] is True


def test_global_describe_entry_shape(shared_dir, admin):  # noqa: F811
    real = json.loads(
        (shared_dir / "salesforce" / "describe" / "_global_sobjects.partial.json").read_text()
    )
    ours = admin.get("sobjects/").json()
    assert {k: ours[k] for k in ("encoding", "maxBatchSize")} == {
        "encoding": "UTF-8",
        "maxBatchSize": 200,
    }
    assert set(ours["sobjects"][0]) == set(real["sobjects"][0])
    real_account = next(s for s in real["sobjects"] if s["name"] == "Account")
    our_account = next(s for s in ours["sobjects"] if s["name"] == "Account")
    assert set(our_account["urls"]) == set(real_account["urls"])


@pytest.mark.parametrize("name", CAPTURED)
def test_compact_form_renders_back_to_the_capture(shared_dir, name):
    real = _captured(shared_dir, name)
    rendered = build_object(compact_object(real, keep_custom=True))
    assert rendered.fields == real["fields"]
