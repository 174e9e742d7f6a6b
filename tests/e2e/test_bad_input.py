"""Bad `/sf` input always gets a clear ephemeral answer: never an exception, never a 500."""

from __future__ import annotations

import pytest
import requests

from bot.slack import messages
from bot.slack.commands import MAX_COMMAND_LENGTH, register_verb, unregister_verb

JUNK = "".join(chr(33 + (index * 7919) % 90) for index in range(4000))

CASES = {
    "empty": "",
    "only spaces": "   \t  ",
    "4000 chars of junk": JUNK,
    "control characters": "\x00\x01he\x07lp\x1b[31m",
    "unicode": "créer opportunité «Acme» 💼 名前",
    "right-to-left and zero-width": "\u202ehelp\u200b",
    "mentions and markup": "<!channel> @here <@U123|x> & <https://evil.example|click>",
    "only punctuation": "!!! ??? ###",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_bad_input_gets_a_clear_ephemeral_answer(sfbot, text):
    result = sfbot.slack.slash(text)
    assert result.status == 200
    assert result.applied == "ephemeral", result.errors  # valid blocks, shown to the user only
    reply = result.body
    assert reply["response_type"] == "ephemeral"
    assert reply["blocks"], "a Block Kit answer"
    shown = str(reply)
    assert "Traceback" not in shown
    # User text never becomes a broadcast, a mention or a link in our answer.
    assert "<!channel>" not in shown and "<@U123" not in shown and "<https://evil" not in shown
    assert sfbot.slack.special_mentions() == []


def test_too_long_command_is_refused_with_the_limit(sfbot):
    reply = sfbot.slack.slash("x" * (MAX_COMMAND_LENGTH + 1)).body
    assert reply["text"] == messages.COMMAND_TOO_LONG.format(
        length=MAX_COMMAND_LENGTH + 1, limit=MAX_COMMAND_LENGTH
    )


def test_a_crashing_verb_gets_a_polite_answer_not_a_500(sfbot):
    def broken(command):
        raise RuntimeError("boom with xoxb-123456-secret-token")

    register_verb("broken", broken, summary="Crash.", usage="/sf broken")
    try:
        result = sfbot.slack.slash("broken")
        assert result.status == 200
        assert result.applied == "ephemeral"
        reply = result.body
        assert reply["response_type"] == "ephemeral"
        assert "Something went wrong" in reply["text"]
        assert "boom" not in reply["text"] and "xoxb" not in str(reply)
    finally:
        unregister_verb("broken")
    metrics = requests.get(f"{sfbot.base_url}/metrics", timeout=5).text
    assert 'sfbot_errors_total{where="slack_listener"} 1.0' in metrics
