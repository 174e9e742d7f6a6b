"""`/sf create` end to end: Slack simulator → app → devkit Salesforce, per object type."""

from __future__ import annotations

from bot.slack import ids


def test_create_opportunity_with_link_and_key_fields(records_env) -> None:
    reply = records_env.run(
        'create opportunity name="Acme renewal 2027" amount=50k stage=Prospecting '
        'close=2026-12-31 account="Acme Corporation"'
    )
    assert reply["text"].startswith(":white_check_mark: Created opportunity"), reply["text"]
    created = records_env.records("Opportunity", Name="Acme renewal 2027")
    assert len(created) == 1
    record = created[0]
    assert record["Amount"] == 50000 and record["StageName"] == "Prospecting"
    assert record["CloseDate"] == "2026-12-31"
    acme = records_env.records("Account", Name="Acme Corporation")[0]
    assert record["AccountId"] == acme["Id"]
    blocks = {b.get("block_id"): b for b in reply["blocks"]}
    link = f"{records_env.emu.base_url}/lightning/r/Opportunity/{record['Id']}/view"
    assert link in blocks[ids.RECORD_RESULT_BLOCK]["text"]["text"]
    fields = " ".join(f["text"] for f in blocks[ids.RECORD_FIELDS_BLOCK]["fields"])
    assert "Acme Corporation" in fields and "50,000" in fields and "Prospecting" in fields
    actions = blocks[ids.RECORD_ACTIONS_BLOCK]["elements"]
    assert [a["action_id"] for a in actions] == [ids.OPEN_RECORD_ACTION, ids.UNDO_ACTION]


def test_create_contact_resolves_account_by_part_of_its_name(records_env) -> None:
    reply = records_env.run(
        "create contact first=Alan last=Turing email=alan@acme.example account=Acme"
    )
    assert reply["text"].startswith(":white_check_mark: Created contact"), reply["text"]
    contact = records_env.records("Contact", LastName="Turing")[0]
    assert contact["AccountId"] == records_env.records("Account", Name="Acme Corporation")[0]["Id"]
    assert "Alan Turing" in reply["blocks"][0]["text"]["text"]


def test_create_custom_object_by_label(records_env) -> None:
    reply = records_env.run('create project name="Globex rollout" status=planned budget=$12.5k')
    assert reply["text"].startswith(":white_check_mark: Created project"), reply["text"]
    project = records_env.records("Project__c", Name="Globex rollout")[0]
    assert project["Status__c"] == "Planned" and project["Budget__c"] == 12500


def test_unknown_object_suggests(records_env) -> None:
    reply = records_env.run("create oportunity name=x")
    assert "I don't know the object" in reply["text"] and "`opportunity`" in reply["text"]


def test_all_problems_reported_together(records_env) -> None:
    reply = records_env.run(
        'create opportunity name="Big deal" stage=Won close=2026-13-45 amount=lots '
        "account=Acme colour=blue"
    )
    text = reply["text"]
    assert text.startswith("I didn't create the opportunity. Please fix:"), text
    assert "Did you mean “Closed Won”?" in text and "Prospecting" in text  # stages listed
    assert "Close Date" in text
    assert "Amount" in text and "isn't a number" in text
    assert "has no field “colour”" in text
    assert records_env.records("Opportunity", Name="Big deal") == []


def test_stage_not_in_the_record_types_sales_process(records_env) -> None:
    reply = records_env.run(
        'create opportunity name="Renewal X" recordtype=Renewal stage=Prospecting '
        "close=2026-12-31 account=Initech"
    )
    assert "isn't a Stage value for this record type" in reply["text"], reply["text"]
    assert "Qualification" in reply["text"] and "Negotiation/Review" in reply["text"]


def test_too_long_and_wrong_type(records_env) -> None:
    reply = records_env.run(f"create contact last={'x' * 81} email=not-an-email account=Acme")
    assert "Last Name is too long: 81 characters, at most 80." in reply["text"], reply["text"]
    assert "isn't an email address" in reply["text"]


def test_missing_parent_with_close_matches(records_env) -> None:
    reply = records_env.run("create contact last=Nobody account=Acmee")
    assert "There is no Account named “Acmee”" in reply["text"], reply["text"]
    assert "Acme Corporation" in reply["text"]


def test_invisible_and_deleted_parent(records_env) -> None:
    hidden = records_env.records("Opportunity", Name="Initech TPS upgrade")[0]["Id"]
    reply = records_env.run(f"create task subject=Call whatid={hidden}")
    assert "doesn't exist, or you can't see it" in reply["text"], reply["text"]
    umbrella = records_env.records("Account", Name="Umbrella Health")[0]["Id"]
    session = records_env.emu.session("admin@demo.example")
    base = records_env.emu.base_url + "/services/data/v62.0/sobjects/Account/"
    assert session.delete(base + umbrella).status_code == 204
    reply = records_env.run(f"create contact last=Gone account={umbrella}")
    assert "was deleted" in reply["text"], reply["text"]


def test_ambiguous_parent_offers_buttons_and_the_pick_completes_the_write(records_env) -> None:
    reply = records_env.run(
        "create opportunity name=Pick stage=Prospecting close=2026-12-31 account=Corporation"
    )
    assert reply["text"].startswith("Several records match “Corporation”"), reply["text"]
    names = [b["text"]["text"] for b in reply["blocks"][1:]]
    assert any("Globex Corporation" in n for n in names) and any(
        "Acme Corporation" in n for n in names
    )
    globex_index = next(i for i, n in enumerate(names) if "Globex" in n)
    records_env.click(reply, ids.PICK_RECORD_ACTION, index=globex_index)
    records_env.wait_text(":white_check_mark: Created opportunity")
    opp = records_env.records("Opportunity", Name="Pick")
    assert (
        len(opp) == 1
        and opp[0]["AccountId"]
        == records_env.records("Account", Name="Globex Corporation")[0]["Id"]
    )


def test_field_read_only_for_the_profile(records_env) -> None:
    # Reps may read Credit Limit but not edit it (field-level security in the rep's describe).
    reply = records_env.run('update "Acme Corporation" "credit limit"=5000')
    assert (
        "You can't edit Credit Limit in Salesforce (read-only for your profile)." in reply["text"]
    )
    # A field the profile can't even see is unknown to this user.
    reply = records_env.run(
        'create opportunity name=FLS stage=Prospecting close=2026-12-31 "discount approved"=yes'
    )
    assert "has no field “discount approved”" in reply["text"], reply["text"]


def test_values_the_way_people_type_them(records_env) -> None:
    reply = records_env.run(
        'create opportunity name="Typed values" amount=$1.2M stage=prospecting close=31/12/2026'
    )
    assert reply["text"].startswith(":white_check_mark:"), reply["text"]
    record = records_env.records("Opportunity", Name="Typed values")[0]
    assert record["Amount"] == 1200000 and record["StageName"] == "Prospecting"
    assert record["CloseDate"] == "2026-12-31"


def test_user_text_is_escaped(records_env) -> None:
    reply = records_env.run(
        "create contact last=<!here> first=@channel email=x@y.example account=Acme"
    )
    assert reply["text"].startswith(":white_check_mark:"), reply["text"]
    assert records_env.sim.special_mentions() == []
    assert records_env.records("Contact", LastName="<!here>")
