"""The opportunity modal end to end: record types and stages, kept values, errors, the write."""

from __future__ import annotations

from bot.slack import ids
from bot.slack.opportunity_blocks import stage_block_id
from tests.fixtures.notes_app import ADA, Connected

CHANNEL = "C0SALES001"
RENEWAL_STAGES = ["Qualification", "Negotiation/Review", "Closed Won", "Closed Lost"]


def _block(view: dict, block_id: str) -> dict:
    return next(b for b in view["blocks"] if b["block_id"] == block_id)


def _stage_block(view: dict) -> dict:
    return next(b for b in view["blocks"] if b["block_id"].startswith(ids.OPP_STAGE_BLOCK_PREFIX))


def _options(block: dict) -> list[str]:
    return [o["value"] for o in block["element"]["options"]]


def _open(setup: Connected) -> dict:
    result = setup.slack.slash("new opportunity", user=ADA, channel=CHANNEL)
    assert result.ok
    return setup.slack.wait_for(lambda: setup.slack.top_view(ADA), message="the modal")


def _record_types(view: dict) -> dict[str, str]:
    block = _block(view, ids.OPP_RECORD_TYPE_BLOCK)
    return {o["text"]["text"]: o["value"] for o in block["element"]["options"]}


def test_record_type_comes_first_and_decides_the_stages(connected: Connected) -> None:
    view = _open(connected)
    assert view["blocks"][0]["block_id"] == ids.OPP_RECORD_TYPE_BLOCK
    types = _record_types(view)
    assert set(types) == {"New Business", "Renewal"}
    assert (
        _block(view, ids.OPP_RECORD_TYPE_BLOCK)["element"]["initial_option"]["value"]
        == (types["New Business"])
    )
    assert "Prospecting" in _options(_stage_block(view))


def test_switching_record_type_keeps_values_and_shows_that_process(connected: Connected) -> None:
    view = _open(connected)
    renewal = _record_types(view)["Renewal"]
    connected.slack.set_values(
        {ids.OPP_NAME_ACTION: "Globex renewal", ids.OPP_AMOUNT_ACTION: "50k",
         ids.OPP_CLOSE_ACTION: "2026-12-31", ids.OPP_NEXT_STEP_ACTION: "Send terms"},
        user=ADA,
    )  # fmt: skip
    connected.slack.block_action(ids.OPP_RECORD_TYPE_ACTION, value=renewal, user=ADA)
    updated = connected.slack.wait_for(
        lambda: (
            (v := connected.slack.top_view(ADA))
            and _block(v, ids.OPP_RECORD_TYPE_BLOCK)["element"]["initial_option"]["value"]
            == renewal
            and v
        )
    )
    assert _options(_stage_block(updated)) == RENEWAL_STAGES
    assert _stage_block(updated)["block_id"] == stage_block_id(renewal)
    assert _block(updated, ids.OPP_NAME_BLOCK)["element"]["initial_value"] == "Globex renewal"
    assert _block(updated, ids.OPP_AMOUNT_BLOCK)["element"]["initial_value"] == "50k"
    assert _block(updated, ids.OPP_CLOSE_BLOCK)["element"]["initial_date"] == "2026-12-31"
    assert _block(updated, ids.OPP_NEXT_STEP_BLOCK)["element"]["initial_value"] == "Send terms"
    assert connected.slack.failed_calls() == []


def test_invalid_amount_errors_on_its_block_before_any_write(connected: Connected) -> None:
    view = _open(connected)
    before = len(connected.emu.records("Opportunity"))
    result = connected.slack.view_submission(
        {ids.OPP_NAME_ACTION: "Bad amount", ids.OPP_AMOUNT_ACTION: "lots",
         ids.OPP_CLOSE_ACTION: "2026-12-31", ids.OPP_STAGE_ACTION: "Prospecting"},
        user=ADA,
    )  # fmt: skip
    assert set(result.errors) == {ids.OPP_AMOUNT_BLOCK}, result.errors
    assert "lots" in result.errors[ids.OPP_AMOUNT_BLOCK]
    assert len(connected.emu.records("Opportunity")) == before
    del view


def test_salesforce_validation_rule_lands_on_the_amount(connected: Connected) -> None:
    _open(connected)
    result = connected.slack.view_submission(
        {ids.OPP_NAME_ACTION: "Negative", ids.OPP_AMOUNT_ACTION: "-5",
         ids.OPP_CLOSE_ACTION: "2026-12-31", ids.OPP_STAGE_ACTION: "Prospecting"},
        user=ADA,
    )  # fmt: skip
    assert ids.OPP_AMOUNT_BLOCK in (result.errors or {}), result.errors
    assert "negative" in result.errors[ids.OPP_AMOUNT_BLOCK].lower()
    assert not [r for r in connected.emu.records("Opportunity") if r["Name"] == "Negative"]


def test_create_with_account_and_contact_roles(connected: Connected) -> None:
    view = _open(connected)
    renewal = _record_types(view)["Renewal"]
    connected.slack.block_action(ids.OPP_RECORD_TYPE_ACTION, value=renewal, user=ADA)
    connected.slack.wait_for(
        lambda: _options(_stage_block(connected.slack.top_view(ADA))) == RENEWAL_STAGES
    )
    accounts = connected.slack.block_suggestion(ids.OPP_ACCOUNT_ACTION, "acme", user=ADA)
    [acme] = [
        o["value"] for o in accounts.body["options"] if o["text"]["text"] == "Acme Corporation"
    ]  # noqa: E501
    contacts = connected.slack.block_suggestion(ids.OPP_CONTACTS_ACTION, "grace", user=ADA)
    grace = [o["value"] for o in contacts.body["options"]]
    result = connected.slack.view_submission(
        {ids.OPP_NAME_ACTION: "Acme 2027 renewal", ids.OPP_AMOUNT_ACTION: "$1.2M",
         ids.OPP_CLOSE_ACTION: "2027-03-31", ids.OPP_STAGE_ACTION: "Negotiation/Review",
         ids.OPP_ACCOUNT_ACTION: acme, ids.OPP_CONTACTS_ACTION: grace,
         ids.OPP_ROLE_ACTION: "Economic Buyer"},
        user=ADA,
    )  # fmt: skip
    assert result.ok and not result.errors, result.errors
    [opp] = [r for r in connected.emu.records("Opportunity") if r["Name"] == "Acme 2027 renewal"]
    assert opp["AccountId"] == acme and opp["RecordTypeId"][:15] == renewal[:15]
    assert opp["Amount"] == 1200000 and opp["StageName"] == "Negotiation/Review"
    assert opp["CloseDate"] == "2027-03-31"
    [role] = [r for r in connected.emu.records("OpportunityContactRole")
              if r["OpportunityId"] == opp["Id"]]  # fmt: skip
    assert role["ContactId"] == grace[0] and role["IsPrimary"] and role["Role"] == "Economic Buyer"
    message = connected.slack.wait_for(
        lambda: [m for m in connected.slack.ephemeral_messages(ADA, CHANNEL)
                 if "Created the opportunity" in (m.get("text") or "")]
    )[0]  # fmt: skip
    assert "Undo" in str(message["blocks"])
    assert "1,200,000" in message["text"]  # the amount as people read it, not 1200000


def test_global_shortcut_offers_opportunity_first(connected: Connected) -> None:
    connected.slack.global_shortcut(ids.NEW_RECORD_CALLBACK, user=ADA)
    chooser = connected.slack.wait_for(lambda: connected.slack.top_view(ADA))
    element = chooser["blocks"][0]["element"]
    assert element["options"][0]["value"] == "Opportunity"
    result = connected.slack.view_submission({}, user=ADA)
    assert result.ok
    connected.slack.wait_for(
        lambda: connected.slack.top_view(ADA)["callback_id"] == ids.OPP_MODAL_CALLBACK
    )
    assert _record_types(connected.slack.top_view(ADA))


def test_the_chooser_hands_other_objects_to_the_generic_form(connected: Connected) -> None:
    connected.slack.global_shortcut(ids.NEW_RECORD_CALLBACK, user=ADA)
    connected.slack.wait_for(lambda: connected.slack.top_view(ADA))
    result = connected.slack.view_submission({ids.NEW_RECORD_OBJECT_ACTION: "Contact"}, user=ADA)
    assert result.ok and not result.errors
    assert connected.slack.top_view(ADA)["callback_id"] == ids.RECORD_MODAL_CALLBACK


def test_new_opportunity_button_on_an_account_reply(connected: Connected) -> None:
    result = connected.slack.slash('show "Acme Corporation"', user=ADA, channel=CHANNEL)
    assert result.ok
    reply = connected.slack.wait_for(
        lambda: [m for m in connected.slack.ephemeral_messages(ADA, CHANNEL)
                 if ids.NEW_OPPORTUNITY_ACTION in str(m.get("blocks"))]
    )[-1]  # fmt: skip
    connected.slack.block_action(ids.NEW_OPPORTUNITY_ACTION, user=ADA, message_ts=reply["ts"],
                                 channel=CHANNEL)  # fmt: skip
    modal = connected.slack.wait_for(lambda: connected.slack.top_view(ADA))
    account = _block(modal, ids.OPP_ACCOUNT_BLOCK)["element"]["initial_option"]
    assert account["text"]["text"] == "Acme Corporation"
    assert account["value"] == connected.named("Account", "Acme Corporation")
