"""What was typed before connecting always ends in something the user sees after connecting.

A command that opens a form cannot open it on its own after the callback (Slack's trigger_id
is long gone), so it gets a Continue button whose click opens the form with what was typed.
"""

from __future__ import annotations

import pytest
import requests

from bot.slack import ids, messages
from bot.slack.blocks import notice
from bot.slack.commands import register_verb, unregister_verb
from devkit.slack.simulator import DEFAULT_USER
from tests.fixtures.connect import ConnectEnv, button_url


def connect_after(env: ConnectEnv, typed: str) -> None:
    """Type `/sf <typed>` while not connected, then log in from the Connect button."""
    reply = env.slash(typed)
    assert "connect your Salesforce account first" in reply["text"], reply["text"]
    browser = requests.Session()
    back = env.approve(env.start(button_url(reply), browser=browser), username="rep@demo.example")
    assert browser.get(back, timeout=10).status_code == 200


def shown_message(env: ConnectEnv, fragment: str) -> dict:
    """The user's ephemeral message containing `fragment` (waits for it)."""

    def found() -> dict | None:
        for message in reversed(env.sim.ephemeral_messages(DEFAULT_USER)):
            if fragment in message.get("text", ""):
                return message
        return None

    return env.sim.wait_for(found, timeout=15, message=f"a message with {fragment!r}")


def continue_button(message: dict) -> dict:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == ids.REPLAY_CONTINUE_ACTION:
                return element
    raise AssertionError(f"no Continue button in {message.get('text')!r}")


def click_continue(env: ConnectEnv, message: dict) -> None:
    result = env.sim.block_action(ids.REPLAY_CONTINUE_ACTION, message_ts=message["ts"])
    assert result.status == 200


def field_values(view: dict) -> str:
    return str(view["blocks"])


def test_new_opportunity_typed_before_connecting_opens_after_continue(connect_env) -> None:
    env = connect_env
    connect_after(env, "new opportunity")
    shown_message(env, "Connected as rep@demo.example")
    message = shown_message(env, "click Continue")
    assert "/sf new opportunity" in message["text"]
    assert env.sim.top_view() is None  # nothing could open without the user's click
    continue_button(message)

    click_continue(env, message)
    view = env.sim.wait_for(env.sim.top_view, message="the opportunity modal")
    assert view["callback_id"] == ids.OPP_MODAL_CALLBACK
    # The Continue message is replaced, so its button cannot open a second form.
    shown_message(env, messages.REPLAY_FORM_OPENED.format(command="/sf new opportunity"))
    assert not [
        m for m in env.sim.ephemeral_messages(DEFAULT_USER) if "click Continue" in m["text"]
    ]
    assert env.sim.failed_calls() == []


def test_create_missing_required_fields_opens_the_form_with_what_was_typed(connect_env) -> None:
    env = connect_env
    connect_after(env, "create contact first=Zuleika email=zuleika@replay.example")
    message = shown_message(env, "click Continue")
    # Not the list of missing fields: the form is one click away.
    assert "LastName" not in message["text"]
    assert not [r for r in env.emu.records("Contact") if r.get("FirstName") == "Zuleika"]

    click_continue(env, message)
    view = env.sim.wait_for(env.sim.top_view, message="the record form")
    assert view["callback_id"] == ids.RECORD_MODAL_CALLBACK
    assert "Zuleika" in field_values(view) and "zuleika@replay.example" in field_values(view)
    shown_message(env, messages.MODAL_OPENED)
    assert env.sim.failed_calls() == []


@pytest.fixture
def test_verbs():
    names: list[str] = []

    def add(name: str, handler) -> None:
        register_verb(name, handler, summary="test", usage=f"/sf {name}", needs_salesforce=True)
        names.append(name)

    yield add
    for name in names:
        unregister_verb(name)


def test_a_replay_that_fails_says_so(connect_env, test_verbs) -> None:
    def explode(command):
        raise RuntimeError("boom")

    test_verbs("explode", explode)
    env = connect_env
    connect_after(env, "explode now")
    shown_message(env, messages.REPLAY_FAILED.format(command="/sf explode now"))


def test_a_replay_that_answers_nothing_still_says_it_ran(connect_env, test_verbs) -> None:
    test_verbs("quiet", lambda command: None)
    env = connect_env
    connect_after(env, "quiet please")
    shown_message(env, messages.REPLAY_DONE.format(command="/sf quiet please"))


def test_a_replay_answer_is_shown(connect_env, test_verbs) -> None:
    test_verbs("echo", lambda command: notice(f"echo {command.args}"))
    env = connect_env
    connect_after(env, "echo hello")
    shown_message(env, "echo hello")
