"""`/sf user freeze|unfreeze|activate|deactivate`: confirm, write through an intent, Undo."""

from __future__ import annotations

import copy
import threading

import pytest

from bot.slack import ids, messages
from bot.store.models import WriteIntent
from tests.fixtures.records import ADA, SAM


@pytest.fixture
def admin_env(make_records_env):
    return make_records_env(sfbot_admins=SAM)


def _login(env, username: str) -> dict:
    user_id = env.emu.user_id(username)
    return env.records("UserLogin", UserId=user_id)[0]


def _user(env, username: str) -> dict:
    return env.records("User", Username=username)[0]


def test_freeze_shows_who_then_confirm_freezes_and_undo_unfreezes(admin_env) -> None:
    before = len(admin_env.emu.requests())
    preview = admin_env.run("user freeze rep@demo.example", user=SAM)
    assert preview["text"].startswith("Freeze *Riley Rep* (rep@demo.example · Standard User)?")
    assert not _login(admin_env, "rep@demo.example")["IsFrozen"]  # nothing written yet
    assert not [r for r in admin_env.sf_calls(before) if r["method"] != "GET"]
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    done = admin_env.wait_text(":ice_cube: Froze *Riley Rep*", user=SAM)
    assert _login(admin_env, "rep@demo.example")["IsFrozen"] is True
    writes = [r for r in admin_env.sf_calls(before) if r["method"] == "PATCH"]
    assert [(r["path"].split("/")[-1], r["user"]) for r in writes] == [
        ("sobjects", "admin@demo.example")
    ]
    admin_env.click(done, ids.UNDO_ACTION, user=SAM)
    admin_env.wait_text(":leftwards_arrow_with_hook: Undone: *Riley Rep*", user=SAM)
    assert _login(admin_env, "rep@demo.example")["IsFrozen"] is False


def test_deactivate_by_name_and_activate_again(admin_env) -> None:
    preview = admin_env.run('user deactivate "Sam Seller"', user=SAM)
    assert preview["text"].startswith("Deactivate *Sam Seller* (sam@demo.example")
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    admin_env.wait_text(":no_entry: Deactivated *Sam Seller*", user=SAM)
    assert _user(admin_env, "sam@demo.example")["IsActive"] is False
    again = admin_env.run("user deactivate sam@demo.example", user=SAM)
    assert again["text"] == messages.USER_ALREADY.format(
        user="*Sam Seller* (sam@demo.example · Standard User)", state="inactive"
    )
    preview = admin_env.run("user activate sam@demo.example", user=SAM)
    admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    admin_env.wait_text(":white_check_mark: Activated *Sam Seller*", user=SAM)
    assert _user(admin_env, "sam@demo.example")["IsActive"] is True


def test_a_mention_names_the_user_by_their_slack_email(admin_env) -> None:
    preview = admin_env.run("user freeze <@U0ROB00002>", user=SAM)
    assert preview["text"].startswith("Freeze *Robin Reader* (readonly@demo.example"), preview[
        "text"
    ]


def test_cancel_writes_nothing_and_a_late_confirm_is_refused(admin_env) -> None:
    preview = admin_env.run("user freeze rep@demo.example", user=SAM)
    cancel = admin_env.click(preview, ids.ADMIN_CANCEL_ACTION, user=SAM)
    admin_env.wait_text(messages.ADMIN_CANCELLED, user=SAM)
    # A Confirm click from a client that still shows the preview.
    late = copy.deepcopy(cancel.payload)
    late["actions"][0]["action_id"] = ids.ADMIN_CONFIRM_ACTION
    admin_env.sim._send("block_actions", late)
    admin_env.wait_text(messages.ADMIN_DRAFT_REFUSED["cancelled"], user=SAM)
    assert _login(admin_env, "rep@demo.example")["IsFrozen"] is False


def test_double_confirm_writes_once(admin_env) -> None:
    preview = admin_env.run("user freeze rep@demo.example", user=SAM)
    before = len(admin_env.emu.requests())
    first = admin_env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=SAM)
    threads = [
        threading.Thread(target=admin_env.sim._send, args=("block_actions", first.payload))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    admin_env.wait_text(":ice_cube: Froze", user=SAM)
    writes = [r for r in admin_env.sf_calls(before) if r["method"] == "PATCH"]
    assert len(writes) == 1
    with admin_env.services.sessions() as session:
        assert session.query(WriteIntent).filter_by(operation="admin_update").count() == 1


def test_other_users_cannot_confirm_an_admins_preview(make_records_env) -> None:
    env = make_records_env(sfbot_admins=f"{SAM},{ADA}")
    preview = env.run("user freeze readonly@demo.example", user=SAM)
    # Ada can't see Sam's ephemeral preview; she forges its Confirm click with her identity.
    button = preview["blocks"][-2]["elements"][0]
    payload = env.sim._message_action(
        SAM, ids.ADMIN_CONFIRM_ACTION, button["value"], None, preview["channel"], preview["ts"]
    )
    payload["user"] = {**payload["user"], "id": ADA, "username": "ada", "name": "ada"}
    env.sim._send("block_actions", payload)
    env.sim.wait_for(
        lambda: [
            p
            for p in env.sim.response_url_posts()
            if (p["body"] or {}).get("text") == messages.ADMIN_DRAFT_REFUSED["other_user"]
        ],
        message="the refusal",
    )
    assert _login(env, "readonly@demo.example")["IsFrozen"] is False


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("user", messages.USER_USAGE),
        ("user freeze", messages.USER_USAGE),
        ("user smash rep@demo.example", "isn't something I can do to a user"),
        ("user freeze nobody@nowhere.example", "I found no Salesforce user matching"),
        ("user freeze admin@demo.example", "you would lock yourself out"),
        ("user deactivate admin@demo.example", "you would lock yourself out"),
        ("user freeze re", "Several Salesforce users match"),
    ],
)
def test_bad_input_gets_specific_messages(admin_env, typed: str, expected: str) -> None:
    reply = admin_env.run(typed, user=SAM)
    assert expected in reply["text"], reply["text"]


def test_non_admins_are_refused(admin_env) -> None:
    reply = admin_env.run("user freeze readonly@demo.example", user=ADA)
    assert reply["text"] == messages.ADMIN_ONLY.format(verb="user", user_id=ADA)


def test_salesforce_permissions_apply_to_sfbot_admins(make_records_env) -> None:
    # Ada is an sfbot admin, but her Salesforce user (a rep) may not manage users.
    env = make_records_env(sfbot_admins=ADA)
    reply = env.run("user freeze readonly@demo.example", user=ADA)
    assert "can't see a login record" in reply["text"], reply["text"]
    preview = env.run("user deactivate readonly@demo.example", user=ADA)
    env.click(preview, ids.ADMIN_CONFIRM_ACTION, user=ADA)
    result = env.wait_text(":x:", user=ADA)
    assert "Robin Reader" in result["text"] or "Nothing was changed" in result["text"]
    assert _user(env, "readonly@demo.example")["IsActive"] is True
