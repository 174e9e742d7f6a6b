"""view_submission acks are applied to the modal stack as Slack does (response_action rules)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

import pytest
from slack_sdk import WebClient

from devkit.slack import DEFAULT_USER


def _modal(title="Step", block_id="name"):
    return {
        "type": "modal",
        "callback_id": "cb",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Next"},
        "blocks": [
            {
                "type": "input",
                "block_id": block_id,
                "optional": True,
                "label": {"type": "plain_text", "text": "Name"},
                "element": {"type": "plain_text_input", "action_id": "a"},
            },
            {
                "type": "input",
                "block_id": "where",
                "optional": True,
                "label": {"type": "plain_text", "text": "Channel"},
                "element": {
                    "type": "conversations_select",
                    "action_id": "c",
                    "response_url_enabled": True,
                },
            },
            {"type": "section", "block_id": "info", "text": {"type": "mrkdwn", "text": "i"}},
        ],
    }


@pytest.fixture
def opened(slack_sim, recorder):
    client = WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url)
    trigger = slack_sim.state.new_trigger(DEFAULT_USER)
    root = client.views_open(trigger_id=trigger, view=_modal())["view"]
    got, reply = recorder

    def answer(body):
        reply.update(body=json.dumps(body).encode(), type="application/json")

    return root, answer, got


def test_update_replaces_the_top_view_in_place(slack_sim, opened):
    root, answer, _ = opened
    answer({"response_action": "update", "view": _modal(title="Saving…")})
    result = slack_sim.view_submission({"a": "x"})
    top = slack_sim.top_view()
    assert result.applied == "update" and top["id"] == root["id"]
    assert top["title"]["text"] == "Saving…" and top["hash"] != root["hash"]


def test_push_up_to_three_then_push_limit_reached(slack_sim, opened):
    _, answer, _ = opened
    answer({"response_action": "push", "view": _modal(title="More")})
    assert [slack_sim.view_submission().applied for _ in range(3)] == [
        "push",
        "push",
        "push_limit_reached",
    ]
    assert len(slack_sim.open_views()) == 3


def test_clear_closes_every_view(slack_sim, opened):
    _, answer, _ = opened
    answer({"response_action": "push", "view": _modal()})
    slack_sim.view_submission()
    answer({"response_action": "clear"})
    assert slack_sim.view_submission().applied == "clear" and slack_sim.open_views() == []


def test_errors_must_name_input_blocks(slack_sim, opened):
    _, answer, _ = opened
    answer({"response_action": "errors", "errors": {"info": "not an input"}})
    result = slack_sim.view_submission()
    assert result.applied == "invalid" and "info" in result.errors
    answer({"response_action": "errors", "errors": {"name": "Required"}})
    assert slack_sim.view_submission().errors == {"name": "Required"}
    assert len(slack_sim.open_views()) == 1


def test_invalid_pushed_view_is_refused(slack_sim, opened):
    _, answer, _ = opened
    answer({"response_action": "push", "view": _modal(title="x" * 30)})
    result = slack_sim.view_submission()
    assert result.applied == "invalid" and "must be less than 25" in result.errors["view"]
    assert len(slack_sim.open_views()) == 1


def test_response_urls_for_enabled_conversation_selects(slack_sim, opened):
    _, _, got = opened
    slack_sim.view_submission({"c": "C0SALES001"})
    payload = json.loads(dict(parse_qsl(got[-1][1].decode()))["payload"])
    (entry,) = payload["response_urls"]
    assert entry["block_id"] == "where" and entry["channel_id"] == "C0SALES001"
    assert entry["response_url"].startswith(slack_sim.base_url + "hooks/")
    assert slack_sim.open_views() == []  # the empty ack closed it
