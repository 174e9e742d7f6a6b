"""`/sf` through real HTTP: signed requests in, Block Kit replies out."""

from __future__ import annotations

import time

from bot.slack import ids, messages
from bot.slack.commands import PLANNED, register_verb, unregister_verb


def _block_ids(reply: dict) -> list[str]:
    return [block.get("block_id", "") for block in reply["blocks"]]


def test_signed_help_gets_the_help(sfbot):
    result = sfbot.slack.slash("help")
    assert result.status == 200
    assert result.applied == "ephemeral", result.errors  # the simulator accepted the blocks
    reply = result.body
    assert reply["response_type"] == "ephemeral"
    assert reply["blocks"][0]["type"] == "header"
    assert ids.HELP_COMMANDS_BLOCK_PREFIX + "help" in _block_ids(reply)
    # Every command of the design is listed, available or planned.
    text = str(reply["blocks"])
    for entry in PLANNED:
        assert f"/sf {entry.name}" in text


def test_empty_command_shows_the_help(sfbot):
    reply = sfbot.slack.slash("").body
    assert messages.EMPTY_COMMAND_HINT in str(reply["blocks"])
    assert ids.HELP_FOOTER_BLOCK in _block_ids(reply)


def test_unknown_verb_suggests_the_closest(sfbot):
    reply = sfbot.slack.slash("hepl me").body
    assert "Did you mean `/sf help me`?" in reply["blocks"][1]["text"]["text"]
    assert ids.HELP_FOOTER_BLOCK in _block_ids(reply)


def test_planned_verb_says_it_is_not_available(sfbot, monkeypatch):
    from bot.slack import commands
    from bot.slack.blocks import HelpEntry

    # Features register the planned verbs as they land; plan one that nothing implements.
    planned = HelpEntry("forecast", "/sf forecast", "Show the forecast.")
    monkeypatch.setattr(commands, "PLANNED", (*commands.PLANNED, planned))
    reply = sfbot.slack.slash("forecast").body
    assert "planned but not available" in reply["blocks"][1]["text"]["text"]


def test_registered_verb_is_dispatched_and_listed(sfbot):
    from bot.slack.blocks import notice

    seen = []

    def echo(command):
        seen.append((command.verb, command.args, command.user_id, command.services))
        return notice("echo: " + command.args)

    register_verb("echo", echo, summary="Echo the text.", usage="/sf echo <text>")
    try:
        user = sfbot.slack.default_user
        reply = sfbot.slack.slash("ECHO  hello world", user=user).body
        assert reply["text"] == "echo: hello world"
        assert seen == [("echo", "hello world", user, sfbot.services)]
        help_reply = sfbot.slack.slash("help").body
        assert ids.HELP_COMMANDS_BLOCK_PREFIX + "echo" in _block_ids(help_reply)
    finally:
        unregister_verb("echo")


def test_bad_signature_is_rejected_and_no_listener_runs(sfbot):
    calls = []
    register_verb("spy", lambda command: calls.append(command), summary="x", usage="/sf spy")
    try:
        result = sfbot.slack.slash("spy", signing_secret="not-the-secret")
        assert result.status == 401
        stale = int(time.time()) - 6 * 60
        result = sfbot.slack.slash("spy", timestamp=stale)
        assert result.status == 401
        assert calls == []
        # The same request correctly signed and on time does reach the listener.
        sfbot.slack.slash("spy")
        assert len(calls) == 1
    finally:
        unregister_verb("spy")
