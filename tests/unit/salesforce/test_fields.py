"""Field names as people type them, resolved against real describes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.salesforce.fields import FieldIndex, UnknownField, closest, normalize_name, resolve_fields


def _describe(shared_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((shared_dir / "salesforce/describe" / f"{name}.json").read_text())


@pytest.fixture(scope="module")
def opportunity(shared_dir: Path) -> FieldIndex:
    return FieldIndex(_describe(shared_dir, "Opportunity"))


@pytest.mark.parametrize(
    ("typed", "api"),
    [
        ("CloseDate", "CloseDate"), ("closedate", "CloseDate"), ("close_date", "CloseDate"),
        ("Close Date", "CloseDate"), ("close", "CloseDate"), ("stage", "StageName"),
        ("Stage", "StageName"), ("STAGE_NAME", "StageName"), ("amount", "Amount"),
        ("account", "AccountId"), ("Account ID", "AccountId"), ("owner", "OwnerId"),
        ("next.step", "NextStep"), ("Opportunity Type", "Type"),
        # two fields share the label "Forecast Category": the writable one wins
        ("forecast category", "ForecastCategoryName"),
    ],
)  # fmt: skip
def test_names_labels_and_aliases(opportunity: FieldIndex, typed: str, api: str) -> None:
    assert opportunity.resolve(typed)["name"] == api


def test_near_miss_suggests(opportunity: FieldIndex) -> None:
    with pytest.raises(UnknownField) as info:
        opportunity.resolve("stge")
    assert info.value.problem.suggestions[0] == "StageName"
    assert "Did you mean Stage (`StageName`)" in info.value.problem.message
    assert "Opportunity has no field “stge”" in info.value.problem.message


def test_custom_fields_and_contact_aliases(shared_dir: Path) -> None:
    account = FieldIndex(_describe(shared_dir, "Account"))
    assert account.resolve("primary contact")["name"] == "Primary_Contact__c"
    assert account.resolve("Primary_Contact__c")["name"] == "Primary_Contact__c"
    contact = FieldIndex(_describe(shared_dir, "Contact"))
    assert contact.resolve("first")["name"] == "FirstName"
    assert contact.resolve("last")["name"] == "LastName"
    assert contact.resolve("account")["name"] == "AccountId"
    lead = FieldIndex(_describe(shared_dir, "Lead"))
    assert lead.resolve("company")["name"] == "Company"
    assert lead.resolve("status")["name"] == "Status"


def test_resolve_fields_collects_every_unknown(shared_dir: Path) -> None:
    resolved, problems = resolve_fields(
        ["stage", "nope", "<!here>"], describe=_describe(shared_dir, "Opportunity")
    )
    assert resolved == {"stage": "StageName"}
    assert [p.field for p in problems] == ["nope", "<!here>"]
    assert "<!here>" not in problems[1].message


def test_normalize_and_closest() -> None:
    assert normalize_name(" Close_Date.x-y ") == "closedatexy"
    assert closest("closed wn", ["Prospecting", "Closed Won", "Closed Lost"])[0] == "Closed Won"
