"""Object names as people type them → the org's objects (global describe from a real org)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.salesforce.object_names import ObjectNotFound, resolve_object


@pytest.fixture(scope="module")
def global_describe(shared_dir):
    data = json.loads(
        (shared_dir / "salesforce/describe/_global_sobjects.partial.json").read_text()
    )
    custom = {
        "name": "Project__c",
        "label": "Project",
        "labelPlural": "Projects",
        "custom": True,
        "queryable": True,
        "createable": True,
        "keyPrefix": "a01",
    }
    return {**data, "sobjects": [*data["sobjects"], custom]}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("opportunity", "Opportunity"),
        ("Opportunities", "Opportunity"),
        ("CONTACT", "Contact"),
        ("contacts", "Contact"),
        ("project", "Project__c"),
        ("Projects", "Project__c"),
        ("project__c", "Project__c"),
        ("Opportunity Contact Role", "OpportunityContactRole"),
        ("opportunity_contact_role", "OpportunityContactRole"),
    ],
)
def test_names_labels_plurals_any_case(global_describe, typed, expected) -> None:
    assert resolve_object(typed, global_describe)["name"] == expected


def test_a_typo_gets_did_you_mean(global_describe) -> None:
    with pytest.raises(ObjectNotFound) as caught:
        resolve_object("oportunity", global_describe)
    assert "Did you mean `opportunity`" in caught.value.message
    assert "Opportunity" in caught.value.suggestions


def test_only_usable_objects(global_describe) -> None:
    with pytest.raises(ObjectNotFound):
        resolve_object("account", global_describe, usable=lambda entry: entry["name"] != "Account")


@given(st.text(max_size=60))
def test_any_text_resolves_or_explains_safely(global_describe, typed) -> None:
    try:
        resolve_object(typed, global_describe)
    except ObjectNotFound as error:
        assert "<!" not in error.message and "@channel" not in error.message.replace("\u200b", "")
