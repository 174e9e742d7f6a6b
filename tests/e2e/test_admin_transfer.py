"""`/sf transfer leads from … to … [where …]`: preview, confirm, per-record failures, Undo."""

from __future__ import annotations

import pytest

from bot.slack import ids, messages
from tests.fixtures.records import ADA, SAM


@pytest.fixture
def admin_env(make_records_env):
    return make_records_env(sfbot_admins=SAM)


def _owners(env) -> dict[str, str]:
    return {lead["LastName"]: lead["OwnerId"] for lead in env.records("Lead")}


def _add_leads(env, count: int, *, owner: str, status: str = "Open - Not Contacted") -> None:
    """Create leads through the REST API (sObject collections, 200 per request) as the admin."""
    http = env.emu.session("admin@demo.example")
    url = env.emu.base_url + "/services/data/v62.0/composite/sobjects"
    rows = [
        {"attributes": {"type": "Lead"}, "LastName": f"Bulk{n:03d}", "Company": "Bulk Co",
         "Status": status, "OwnerId": owner}
        for n in range(count)
    ]  # fmt: skip
    for start in range(0, count, 200):
        answer = http.post(url, json={"allOrNone": True, "records": rows[start : start + 200]})
        assert answer.status_code == 200 and all(r["success"] for r in answer.json())


def test_preview_then_confirm_moves_the_matching_leads_and_undo_restores(admin_env) -> None:
    rep, sam = admin_env.emu.user_id("rep@demo.example"), admin_env.emu.user_id("sam@demo.example")
    before_owners = _owners(admin_env)
    preview = admin_env.run(
        'transfer leads from rep@demo.example to "Sam Seller" where status="open - not contacted"',
        user=SAM,
    )
    assert preview["text"] == (
        "Change the owner of *1 lead* from *Riley Rep* to *Sam Seller* "
        "where Status = Open - Not Contacted?"
    ), preview["text"]
    assert "*Marty McFly* · Hill Valley Hoverboards" in str(preview["blocks"])
    assert _owners(admin_env) == before_owners  # nothing written before Confirm
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    done = admin_env.wait_text(":white_check_mark: Moved 1 of 1 lead from", user=SAM)
    owners = _owners(admin_env)
    assert owners["McFly"] == sam and owners["Ripley"] == rep  # Ripley is Working - Contacted
    admin_env.click(done, ids.UNDO_ACTION, user=SAM)
    admin_env.wait_text(
        ":leftwards_arrow_with_hook: Undone: the previous owner is back on 1 lead.", user=SAM
    )
    assert _owners(admin_env) == before_owners


def test_many_leads_use_collections_of_200_and_each_keeps_its_owner_on_undo(admin_env) -> None:
    rep = admin_env.emu.user_id("rep@demo.example")
    _add_leads(admin_env, 230, owner=rep)
    preview = admin_env.run("transfer leads from rep@demo.example to sam@demo.example", user=SAM)
    assert "*232 leads*" in preview["text"], preview["text"]
    assert "…and 227 more." in str(preview["blocks"])
    before = len(admin_env.emu.requests())
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    done = admin_env.wait_text(":white_check_mark: Moved 232 of 232 leads", user=SAM, timeout=30)
    patches = [r for r in admin_env.sf_calls(before) if r["method"] == "PATCH"]
    assert [r["path"].rsplit("/", 1)[-1] for r in patches] == ["sobjects", "sobjects"]
    sam = admin_env.emu.user_id("sam@demo.example")
    assert sum(owner == sam for owner in _owners(admin_env).values()) == 233  # + Dana Scully
    admin_env.click(done, ids.UNDO_ACTION, user=SAM)
    admin_env.wait_text(
        ":leftwards_arrow_with_hook: Undone: the previous owner is back on 232",
        user=SAM,
        timeout=30,
    )
    owners = _owners(admin_env)
    assert owners["Scully"] == sam
    assert all(owner == rep for name, owner in owners.items() if name != "Scully")


def test_records_salesforce_refuses_are_reported_one_by_one(admin_env) -> None:
    preview = admin_env.run("transfer leads from rep to sam@demo.example", user=SAM)
    assert "*2 leads*" in preview["text"], preview["text"]
    # Between preview and confirm, someone deletes one of the leads.
    marty = admin_env.records("Lead", LastName="McFly")[0]
    admin_env.run(f"delete {marty['Id']}", user=SAM)
    admin_env.click(admin_env.last_message(SAM), ids.CONFIRM_DELETE_ACTION, user=SAM)
    admin_env.wait_text(":wastebasket: Deleted", user=SAM)
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)

    def replaced() -> dict | None:
        found = [m for m in admin_env.sim.ephemeral_messages(SAM) if m["ts"] == preview["ts"]]
        return found[0] if found and found[0]["text"].startswith(":white_check_mark:") else None

    done = admin_env.sim.wait_for(replaced, timeout=10, message="the transfer result")
    assert done["text"].startswith(":white_check_mark: Moved 1 of 2 leads"), done["text"]
    failures = next(b for b in done["blocks"] if b.get("block_id") == ids.ADMIN_FAILURES_BLOCK)
    assert "*1 not changed:*" in failures["text"]["text"]
    assert "Marty McFly" in failures["text"]["text"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("transfer leads", messages.TRANSFER_USAGE),
        ("transfer leads from rep@demo.example", messages.TRANSFER_USAGE),
        ("transfer accounts from rep to sam", "`/sf transfer` moves leads"),
        ("transfer leads from nobody@x.example to sam", "no Salesforce user matching"),
        ("transfer leads from rep to rep@demo.example", "both the current and the new owner"),
        ("transfer leads from rep to sam where stat=Open", "did you mean"),
        (
            "transfer leads from rep to sam where status=Opne",
            "isn't a Status value. Did you mean `Open - Not Contacted`?",
        ),
        ('transfer leads from sam to rep where status="Closed - Converted"', "owns no leads"),
        ("transfer leads from sam to rep where status=Closed - Converted", "didn't expect"),
    ],
)
def test_bad_input_gets_specific_messages(admin_env, typed: str, expected: str) -> None:
    reply = admin_env.run(typed, user=SAM)
    assert expected.casefold() in reply["text"].casefold(), reply["text"]


def test_leads_cannot_go_to_an_inactive_user(admin_env) -> None:
    preview = admin_env.run("user deactivate sam@demo.example", user=SAM)
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    admin_env.wait_text(":no_entry: Deactivated", user=SAM)
    reply = admin_env.run("transfer leads from rep to sam@demo.example", user=SAM)
    assert "is inactive" in reply["text"], reply["text"]


def test_non_admins_are_refused(admin_env) -> None:
    reply = admin_env.run("transfer leads from rep to sam", user=ADA)
    assert reply["text"] == messages.ADMIN_ONLY.format(verb="transfer", user_id=ADA)
