"""`/sf update`, `/sf delete`, `/sf show`, `/sf find` and Undo, end to end."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk import WebClient
from sqlalchemy import update as sql_update

from bot.slack import ids, messages
from bot.slack.record_modal import block_id
from bot.store.models import WriteIntent
from bot.writes.intents import utcnow
from tests.fixtures.records import ADA, CHANNEL, ROB


def _opportunity(env, name: str) -> dict:
    return env.records("Opportunity", Name=name)[0]


def test_update_by_name_shows_before_and_after_and_undo_restores(records_env) -> None:
    reply = records_env.run('update "Acme renewal 2026" stage="Closed Won" amount=55k')
    assert reply["text"].startswith(":white_check_mark: Updated opportunity"), reply["text"]
    record = _opportunity(records_env, "Acme renewal 2026")
    assert record["StageName"] == "Closed Won" and record["Amount"] == 55000
    fields = " ".join(f["text"] for b in reply["blocks"] if b.get("fields") for f in b["fields"])
    assert "Negotiation/Review → Closed Won" in fields
    records_env.click(reply, ids.UNDO_ACTION)
    records_env.wait_text(":leftwards_arrow_with_hook: Undone")
    record = _opportunity(records_env, "Acme renewal 2026")
    assert record["StageName"] == "Negotiation/Review" and record["Amount"] == 50000


def test_update_by_id_and_by_pasted_links(records_env) -> None:
    record = _opportunity(records_env, "Globex pilot")
    base = records_env.emu.base_url
    for typed, amount in (
        (record["Id"], "26000"),
        (record["Id"][:15], "27000"),
        (f"{base}/lightning/r/Opportunity/{record['Id']}/view", "28000"),
        (f"https://demo.my.salesforce.com/{record['Id'][:15]}", "29000"),
    ):
        reply = records_env.run(f"update {typed} amount={amount}")
        assert reply["text"].startswith(":white_check_mark: Updated"), (typed, reply["text"])
        assert _opportunity(records_env, "Globex pilot")["Amount"] == int(amount)


def test_update_with_the_object_named_before_the_record(records_env) -> None:
    reply = records_env.run('update opportunity "Acme renewal 2026" amount=51k')
    assert reply["text"].startswith(":white_check_mark: Updated opportunity"), reply["text"]
    assert _opportunity(records_env, "Acme renewal 2026")["Amount"] == 51000
    reply = records_env.run("update opportunity Globex pilot amount=26k")  # unquoted too
    assert reply["text"].startswith(":white_check_mark: Updated opportunity"), reply["text"]
    assert _opportunity(records_env, "Globex pilot")["Amount"] == 26000
    # The object limits the search: no contact is named like that opportunity.
    reply = records_env.run('update contact "Globex pilot" phone=555-0100')
    assert not reply["text"].startswith(":white_check_mark:"), reply["text"]
    reply = records_env.run('update opportunty "Globex pilot" amount=1')
    assert "Did you mean `opportunity`" in reply["text"], reply["text"]


def test_update_checks_the_records_sales_process(records_env) -> None:
    # Acme renewal 2026 is a Renewal: its process has no Prospecting stage.
    reply = records_env.run('update "Acme renewal 2026" stage=Prospecting')
    assert "isn't a Stage value for this record type" in reply["text"], reply["text"]
    assert _opportunity(records_env, "Acme renewal 2026")["StageName"] == "Negotiation/Review"


def test_update_ambiguous_name_offers_a_pick(records_env) -> None:
    reply = records_env.run("update Acme amount=1")
    assert reply["text"].startswith("Several records match “Acme”"), reply["text"]
    names = [b["text"]["text"] for b in reply["blocks"][1:]]
    # only objects with an Amount field are offered
    assert all("Opportunity" in n for n in names) and len(names) == 2
    records_env.click(reply, ids.PICK_RECORD_ACTION, index=0)
    records_env.wait_text(":white_check_mark: Updated opportunity")


def test_validation_rule_rejection_in_plain_words(records_env) -> None:
    reply = records_env.run('update "Globex pilot" amount=-5')
    assert reply["text"].startswith(":x: Salesforce didn't update the opportunity"), reply["text"]
    assert "Amount cannot be negative." in reply["text"]
    assert _opportunity(records_env, "Globex pilot")["Amount"] == 25000


def test_edit_after_a_refused_update_offers_the_records_own_stages(records_env) -> None:
    # Acme renewal 2026 is a Renewal (no Prospecting stage); the default record type has one.
    reply = records_env.run('update "Acme renewal 2026" amount=-5 stage="Closed Won"')
    assert reply["text"].startswith(":x: Salesforce didn't update"), reply["text"]
    before = records_env.sim.top_view(ADA)
    records_env.click(reply, ids.EDIT_RECORD_ACTION)
    view = records_env.sim.wait_for(lambda: (v := records_env.sim.top_view(ADA)) != before and v)
    stage = next(b for b in view["blocks"] if b.get("block_id") == block_id("StageName"))
    stages = [o["value"] for o in stage["element"]["options"]]
    assert "Closed Won" in stages and "Prospecting" not in stages, stages
    assert stage["element"]["initial_option"]["value"] == "Closed Won"


def test_read_only_user_is_refused_in_plain_words(records_env) -> None:
    reply = records_env.run('update "Acme Corporation" phone=555-0199', user=ROB)
    assert "read-only" in reply["text"] or "permission" in reply["text"], reply["text"]
    assert records_env.records("Account", Name="Acme Corporation")[0]["Phone"] == "(312) 555-0100"


def test_delete_asks_to_confirm_then_undo_restores(records_env) -> None:
    reply = records_env.run('delete "Globex pilot"')
    assert reply["text"].startswith("Delete opportunity"), reply["text"]
    assert "Qualification" in str(reply["blocks"])  # what will be deleted
    assert records_env.records("Opportunity", Name="Globex pilot")  # not yet
    records_env.click(reply, ids.CONFIRM_DELETE_ACTION)
    done = records_env.wait_text(":wastebasket: Deleted opportunity")
    assert records_env.records("Opportunity", Name="Globex pilot") == []
    records_env.click(done, ids.UNDO_ACTION)
    undone = records_env.wait_text(":leftwards_arrow_with_hook: Undone")
    restored = records_env.records("Opportunity", Name="Globex pilot")
    assert restored and f"/lightning/r/Opportunity/{restored[0]['Id']}/view" in str(undone)


def test_delete_cancel(records_env) -> None:
    reply = records_env.run('delete "Globex pilot"')
    records_env.click(reply, ids.CANCEL_ACTION)
    records_env.wait_text(messages.DELETE_CANCELLED)
    assert records_env.records("Opportunity", Name="Globex pilot")


def test_undo_of_a_create_deletes_it(records_env) -> None:
    reply = records_env.run("create contact first=Undo last=Me account=Globex")
    assert records_env.records("Contact", LastName="Me")
    records_env.click(reply, ids.UNDO_ACTION)
    records_env.wait_text(":leftwards_arrow_with_hook: Undone")
    assert records_env.records("Contact", LastName="Me") == []


def test_undo_refused_after_the_window_and_for_another_user(records_env) -> None:
    reply = records_env.run("create contact first=Late last=Undo account=Globex")
    with records_env.services.sessions() as session:
        session.execute(
            sql_update(WriteIntent).values(completed_at=utcnow() - timedelta(minutes=16))
        )
        session.commit()
    records_env.click(reply, ids.UNDO_ACTION)
    expected = messages.UNDO_REFUSED["expired"].format(minutes=15)
    records_env.wait_text(expected)
    assert records_env.records("Contact", LastName="Undo")
    # The same buttons in a message everyone sees: another user's Undo is refused.
    slack = WebClient(base_url=records_env.sim.api_url, token=records_env.sim.bot_token)
    shared = slack.chat_postMessage(channel=CHANNEL, text=reply["text"], blocks=reply["blocks"])
    message = records_env.sim.messages(CHANNEL, ephemeral=False)[-1]
    assert message["ts"] == shared["ts"]
    records_env.click(message, ids.UNDO_ACTION, user=ROB)
    records_env.wait_text(messages.UNDO_REFUSED["other_user"], user=ROB)
    assert records_env.records("Contact", LastName="Undo")


def test_show_and_find(records_env) -> None:
    reply = records_env.run("show Acme renewal 2026")
    text = str(reply["blocks"])
    assert (
        "Acme renewal 2026" in text and "Negotiation/Review" in text and "Acme Corporation" in text
    )
    assert "/lightning/r/Opportunity/" in text
    found = records_env.run("find contact lovelace")
    assert found["text"].startswith("Found 1 for “lovelace”"), found["text"]
    assert "Ada Lovelace" in str(found["blocks"]) and "/lightning/r/Contact/" in str(
        found["blocks"]
    )
    everything = records_env.run("find acme")
    assert "Acme Corporation" in str(everything["blocks"]) and "Acme renewal" in str(
        everything["blocks"]
    )
    nothing = records_env.run("find zzzqqq")
    assert nothing["text"] == messages.FIND_NONE.format(typed="“zzzqqq”")


def test_show_invisible_record(records_env) -> None:
    hidden = records_env.records("Opportunity", Name="Initech TPS upgrade")[0]["Id"]
    reply = records_env.run(f"show {hidden}", user=ADA)
    assert "doesn't exist, or you can't see it" in reply["text"], reply["text"]


def test_update_with_a_field_typo_names_the_field(records_env) -> None:
    reply = records_env.run('update "Globex pilot" stgae=Qualification')
    assert "has no field “stgae”" in reply["text"] and "StageName" in reply["text"], reply["text"]
