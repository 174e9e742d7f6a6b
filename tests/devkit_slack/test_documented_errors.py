"""Every error the fake Web API answers is one Slack documents for that method
(../shared/slack/web_api/methods/*.json, the common errors, and the docs' examples)."""

from __future__ import annotations

import json

import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.slack import DEFAULT_CHANNEL, DEFAULT_USER

# Not in the method pages' lists but in Slack's docs examples (auth.test, views.*).
EXAMPLES = {"invalid_auth", "invalid_arguments"}


def _documented(shared_dir, method):
    base = shared_dir / "slack/web_api/methods"
    common = json.loads((base / "_common_errors.json").read_text())["errors"]["errors"]
    page = json.loads((base / f"{method}.json").read_text())
    errors = set(common)
    for key in ("docs_slack_dev", "api_slack_com"):
        errors |= set((page.get(key) or {}).get("errors") or {})
    return errors | EXAMPLES


def test_error_names_are_documented(slack_sim, shared_dir):
    client = WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url)
    bad_block = [{"type": "section"}]
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "T"},
        "blocks": [{"type": "divider"}],
    }
    attempts = [
        lambda: client.chat_postMessage(channel="C404", text="x"),
        lambda: client.chat_postMessage(channel=DEFAULT_CHANNEL),
        lambda: client.chat_postMessage(channel=DEFAULT_CHANNEL, blocks=bad_block),
        lambda: client.chat_postMessage(channel="C0RANDOM01", text="x"),
        lambda: client.chat_postMessage(channel=DEFAULT_CHANNEL, text="a", markdown_text="b"),
        lambda: client.chat_postEphemeral(channel="G0DEALS001", user="U0ROB00002", text="x"),
        lambda: client.chat_postEphemeral(channel=DEFAULT_CHANNEL, user="U404", text="x"),
        lambda: client.chat_postEphemeral(channel=DEFAULT_CHANNEL, user=DEFAULT_USER),
        lambda: client.chat_update(channel=DEFAULT_CHANNEL, ts="1.2", text="x"),
        lambda: client.chat_delete(channel=DEFAULT_CHANNEL, ts="1.2"),
        lambda: client.chat_getPermalink(channel=DEFAULT_CHANNEL, message_ts="1.2"),
        lambda: client.chat_getPermalink(channel="C404", message_ts="1.2"),
        lambda: client.chat_unfurl(channel=DEFAULT_CHANNEL, ts="1.2", unfurls={"u": {}}),
        lambda: client.chat_unfurl(unfurl_id="nope", source="composer", unfurls={"u": {}}),
        lambda: client.views_open(trigger_id="bad", view=modal),
        lambda: client.views_open(trigger_id="1.2.abcdef", view=modal),
        lambda: client.views_push(trigger_id="1.2.abcdef", view=modal),
        lambda: client.views_update(view_id="V404", view=modal),
        lambda: client.views_publish(user_id="U404", view={"type": "home", "blocks": []}),
        lambda: client.users_info(user="U404"),
        lambda: client.users_lookupByEmail(email="nobody@example.com"),
        lambda: client.conversations_info(channel="C404"),
        lambda: client.api_call("chat.scheduleMessage"),
    ]
    for attempt in attempts:
        try:
            attempt()
        except SlackApiError:
            pass
    requests.post(slack_sim.api_url + "auth.test", headers={"Authorization": "Bearer xoxb-bad"})
    requests.post(slack_sim.api_url + "auth.test")
    slack_sim.set_scopes(set())
    try:
        client.users_info(user=DEFAULT_USER)
    except SlackApiError:
        pass

    failed = slack_sim.failed_calls()
    assert len(failed) == len(attempts) + 3
    for call in failed:
        method = call["method"] if call["method"] != "chat.scheduleMessage" else "api.test"
        assert call["response"]["error"] in _documented(shared_dir, method), call
