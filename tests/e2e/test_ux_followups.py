"""Follow-ups to the UX tour: typos that used to be saved or searched silently, echoes of what
was typed instead of what was found, ids of the wrong length, and read-only users.

Every test drives the real app through the Slack simulator against devkit Salesforce's demo
org and asserts on what the user reads.
"""

from __future__ import annotations

from bot.slack import ids
from tests.fixtures.records import ROB, RecordsEnv

RESULT_TIMEOUT = 10.0


def _roles(env: RecordsEnv, opportunity: str) -> list[dict]:
    return [
        r
        for r in env.emu.records("OpportunityContactRole")
        if r["OpportunityId"] == opportunity and not r.get("IsDeleted")
    ]


def _clean(reply: dict) -> None:
    shown = str(reply)
    assert "Traceback" not in shown and "Exception" not in shown and "INSUFFICIENT" not in shown


def _renewal(env: RecordsEnv) -> str:
    return env.records("Opportunity", Name="Acme renewal 2026")[0]["Id"]


# -- /sf tag ----------------------------------------------------------------------------------


def test_tag_role_near_miss_asks_did_you_mean_and_saves_nothing(records_env) -> None:
    before = len(_roles(records_env, _renewal(records_env)))
    reply = records_env.run('tag ada@acme.example "Acme renewal 2026" role="Decison Maker"')
    text = reply["text"]
    assert "“Decison Maker” isn't one of the Role values." in text, text
    assert "Did you mean “Decision Maker”?" in text, text
    assert "add `force` at the end" in text, text
    assert len(_roles(records_env, _renewal(records_env))) == before


def test_tag_role_forced_or_custom_is_saved_as_typed(records_env: RecordsEnv) -> None:
    renewal = _renewal(records_env)
    records_env.slash('tag ada@acme.example "Acme renewal 2026" role="Decison Maker" force')
    records_env.wait_text(":", timeout=RESULT_TIMEOUT)
    records_env.sim.wait_for(
        lambda: any(r["Role"] == "Decison Maker" for r in _roles(records_env, renewal)),
        timeout=RESULT_TIMEOUT,
        message="the forced role",
    )


def test_tag_confirmation_names_the_contact_and_the_opportunity(records_env) -> None:
    records_env.slash('tag ada@acme.example "Acme renewal 2026" role="decision maker"')
    reply = records_env.wait_text("Added", timeout=RESULT_TIMEOUT)
    text = reply["text"]
    assert "Added *Ada Lovelace* (ada@acme.example) as Decision Maker on" in text, text
    assert "Acme renewal 2026" in text, text


# -- /sf find ---------------------------------------------------------------------------------


def test_find_with_a_mistyped_object_asks_did_you_mean(records_env: RecordsEnv) -> None:
    text = records_env.run("find contcat lovelace")["text"]
    assert text.startswith("I don't know the object “contcat”."), text
    assert "Did you mean `/sf find contact lovelace`?" in text, text
    assert '`/sf find "contcat lovelace"`' in text, text
    # The fixed command and the quoted one both work.
    assert "Lovelace" in str(records_env.run("find contact lovelace"))
    assert (
        "Nothing found for “contcat lovelace”" in records_env.run('find "contcat lovelace"')["text"]
    )


def test_find_an_object_without_text_asks_for_the_text(records_env: RecordsEnv) -> None:
    text = records_env.run("find contact")["text"]
    assert text == (
        "Something is missing: what to look for among Contact records. "
        "Try `/sf find contact lovelace` (a name, an email, a few words)."
    ), text
    assert "Acme Corporation" in str(records_env.run("find acme"))  # a plain word still searches


# -- ids of the wrong length ----------------------------------------------------------------------


def test_an_id_of_the_wrong_length_says_ids_have_15_or_18_characters(records_env) -> None:
    renewal = _renewal(records_env)
    for command in (
        f"delete {renewal[:14]}",
        f"show {renewal[:14]}",
        f"update {renewal[:14]} amount=5",
    ):
        text = records_env.run(command)["text"]
        assert f"“{renewal[:14]}” looks like an id (Opportunity) but has 14 characters" in text, (
            text
        )
        assert "a Salesforce id has 15 or 18 characters" in text, text
    broken = renewal[:15] + ("AAA" if renewal[15:] != "AAA" else "BBB")
    text = records_env.run(f"show {broken}")["text"]
    assert "isn't a valid one (its last 3 characters don't match the first 15)" in text, text
    assert records_env.run(f"show {renewal[:15]}")["text"] == "Acme renewal 2026 (Opportunity)"
    assert records_env.records("Opportunity", Id=renewal)[0]["Amount"] == 50000


# -- read-only users and Delete ----------------------------------------------------------------


def test_read_only_user_is_told_before_a_delete_button_is_offered(records_env) -> None:
    acme = records_env.records("Account", Name="Acme Corporation")[0]["Id"]
    reply = records_env.run(f"delete {acme}", user=ROB)
    assert reply["text"] == (
        "You can't delete Account records in Salesforce (your profile doesn't allow it), so I "
        "haven't offered a Delete button. Ask your Salesforce admin if you need to."
    ), reply["text"]
    assert "sf_record_delete_confirm" not in str(reply)


def test_delete_click_on_a_record_they_may_not_delete_says_so_plainly(records_env) -> None:
    # Accounts are readable by all but only their owner may delete them: the describe allows
    # Delete, Salesforce refuses this record when the button is clicked.
    umbrella = records_env.records("Account", Name="Umbrella Health")[0]["Id"]
    offered = records_env.run(f"delete {umbrella}")
    records_env.click(offered, ids.CONFIRM_DELETE_ACTION)
    answer = records_env.wait_text(":x:", timeout=RESULT_TIMEOUT)
    _clean(answer)
    assert answer["text"] == (
        ":x: Salesforce didn't delete the account *Umbrella Health*:\n"
        "You may not change or delete this record in Salesforce."
    ), answer["text"]
    assert records_env.records("Account", Id=umbrella), "the account was deleted"
