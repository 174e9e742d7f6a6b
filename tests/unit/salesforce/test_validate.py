"""Checking writes against real describes: every problem at once, named by label."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.salesforce.validate import (
    ReferenceToResolve,
    check_write,
    record_type_picklists,
    required_fields,
)
from bot.salesforce.values import UserContext

CTX = UserContext(locale="en-GB", tz="Europe/London", now=datetime(2026, 5, 13, 9, tzinfo=UTC))
PREFIXES = {"001": "Account", "003": "Contact", "006": "Opportunity", "005": "User"}


def load(shared_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((shared_dir / "salesforce/describe" / f"{name}.json").read_text())


@pytest.fixture(scope="module")
def opp(shared_dir: Path) -> dict[str, Any]:
    return load(shared_dir, "Opportunity")


def test_required_fields_follow_the_rule(shared_dir: Path) -> None:
    expected = {
        "Account": ["Name"],
        "Contact": ["LastName"],
        "Lead": ["LastName", "Company"],
        "Opportunity": ["Name", "StageName", "CloseDate"],
        "OpportunityContactRole": ["OpportunityId", "ContactId"],
        "Case": [],
    }
    for name, fields in expected.items():
        assert sorted(required_fields(load(shared_dir, name))) == sorted(fields)


def test_a_good_create(opp: dict[str, Any]) -> None:
    result = check_write(
        describe=opp,
        operation="create",
        fields={"name": "Acme renewal", "amount": "$1.2M", "stage": "closed won",
                "close": "31/12/2026", "account": "Acme", "Probability": "12%"},
        ctx=CTX,
    )  # fmt: skip
    assert result.ok, result.problems
    assert result.values == {
        "Name": "Acme renewal",
        "Amount": 1200000,
        "StageName": "Closed Won",
        "CloseDate": "2026-12-31",
        "Probability": 12,
    }
    assert result.references == [
        ReferenceToResolve(field="AccountId", label="Account", typed="Acme", targets=("Account",))
    ]


def test_every_problem_together_in_typed_order(opp: dict[str, Any]) -> None:
    result = check_write(
        describe=opp,
        operation="create",
        fields={"amount": "lots", "stge": "x", "close": "someday", "IsClosed": "yes",
                "forecast category": "nope", "account": "0038M0000016Wv8QAE"},
        ctx=CTX,
        key_prefixes=PREFIXES,
    )  # fmt: skip
    problems = {p.field: p for p in result.problems}
    assert [p.field for p in result.problems] == [
        "Amount", "stge", "CloseDate", "IsClosed", "ForecastCategoryName", "AccountId",
        "Name", "StageName",
    ]  # fmt: skip
    assert problems["Amount"].message.startswith("Amount: “lots” isn't a number")
    assert problems["stge"].suggestions == ("StageName",)
    assert "filled in by Salesforce" in problems["IsClosed"].message
    assert problems["ForecastCategoryName"].valid_values == (
        "Omitted", "Pipeline", "Best Case", "Commit", "Closed",
    )  # fmt: skip
    assert "is a Contact" in problems["AccountId"].message
    assert problems["StageName"].message == "Stage is required."
    assert "Prospecting" in problems["StageName"].valid_values
    assert result.missing_required == ["Name", "StageName"]
    assert result.typed["CloseDate"] == "someday"


def test_record_type_stages_and_update_rules(opp: dict[str, Any]) -> None:
    result = check_write(
        describe=opp,
        operation="update",
        fields={"stage": "Closed Won", "contact": "Ada", "name": ""},
        record_type_values={"StageName": ["Prospecting", "Closed Lost"]},
        ctx=CTX,
    )
    messages = [p.message for p in result.problems]
    assert "isn't a Stage value for this record type" in messages[0]
    assert result.problems[0].valid_values == ("Prospecting", "Closed Lost")
    assert messages[1] == "Contact can only be set when the Opportunity is created."
    assert messages[2] == "Name can't be empty."
    assert result.missing_required == []


def test_unrestricted_picklists_take_new_values_restricted_ones_do_not(opp: dict[str, Any]) -> None:
    ok = check_write(describe=opp, operation="update", fields={"stage": "Haggling"})
    assert ok.values == {"StageName": "Haggling"}
    bad = check_write(describe=opp, operation="update", fields={"ForecastCategoryName": "Maybe"})
    assert not bad.ok


def test_field_level_security_and_read_only_objects(opp: dict[str, Any]) -> None:
    locked = copy.deepcopy(opp)
    for spec in locked["fields"]:
        if spec["name"] == "Amount":
            spec.update(createable=False, updateable=False, permissionable=True)
    result = check_write(describe=locked, operation="update", fields={"amount": "5"})
    assert result.problems[0].message == (
        "You can't edit Amount in Salesforce (read-only for your profile)."
    )
    locked["updateable"] = False
    result = check_write(describe=locked, operation="update", fields={"name": "x"})
    assert "You can't update Opportunity records" in result.problems[0].message


def test_lengths_types_and_record_types(shared_dir: Path) -> None:
    account = load(shared_dir, "Account")
    result = check_write(
        describe=account,
        operation="create",
        fields={"name": "A" * 300, "website": "acme.com", "AnnualRevenue": "1.5M",
                "recordtype": "household", "NumberOfEmployees": "2.5"},
        ctx=CTX,
    )  # fmt: skip
    assert [p.field for p in result.problems] == ["Name", "NumberOfEmployees"]
    assert result.problems[0].message == "Account Name is too long: 300 characters, at most 255."
    typed = {"name": "A", "recordtype": "Household", "website": "acme.com"}
    good = check_write(describe=account, operation="create", fields=typed)
    assert good.values == {"Name": "A", "RecordTypeId": "01254000001upcKAAQ",
                           "Website": "https://acme.com"}  # fmt: skip
    bad = check_write(
        describe=account, operation="create", fields={"name": "A", "record type": "x"}
    )
    assert bad.problems[0].valid_values == ("Household",)


def test_compound_names_dates_and_polymorphic_lookups(shared_dir: Path) -> None:
    contact = check_write(describe=load(shared_dir, "Contact"), operation="create",
                          fields={"name": "Ada Lovelace", "last": "Lovelace"})  # fmt: skip
    assert contact.problems[0].message.startswith("Full Name is put together by Salesforce")
    event = check_write(
        describe=load(shared_dir, "Event"),
        operation="create",
        fields={"subject": "call", "StartDateTime": "2026-12-31 14:00", "duration": "1h30m",
                "what": "https://x.lightning.force.com/lightning/r/Account/0015c00002Lz9mUAAR/view"},
        ctx=CTX,
    )  # fmt: skip
    assert event.values["Subject"] == "Call"  # a combobox keeps Salesforce's spelling
    assert event.values["StartDateTime"] == "2026-12-31T14:00:00.000Z"
    assert event.values["DurationInMinutes"] == 90
    (what,) = event.references
    assert (what.record_id, what.object_name) == ("0015c00002Lz9mUAAR", "Account")
    assert len(what.targets) > 10


def test_uiapi_record_type_picklists(shared_dir: Path) -> None:
    payload = json.loads(
        (shared_dir / "salesforce/uiapi/picklist-values-by-recordtype_Account.json").read_text()
    )
    values = record_type_picklists(payload)
    assert values["AccountSource"][:2] == ["Web", "Phone Inquiry"]


@given(st.dictionaries(
    st.sampled_from(["name", "amount", "stage", "close", "account", "probability", "IsPrivate",
                     "NextStep", "type", "owner", "bogus", "TotalOpportunityQuantity"]),
    st.text(max_size=30), max_size=6))  # fmt: skip
def test_any_input_gives_values_or_problems(fields: dict[str, str]) -> None:
    opp = _OPP
    result = check_write(describe=opp, operation="create", fields=fields, ctx=CTX,
                         key_prefixes=PREFIXES)  # fmt: skip
    for problem in result.problems:
        assert problem.message and "<" not in problem.message


_OPP = json.loads((Path(__file__).resolve().parents[4] / "shared/salesforce/describe/Opportunity.json").read_text())  # fmt: skip  # noqa: E501
