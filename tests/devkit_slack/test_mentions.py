"""The special mentions Slack would trigger for a posted message (README rule 20)."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from devkit.slack import DEFAULT_CHANNEL, special_mentions


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        (
            {"text": "hey <!here> and <!channel|channel> and <!everyone>"},
            ["<!here>", "<!channel>", "<!everyone>"],
        ),
        ({"text": "team <!subteam^S0614TZR7|@sales>"}, ["<!subteam^S0614TZR7>"]),
        ({"text": "plain @here stays text"}, []),
        ({"text": "plain @here is parsed", "link_names": True}, ["@here"]),
        ({"text": "escaped &lt;!here&gt; is harmless", "link_names": True}, []),
        ({"text": "mail ops@here.example", "link_names": True}, []),
        (
            {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "@channel hi"}}]},
            ["@channel"],
        ),
        (
            {
                "blocks": [
                    {
                        "type": "section",
                        "text": {"type": "mrkdwn", "text": "@channel hi", "verbatim": True},
                    }
                ]
            },
            [],
        ),
        ({"blocks": [{"type": "section", "text": {"type": "plain_text", "text": "<!here>"}}]}, []),
        (
            {"blocks": [{"type": "context", "elements": [{"type": "mrkdwn", "text": "<!here>"}]}]},
            ["<!here>"],
        ),
        (
            {
                "blocks": [
                    {
                        "type": "rich_text",
                        "elements": [
                            {
                                "type": "rich_text_section",
                                "elements": [{"type": "broadcast", "range": "everyone"}],
                            }
                        ],
                    }
                ]
            },
            ["<!everyone>"],
        ),
        (
            {"attachments": [{"text": "<!channel>", "fields": [{"value": "<!here>"}]}]},
            ["<!channel>", "<!here>"],
        ),
    ],
)
def test_special_mentions(kwargs, expected):
    assert special_mentions(**kwargs) == expected


def test_posted_messages_record_their_mentions(slack_sim):
    client = WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url)
    client.chat_postMessage(channel=DEFAULT_CHANNEL, text="safe &lt;!channel&gt;")
    client.chat_postMessage(channel=DEFAULT_CHANNEL, text="@everyone", link_names=True)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "User said: @here"}}]
    client.chat_postMessage(channel=DEFAULT_CHANNEL, text="fallback", blocks=blocks)
    ts = client.chat_postMessage(channel=DEFAULT_CHANNEL, text="ok")["ts"]
    client.chat_update(channel=DEFAULT_CHANNEL, ts=ts, text="now <!here>")
    found = [m["mentions"] for m in slack_sim.special_mentions()]
    assert found == [["@everyone"], ["@here"], ["<!here>"]]
