"""The generic record form from a real describe: order, input types, pre-fill, submissions."""

from __future__ import annotations

import json

import pytest

from bot.salesforce.fields import FieldProblem
from bot.slack import ids
from bot.slack.record_modal import FormState, Prefill, block_id, build_form
from bot.slack.record_modal_input import input_errors, submitted_values


@pytest.fixture(scope="module")
def opportunity(shared_dir):
    return json.loads((shared_dir / "salesforce/describe/Opportunity.json").read_text())


def test_required_first_and_one_input_per_type(opportunity) -> None:
    state = FormState(sobject="Opportunity", channel_id="C1", connection_id=3)
    view = build_form(opportunity, state=state, record_type_values={"StageName": ["Qualification"]})
    body = view.to_dict()  # slack_sdk validates the limits
    inputs = {b["block_id"]: b for b in body["blocks"] if b["type"] == "input"}
    required = [name for name in inputs if not inputs[name].get("optional")]
    assert list(inputs)[: len(required)] == required
    assert {block_id("Name"), block_id("StageName"), block_id("CloseDate")} <= set(required)
    assert inputs[block_id("Amount")]["element"]["type"] == "number_input"
    assert inputs[block_id("CloseDate")]["element"]["type"] == "datepicker"
    stage = inputs[block_id("StageName")]["element"]
    assert stage["type"] == "static_select"
    assert [o["value"] for o in stage["options"]] == ["Qualification"]  # the record type's
    assert inputs[block_id("AccountId")]["element"]["action_id"] == ids.RECORD_MODAL_LOOKUP_ACTION
    assert len(body["private_metadata"]) <= 3000
    assert FormState.load(body["private_metadata"]) == state


def test_prefill(opportunity) -> None:
    prefill = Prefill(
        values={
            "Amount": 50000,
            "CloseDate": "2026-12-31",
            "AccountId": "001000000000001AAA",
            "StageName": "Prospecting",
        },
        typed={"Name": "Acme renewal"},
        names={"AccountId": "Acme Corporation"},
    )
    body = build_form(
        opportunity, state=FormState(sobject="Opportunity"), prefill=prefill
    ).to_dict()
    inputs = {b["block_id"]: b["element"] for b in body["blocks"] if b["type"] == "input"}
    assert inputs[block_id("Name")]["initial_value"] == "Acme renewal"
    assert inputs[block_id("Amount")]["initial_value"] == "50000"
    assert inputs[block_id("CloseDate")]["initial_date"] == "2026-12-31"
    assert inputs[block_id("StageName")]["initial_option"]["value"] == "Prospecting"
    account = inputs[block_id("AccountId")]["initial_option"]
    assert (account["value"], account["text"]["text"]) == ("001000000000001AAA", "Acme Corporation")


def test_submitted_values_read_every_input_type() -> None:
    values = {
        block_id("Name"): {"a": {"type": "plain_text_input", "value": "Deal"}},
        block_id("Amount"): {"a": {"type": "number_input", "value": "12.5"}},
        block_id("CloseDate"): {"a": {"type": "datepicker", "selected_date": "2026-01-02"}},
        block_id("StageName"): {
            "a": {"type": "static_select", "selected_option": {"value": "Won"}}
        },
        block_id("IsPrivate"): {"a": {"type": "checkboxes", "selected_options": []}},
        block_id("AccountId"): {
            "a": {
                "type": "external_select",
                "selected_option": {
                    "value": "001000000000001AAA",
                    "text": {"type": "plain_text", "text": "Acme"},
                },
            }
        },
        block_id("Description"): {"a": {"type": "plain_text_input", "value": None}},
        "other": {"a": {"type": "plain_text_input", "value": "ignored"}},
    }
    typed, lookups = submitted_values(values)
    assert typed == {
        "Name": "Deal",
        "Amount": "12.5",
        "CloseDate": "2026-01-02",
        "StageName": "Won",
        "IsPrivate": "no",
    }
    assert lookups == {"AccountId": ("001000000000001AAA", "Acme")}


def test_errors_go_on_their_input_and_whole_object_ones_on_the_first() -> None:
    blocks = [block_id("Name"), block_id("Amount")]
    errors = input_errors(
        [
            FieldProblem("Amount", "Amount", "*Amount*: “x” isn't a number."),
            FieldProblem("", "", "You can't create Opportunity records."),
        ],
        blocks=blocks,
    )
    assert errors == {
        block_id("Amount"): "Amount: “x” isn't a number.",
        block_id("Name"): "You can't create Opportunity records.",
    }
