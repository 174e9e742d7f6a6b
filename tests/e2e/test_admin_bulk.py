"""`/sf bulk update <object> where … set …`: values checked like `/sf update`, previewed,
written with collections, each failure reported, Undo restoring each record's old values."""

from __future__ import annotations

import pytest

from bot.slack import ids, messages
from tests.fixtures.records import ADA, SAM


@pytest.fixture
def admin_env(make_records_env):
    return make_records_env(sfbot_admins=SAM)


def _result(env, preview: dict, prefix: str = ":") -> dict:
    """The message that replaced the preview once it holds a result."""

    def replaced() -> dict | None:
        found = [m for m in env.sim.ephemeral_messages(SAM) if m["ts"] == preview["ts"]]
        if found and found[0]["text"] != messages.WORKING and found[0]["text"].startswith(prefix):
            return found[0]
        return None

    return env.sim.wait_for(replaced, timeout=15, message=prefix)


def test_update_matching_contacts_and_undo(admin_env) -> None:
    before = {c["LastName"]: c["Title"] for c in admin_env.records("Contact")}
    preview = admin_env.run(
        'bulk update contacts where account="Acme Corporation" set title="Board Member"', user=SAM
    )
    assert preview["text"] == (
        "Set *Title* = Board Member on *2 contacts* where Account = Acme Corporation?"
    ), preview["text"]
    listed = str(preview["blocks"])
    assert "*Ada Lovelace* · Title: CTO" in listed and "*Grace Hopper*" in listed
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    done = _result(admin_env, preview)
    assert done["text"].startswith(
        ":white_check_mark: Updated 2 of 2 contacts: *Title* = Board Member"
    ), done["text"]
    titles = {c["LastName"]: c["Title"] for c in admin_env.records("Contact")}
    assert titles["Lovelace"] == titles["Hopper"] == "Board Member"
    assert titles["Scorpio"] == "CEO"
    admin_env.click(done, ids.UNDO_ACTION, user=SAM)
    admin_env.wait_text(":leftwards_arrow_with_hook: Undone: old values are back on 2", user=SAM)
    assert {c["LastName"]: c["Title"] for c in admin_env.records("Contact")} == before


def test_values_are_parsed_and_checked_like_single_updates(admin_env) -> None:
    preview = admin_env.run(
        'bulk update opportunity where stage="Qualification" set amount=30k', user=SAM
    )
    assert "*Amount* = 30,000" in preview["text"], preview["text"]
    assert "*2 opportunities*" in preview["text"]
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    _result(admin_env, preview, ":white_check_mark: Updated 2 of 2 opportunities")
    amounts = {o["Name"]: o["Amount"] for o in admin_env.records("Opportunity")}
    assert amounts["Globex pilot"] == amounts["Initech TPS upgrade"] == 30000


def test_validation_rule_failures_are_reported_per_record(admin_env) -> None:
    preview = admin_env.run(
        "bulk update opportunity where stage=Qualification set amount=-1", user=SAM
    )
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    done = _result(admin_env, preview)
    assert done["text"] == messages.ADMIN_NOTHING_DONE
    failures = next(b for b in done["blocks"] if b.get("block_id") == ids.ADMIN_FAILURES_BLOCK)
    assert "*2 not changed:*" in failures["text"]["text"]
    assert "Globex pilot: " in failures["text"]["text"]
    assert "Amount cannot be negative." in failures["text"]["text"]
    assert ids.UNDO_ACTION not in str(done["blocks"])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("bulk", messages.BULK_USAGE),
        ("bulk delete leads where status=Open", messages.BULK_USAGE),
        ("bulk update leads set rating=Hot", messages.BULK_NEEDS_WHERE),
        ("bulk update leads where rating=Hot", messages.BULK_NEEDS_SET),
        ("bulk update ledas where rating=Hot set rating=Cold", "`lead`"),
        ("bulk update leads where ratng=Hot set rating=Cold", "did you mean"),
        ("bulk update accounts where industry=Energy set tier=Platinum", "isn't a Tier value"),
        ("bulk update leads where rating=Hot set stauts=Open", "did you mean"),
        ("bulk update leads where rating=Hot set rating=Cold", "No leads match Rating = Hot"),
        ("bulk update opportunity where stage=Qualification set close=someday", "Close Date"),
        ("bulk update leads where status=Open - Not Contacted set rating=Hot", "didn't expect"),
    ],
)
def test_bad_input_gets_specific_messages(admin_env, typed: str, expected: str) -> None:
    reply = admin_env.run(typed, user=SAM)
    assert expected.casefold() in reply["text"].casefold(), reply["text"]


def test_non_admins_are_refused(admin_env) -> None:
    reply = admin_env.run("bulk update leads where rating=Hot set rating=Cold", user=ADA)
    assert reply["text"] == messages.ADMIN_ONLY.format(verb="bulk", user_id=ADA)
