"""A demanding rep's and admin's tour of `/sf`: normal use and the ways people get it wrong.

Every test drives the real app through the Slack simulator against devkit Salesforce's demo
org and asserts on what the user reads: which field, what is wrong, what would be valid, the
next step, and that what they typed is kept.
"""

from __future__ import annotations

import pytest

from bot.slack import ids, messages
from tests.fixtures.records import ADA, ROB, RecordsEnv

ADA_RESULT_TIMEOUT = 10.0


def _text(reply: dict) -> str:
    """Everything the user reads in a reply: the fallback and every block's text."""
    parts = [reply.get("text") or ""]
    for block in reply.get("blocks") or []:
        if isinstance(block.get("text"), dict):
            parts.append(block["text"].get("text", ""))
        parts += [f.get("text", "") for f in block.get("fields") or []]
        parts += [e.get("text", "") for e in block.get("elements") or [] if isinstance(e, dict)]
    return "\n".join(parts)


def _clean(reply: dict) -> None:
    shown = str(reply)
    assert "Traceback" not in shown and "Exception" not in shown, shown


def _result(env: RecordsEnv, command: str, prefix: str, user: str | None = None) -> dict:
    """Run a command that answers "working…" first, then wait for its result."""
    kwargs = {"user": user} if user else {}
    env.slash(command, **kwargs)
    return env.wait_text(prefix, timeout=ADA_RESULT_TIMEOUT, **kwargs)


# -- help -----------------------------------------------------------------------------------


def test_help_lists_every_command_with_an_example(records_env: RecordsEnv) -> None:
    reply = records_env.run("help")
    _clean(reply)
    shown = _text(reply)
    for verb in ("connect", "create", "update", "delete", "show", "find", "note", "log", "tag"):
        block = next(b for b in reply["blocks"] if b.get("block_id") == f"sf_help_verb_{verb}")
        assert "_e.g._ `/sf " + verb in block["text"]["text"], block
    for verb in ("new", "whoami", "disconnect", "use", "help"):
        assert f"`/sf {verb}" in shown
    assert "/sf help create" in shown  # the footer says how to get more


@pytest.mark.parametrize("verb", ["create", "log", "tag", "update", "note", "use"])
def test_help_for_one_command_explains_it_with_examples(records_env, verb) -> None:
    reply = records_env.run(f"help {verb}")
    _clean(reply)
    assert reply["blocks"][0]["text"]["text"] == f"/sf {verb}"
    examples = next(b for b in reply["blocks"] if b.get("block_id") == ids.HELP_EXAMPLES_BLOCK)
    assert f"`/sf {verb} " in examples["text"]["text"]
    assert messages.HELP_VERB_FOOTER in _text(reply)


def test_help_create_examples_actually_work(records_env: RecordsEnv) -> None:
    _details, examples = messages.VERB_HELP["create"]
    for example in examples:
        reply = records_env.run(example.removeprefix("/sf "))
        assert reply["text"].startswith(":white_check_mark: Created"), (example, reply["text"])


def test_help_for_a_mistyped_command_suggests_and_still_lists(records_env) -> None:
    reply = records_env.run("help craete")
    assert "There is no command `craete`. Did you mean `/sf help create`?" in reply["text"]
    assert any(b.get("block_id") == "sf_help_verb_create" for b in reply["blocks"])


def test_help_hides_admin_commands_from_reps(records_env: RecordsEnv) -> None:
    assert "There is no command `api`" in records_env.run("help api")["text"]


# -- verbs, objects and field names mistyped ---------------------------------------------------


def test_mistyped_verb_offers_the_whole_command_fixed(records_env: RecordsEnv) -> None:
    reply = records_env.run('udpate "Acme renewal 2026" amount=5')
    assert reply["text"].startswith("I don't know the command `udpate`."), reply["text"]
    assert 'Did you mean `/sf update "Acme renewal 2026" amount=5`?' in reply["text"]


def test_mistyped_object_suggests_the_right_one(records_env: RecordsEnv) -> None:
    assert "Did you mean `opportunity`?" in records_env.run("create oportunity name=x")["text"]
    assert "Did you mean `contact`?" in records_env.run("new contcat")["text"]


def test_mistyped_field_names_suggest_labels(records_env: RecordsEnv) -> None:
    reply = records_env.run(
        'create opportunity name="Typo" ammount=5 stag=Prospecting close=2026-12-31 '
        'account="Acme Corporation"'
    )
    text = reply["text"]
    assert "Opportunity has no field “ammount”. Did you mean Amount" in text, text
    assert "Amount (Amount)" not in text  # the label, the API name only when it differs
    assert "Did you mean Stage (`StageName`)?" in text
    assert records_env.records("Opportunity", Name="Typo") == []


# -- quoting ------------------------------------------------------------------------------------


def test_smart_quotes_work_like_straight_ones(records_env: RecordsEnv) -> None:
    reply = records_env.run(
        "create opportunity name=“Smart quotes” amount=50k stage=Prospecting "
        "close=2026-12-31 account=‘Acme Corporation’"
    )
    assert reply["text"] == ":white_check_mark: Created opportunity Smart quotes.", reply["text"]


def test_unbalanced_quote_points_at_it_and_shows_the_command(records_env) -> None:
    typed = 'create opportunity name="Acme half amount=50k stage=Prospecting close=2026-12-31'
    reply = records_env.run(typed)
    assert "This quote is never closed" in reply["text"], reply["text"]
    assert typed in reply["text"]  # what was typed is shown back, with a caret under the quote


# -- values in odd formats ------------------------------------------------------------------------


def test_amounts_dates_and_picklists_as_people_type_them(records_env: RecordsEnv) -> None:
    cases = {
        "Big": 'amount=$1.2M stage="closed won" close=eoq',
        "Mid": 'amount=1.5m stage=" prospecting " close="next friday" probability=12%',
        "Dated": "amount=50k stage=Prospecting close=31/12/2026",  # Ada is en-GB
    }
    for name, values in cases.items():
        reply = records_env.run(
            f'create opportunity name="{name}" {values} account="Acme Corporation"'
        )
        assert reply["text"].startswith(":white_check_mark: Created opportunity"), reply["text"]
    big = records_env.records("Opportunity", Name="Big")[0]
    assert big["Amount"] == 1_200_000 and big["StageName"] == "Closed Won"
    assert big["CloseDate"][5:7] in ("03", "06", "09", "12") and big["CloseDate"][8:] in (
        "30",
        "31",
    )
    mid = records_env.records("Opportunity", Name="Mid")[0]
    assert mid["Amount"] == 1_500_000 and mid["StageName"] == "Prospecting"
    assert mid["Probability"] == 12
    assert records_env.records("Opportunity", Name="Dated")[0]["CloseDate"] == "2026-12-31"


def test_picklist_near_miss_lists_valid_values(records_env: RecordsEnv) -> None:
    reply = records_env.run(
        'create opportunity name="Bad stage" amount=50k stage=closedwon close=2026-12-31 '
        'account="Acme Corporation"'
    )
    text = reply["text"]
    assert "“closedwon” isn't a Stage value" in text and "Did you mean “Closed Won”?" in text
    assert "“Prospecting”" in text


def test_missing_required_fields_open_a_form_with_what_was_typed(records_env) -> None:
    reply = records_env.run('create opportunity name="Half typed" amount=50k')
    assert "opened a form with what you typed" in reply["text"], reply["text"]
    view = records_env.sim.wait_for(lambda: records_env.sim.top_view(ADA), message="the form")
    assert "Half typed" in str(view) and "50000" in str(view).replace(",", ""), view


# -- records: ambiguous names, ids of the wrong object, pasted links ------------------------------


def test_a_name_matching_several_records_offers_buttons(records_env: RecordsEnv) -> None:
    reply = records_env.run("show Acme")
    assert reply["text"] == "Several records match “Acme”. Which one did you mean?"
    labels = _text(reply)
    assert "Acme Corporation" in labels and "Acme renewal 2026" in labels


def test_lightning_and_classic_links(records_env: RecordsEnv) -> None:
    acme = records_env.records("Account", Name="Acme Corporation")[0]["Id"]
    host = "https://demo.lightning.force.com"
    for link in (
        f"{host}/lightning/r/Account/{acme}/view",
        f"https://na1.salesforce.com/{acme[:15]}",
    ):
        assert records_env.run(f"show {link}")["text"] == "Acme Corporation (Account)"


def test_an_id_of_the_wrong_object_says_what_it_is(records_env: RecordsEnv) -> None:
    acme = records_env.records("Account", Name="Acme Corporation")[0]["Id"]
    reply = records_env.run(f"update {acme} stage=Prospecting")
    assert "I didn't update the account" in reply["text"] and "no field “stage”" in reply["text"]
    # A link whose path says Opportunity but whose id is an account: the id decides.
    link = f"https://demo.lightning.force.com/lightning/r/Opportunity/{acme}/view"
    reply = records_env.run(f"update {link} stage=Prospecting")
    assert "I didn't update the account" in reply["text"], reply["text"]


def test_tag_on_a_record_of_the_wrong_kind_names_the_kinds(records_env) -> None:
    reply = records_env.run('tag ada@acme.example "Acme Corporation" role="Decision Maker"')
    assert "There is no Opportunity, Task or Event named “Acme Corporation”" in reply["text"], (
        reply["text"]
    )


# -- notes, activities, tagging --------------------------------------------------------------------


def test_note_and_log_without_their_parts_show_an_example(records_env) -> None:
    for command, missing, example in (
        ("note", "the record", '/sf note Acme "Met the CFO"'),
        ('note "Acme Corporation"', "the text", '/sf note Acme "Met the CFO"'),
        ("log call", "the record", "/sf log call Acme"),
        ("log", "the kind", "/sf log call"),
        ("tag", "the person", "/sf tag @ada"),
    ):
        text = records_env.run(command)["text"]
        assert text.startswith(f"Something is missing: {missing}"), (command, text)
        assert f"Try `{example}" in text, (command, text)


def test_rtl_text_and_emoji_note_round_trips(records_env: RecordsEnv) -> None:
    body = "שלום עולם 🎉 deal!"
    reply = _result(records_env, f'note "Acme Corporation" "{body}"', ":memo: Added the note")
    assert body in reply["text"]
    assert any(body in (n.get("Title") or "") for n in records_env.emu.records("ContentNote"))


def test_very_long_note_is_saved_and_the_reply_is_shortened(records_env) -> None:
    reply = _result(records_env, 'note "Acme Corporation" ' + "x" * 3000, ":memo: Added the note")
    assert len(reply["text"]) < 1000 and "…" in reply["text"]


def test_meeting_with_a_date_but_no_time_gets_one_problem_not_two(records_env) -> None:
    reply = records_env.run('log meeting "Acme Corporation" subject=QBR start=tomorrow duration=1h')
    text = reply["text"]
    assert "“tomorrow” needs a time as well as a date" in text, text
    assert "Start is required" not in text


def test_task_with_a_bad_priority_does_not_claim_the_subject_is_missing(records_env) -> None:
    reply = records_env.run(
        'log task "Acme Corporation" subject="Send quote" due="next friday" priority=urgent'
    )
    text = reply["text"]
    assert "“urgent” isn't a Priority value. Valid values: “High”, “Normal”, “Low”." in text
    assert "Subject is required" not in text


def test_call_with_an_unreadable_duration_shows_a_valid_one(records_env) -> None:
    reply = records_env.run('log call "Acme Corporation" subject="Pricing" duration=forever')
    assert "Duration: “forever” isn't a duration. Try “1h30m”." in reply["text"]


def test_tag_of_someone_with_no_contact_says_how_to_name_them(records_env) -> None:
    reply = records_env.run(f'tag <@{ROB}|rob> "Acme renewal 2026" role="Decision Maker"')
    text = reply["text"]
    assert "I can't find one contact for “readonly@demo.example”" in text, text
    assert "email address" in text


# -- who may do what -----------------------------------------------------------------------------


def test_read_only_user_is_told_before_anything_is_written(records_env) -> None:
    reply = records_env.run('create contact last=Readonly account="Acme Corporation"', user=ROB)
    assert reply["text"] == (
        "You can't create Contact records in Salesforce (read-only for your profile)."
    )
    assert records_env.records("Contact", LastName="Readonly") == []
    assert "can't create notes" in records_env.run('note "Acme Corporation" hi', user=ROB)["text"]


def test_admin_only_command_from_a_rep(records_env: RecordsEnv) -> None:
    text = records_env.run("api GET /limits", user=ROB)["text"]
    assert "`/sf api` is for sfbot admins only" in text and "SFBOT_ADMINS" in text


def test_unknown_org_alias_lists_the_users_orgs(records_env: RecordsEnv) -> None:
    text = records_env.run('create contact last=Nope account="Acme Corporation" org=nope')["text"]
    assert text == "You have no connected Salesforce org called `nope`. Yours: `demo-company`."
    assert records_env.records("Contact", LastName="Nope") == []


def test_unicode_names_are_kept(records_env: RecordsEnv) -> None:
    reply = records_env.run('create contact first=😀 last="محمد" account="Acme Corporation"')
    assert reply["text"] == ":white_check_mark: Created contact 😀 محمد."
