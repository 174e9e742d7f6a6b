"""Record replies are valid Block Kit (slack_sdk checks limits) and escape what users typed."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.salesforce.fields import FieldProblem
from bot.slack import ids, messages, record_blocks
from bot.slack.record_blocks import Option, RecordCard

LINK = "https://acme.lightning.force.com/lightning/r/Contact/003000000000001AAA/view"


def _text(reply) -> str:
    return json.dumps(reply.to_dict())


def test_confirmation_has_link_fields_open_and_undo() -> None:
    card = RecordCard("Contact", "Ada Lovelace", LINK, [("Email", "ada@acme.example")])
    body = record_blocks.confirmation(
        headline=messages.RECORD_CREATED, card=card, intent_id=42, undo_minutes=15
    ).to_dict()
    blocks = {b.get("block_id"): b for b in body["blocks"]}
    assert f"<{LINK}|Ada Lovelace>" in blocks[ids.RECORD_RESULT_BLOCK]["text"]["text"]
    assert "*Email*\nada@acme.example" in blocks[ids.RECORD_FIELDS_BLOCK]["fields"][0]["text"]
    buttons = blocks[ids.RECORD_ACTIONS_BLOCK]["elements"]
    assert [(b["action_id"], b.get("value")) for b in buttons] == [
        (ids.OPEN_RECORD_ACTION, None),
        (ids.UNDO_ACTION, "42"),
    ]
    assert "15 minutes" in json.dumps(body["blocks"][-1])


def test_problems_list_each_field_with_valid_values() -> None:
    found = [
        FieldProblem(
            "StageName", "Stage", "Stage is required.", valid_values=("Prospecting", "Won")
        ),
        FieldProblem("Email", "Email", "“x” isn't an email address. Try “ada@example.com”."),
    ]
    reply = record_blocks.problems(verb="create", object_label="Opportunity", found=found)
    text = reply.to_dict()["blocks"][0]["text"]["text"]
    assert text.startswith("I didn't create the opportunity. Please fix:")
    assert "• Stage is required. Valid: `Prospecting`, `Won`" in text
    assert "• “x” isn't an email address." in text


def test_failure_offers_save_anyway_and_edit() -> None:
    card = RecordCard("Contact", "Ada", LINK)
    body = record_blocks.failure(
        verb="create",
        card=card,
        message="This looks like a duplicate.",
        save_anyway_value='{"i":1}',
        edit_value='{"i":1}',
    ).to_dict()
    actions = [
        e["action_id"] for b in body["blocks"] for e in b.get("elements", []) if "action_id" in e
    ]
    assert ids.SAVE_ANYWAY_ACTION in actions and ids.EDIT_RECORD_ACTION in actions


def test_pick_has_one_button_per_record() -> None:
    options = [Option("Acme Corporation", "Account · Chicago", "v1"), Option("Acme plc", "", "v2")]
    body = record_blocks.pick(prompt="Which one?", options=options).to_dict()
    values = [b["accessory"]["value"] for b in body["blocks"] if "accessory" in b]
    assert values == ["v1", "v2"]
    assert len({b["accessory"]["action_id"] for b in body["blocks"] if "accessory" in b}) == 2


def test_button_value_refuses_what_slack_would() -> None:
    assert record_blocks.button_value({"t": "x" * 2000}) is None
    assert record_blocks.button_value({"t": "short"}) == '{"t":"short"}'


@given(st.text(min_size=1, max_size=300))
def test_names_typed_by_users_never_mention_anyone(name) -> None:
    card = RecordCard("Contact", name, LINK, [("Name", name)])
    for reply in (
        record_blocks.confirmation(
            headline=messages.RECORD_CREATED, card=card, intent_id=1, undo_minutes=15
        ),
        record_blocks.show(card),
        record_blocks.delete_confirm(card=card, value="{}", undo_minutes=15),
        record_blocks.pick(prompt="Which?", options=[Option(name, "", "v")]),
    ):
        text = _text(reply)
        assert "<!" not in text and "<@" not in text
        lowered = text.lower()
        for word in ("@here", "@channel", "@everyone"):
            assert word not in lowered
