"""The generic record form: opened pre-filled, typeahead lookups, checks before writing,
Salesforce refusals on the right input, "Saving…" when Salesforce is slow."""

from __future__ import annotations

from bot.slack import ids, messages
from bot.slack.record_modal import block_id
from tests.fixtures.records import ADA


def _open(env, text: str) -> dict:
    before = env.sim.top_view(ADA)
    env.slash(text)
    return env.sim.wait_for(lambda: (v := env.sim.top_view(ADA)) and v != before and v)


def _inputs(view: dict) -> dict[str, dict]:
    return {b["block_id"]: b for b in view["blocks"] if b.get("type") == "input"}


def test_a_create_missing_required_fields_opens_the_form_prefilled(records_env) -> None:
    reply = records_env.run("create contact first=Ada email=ada.b@acme.example account=Acme")
    assert reply["text"] == messages.MODAL_OPENED
    view = records_env.sim.top_view(ADA)
    inputs = _inputs(view)
    order = list(inputs)
    assert order[0] == block_id("LastName")  # required fields first
    assert inputs[block_id("LastName")].get("optional") in (None, False)
    assert inputs[block_id("FirstName")]["element"]["initial_value"] == "Ada"
    assert inputs[block_id("Email")]["element"]["initial_value"] == "ada.b@acme.example"
    account = inputs[block_id("AccountId")]["element"]
    assert account["type"] == "external_select"
    assert account["initial_option"]["text"]["text"] == "Acme Corporation"
    result = records_env.sim.view_submission({block_id("LastName"): "Byron"}, user=ADA)
    assert result.applied == "update", result.body
    contact = records_env.records("Contact", LastName="Byron")
    assert len(contact) == 1 and contact[0]["FirstName"] == "Ada"
    assert (
        contact[0]["AccountId"] == records_env.records("Account", Name="Acme Corporation")[0]["Id"]
    )
    shown = str(records_env.sim.top_view(ADA)["blocks"])
    assert (
        "Created contact" in shown and "/lightning/r/Contact/" in shown and ids.UNDO_ACTION in shown
    )


def test_input_types_and_checks_before_writing(records_env) -> None:
    # `/sf new opportunity` opens the dedicated opportunity modal; a create missing required
    # fields still opens this generic form.
    _open(records_env, 'create opportunity name="Form deal"')
    view = records_env.sim.top_view(ADA)
    inputs = _inputs(view)
    kinds = {name: block["element"]["type"] for name, block in inputs.items()}
    assert kinds[block_id("Amount")] == "number_input"
    assert kinds[block_id("CloseDate")] == "datepicker"
    assert kinds[block_id("StageName")] == "static_select"
    assert kinds[block_id("AccountId")] == "external_select"
    assert kinds[block_id("Name")] == "plain_text_input"
    stages = [o["value"] for o in inputs[block_id("StageName")]["element"]["options"]]
    assert "Prospecting" in stages  # the default record type's sales process
    result = records_env.sim.view_submission(
        {
            block_id("Name"): "Form deal",
            block_id("StageName"): "Prospecting",
            block_id("CloseDate"): "2026-12-31",
            block_id("Amount"): "-5",
        },
        user=ADA,
    )
    # Salesforce's validation rule names Amount: the error lands on that input.
    assert result.applied == "errors", result.body
    assert result.body["errors"] == {
        block_id("Amount"): "Your org's rule says: Amount cannot be negative."
    }
    assert records_env.records("Opportunity", Name="Form deal") == []
    result = records_env.sim.view_submission({block_id("Amount"): "5000"}, user=ADA)
    assert result.applied == "update", result.body
    assert records_env.records("Opportunity", Name="Form deal")[0]["Amount"] == 5000


def test_checks_land_on_the_right_input(records_env) -> None:
    _open(records_env, "new contact")
    result = records_env.sim.view_submission(
        {block_id("LastName"): "x" * 10, block_id("Email"): "not an email"}, user=ADA
    )
    assert result.applied == "errors", result.body
    assert list(result.body["errors"]) == [block_id("Email")]
    assert "isn't an email address" in result.body["errors"][block_id("Email")]


def test_lookup_typeahead_and_custom_object(records_env) -> None:
    _open(records_env, "new project")
    options = records_env.sim.block_suggestion(
        ids.RECORD_MODAL_LOOKUP_ACTION, "glob", block_id=block_id("Account__c"), user=ADA
    )
    names = [o["text"]["text"] for o in options.body["options"]]
    assert names == ["Globex Corporation"], names
    result = records_env.sim.view_submission(
        {
            block_id("Name"): "Typeahead project",
            block_id("Account__c"): options.body["options"][0]["value"],
            block_id("Status__c"): "Planned",
        },
        user=ADA,
    )
    assert result.applied == "update", result.body
    project = records_env.records("Project__c", Name="Typeahead project")[0]
    assert (
        project["Account__c"] == records_env.records("Account", Name="Globex Corporation")[0]["Id"]
    )


def test_double_submit_writes_once(records_env) -> None:
    _open(records_env, "new contact")
    view = records_env.sim.top_view(ADA)
    first = records_env.sim.view_submission({block_id("LastName"): "Twice"}, user=ADA)
    assert first.applied == "update"
    # the same submission again (Slack resends the same view)
    again = records_env.sim._send("view_submission", first.payload, retry_num=1)
    assert again.status == 200
    assert len(records_env.records("Contact", LastName="Twice")) == 1
    assert view["id"] == first.payload["view"]["id"]


def test_slow_salesforce_shows_saving_then_the_result(records_env) -> None:
    _open(records_env, "new contact")  # warm the caches
    records_env.emu.set_faults(latency_ms=2500)
    result = records_env.sim.view_submission({block_id("LastName"): "Slowpoke"}, user=ADA)
    assert result.applied == "update"
    assert messages.MODAL_SAVING in str(records_env.sim.top_view(ADA)["blocks"])
    records_env.sim.wait_for(
        lambda: "Created contact" in str(records_env.sim.top_view(ADA)["blocks"]), timeout=15
    )
    records_env.emu.set_faults(latency_ms=0)
    assert len(records_env.records("Contact", LastName="Slowpoke")) == 1


def test_undo_from_the_form_result(records_env) -> None:
    _open(records_env, "new contact")
    result = records_env.sim.view_submission({block_id("LastName"): "Formundo"}, user=ADA)
    assert result.applied == "update"
    view = records_env.sim.top_view(ADA)
    undo = next(
        e
        for b in view["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id") == ids.UNDO_ACTION
    )
    records_env.sim.block_action(ids.UNDO_ACTION, value=undo["value"], user=ADA)
    records_env.sim.wait_for(lambda: "Undone" in str(records_env.sim.top_view(ADA)["blocks"]))
    assert records_env.records("Contact", LastName="Formundo") == []
