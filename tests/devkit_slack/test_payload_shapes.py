"""Every payload the simulator sends has the keys of the real ones in ../shared/slack/payloads."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl

from devkit.slack import DEFAULT_CHANNEL, DEFAULT_USER


def _load(shared_dir, name):
    data = json.loads((shared_dir / "slack/payloads" / name).read_text())
    return data.get("payload", data)


def _keys(obj, prefix=""):
    """Dotted key paths of nested dicts (lists: their first item)."""
    out = set()
    if isinstance(obj, dict):
        for key, value in obj.items():
            out.add(prefix + key)
            out |= _keys(value, f"{prefix}{key}.")
    elif isinstance(obj, list) and obj and isinstance(obj[0], dict):
        out |= _keys(obj[0], prefix)
    return out


def _payload(raw: bytes) -> dict:
    return json.loads(dict(parse_qsl(raw.decode()))["payload"])


def _modal(slack_sim, user=DEFAULT_USER):
    from slack_sdk import WebClient

    trigger = slack_sim.state.new_trigger(user)
    view = {
        "type": "modal",
        "callback_id": "cb",
        "title": {"type": "plain_text", "text": "T"},
        "submit": {"type": "plain_text", "text": "Go"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "notify_on_close": True,
        "blocks": [
            {
                "type": "input",
                "block_id": "b",
                "label": {"type": "plain_text", "text": "L"},
                "element": {"type": "external_select", "action_id": "a"},
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "go",
                        "text": {"type": "plain_text", "text": "Go"},
                    }
                ],
            },
        ],
    }
    client = WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url)
    return client.views_open(trigger_id=trigger, view=view)["view"]


def test_slash_command_form_has_slacks_fields_in_order(slack_sim, recorder, shared_dir):
    got, _ = recorder
    slack_sim.slash("create contact name=Ada & co", user=DEFAULT_USER)
    headers, raw = got[0]
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert headers["X-Slack-Signature"].startswith("v0=")
    fields = dict(parse_qsl(raw.decode()))
    shape = json.loads((shared_dir / "slack/payloads/shapes/SlashCommandPayload.json").read_text())
    optional_enterprise = {"enterprise_id", "enterprise_name"}
    assert set(fields) == set(shape) - optional_enterprise
    docs = _load(shared_dir, "slash_command.docs.parsed.json")
    assert set(docs) - optional_enterprise <= set(fields)
    assert fields["text"] == "create contact name=Ada & co"
    assert b"command=%2Fsf" in raw  # percent-encoded like the signing vector body
    assert fields["trigger_id"].count(".") == 2


def test_shortcut_payloads_match_real_ones(slack_sim, recorder, shared_dir):
    got, _ = recorder
    msg = slack_sim.post_user_message("Met the CFO", files=[{"id": "F1", "name": "notes.pdf"}])
    slack_sim.message_shortcut("log_as_note", message_ts=msg["ts"])
    slack_sim.global_shortcut("new_record")
    message_action, shortcut = (_payload(raw) for _, raw in got)
    docs = _load(shared_dir, "message_action.docs.json")
    assert _keys(docs) <= _keys(message_action)
    assert message_action["message"]["files"][0]["id"] == "F1"
    assert message_action["response_url"].startswith(slack_sim.base_url)
    fixture = _load(shared_dir, "shortcut.global.bolt_fixture.json")
    # bolt's fixture is an enterprise install; its team carries enterprise keys.
    assert {k for k in _keys(fixture) if not k.startswith("team.enterprise")} <= _keys(shortcut)
    assert "response_url" not in shortcut


def test_view_payloads_match_real_ones(slack_sim, recorder, shared_dir):
    got, reply = recorder
    _modal(slack_sim)
    reply.update(
        body=b'{"options":[{"text":{"type":"plain_text","text":"Acme"},"value":"001"}]}',
        type="application/json",
    )
    slack_sim.block_suggestion("a", "acm")
    reply.update(body=b"", type="text/plain")
    slack_sim.block_action("go")
    slack_sim.view_submission({"a": "001"})
    _modal(slack_sim)
    slack_sim.view_closed()
    suggestion, action, submission, closed = (_payload(raw) for _, raw in got)

    real = _load(shared_dir, "block_suggestion.external_select_in_modal.json")
    assert _keys(real) <= _keys(suggestion)
    real = _load(shared_dir, "block_actions.in_modal_with_confirm.json")
    assert _keys(real) - {
        "actions.confirm",
        "actions.confirm.title",
        "actions.confirm.text",
        "actions.style",
        "actions.confirm.title.type",
        "actions.confirm.title.text",
        "actions.confirm.title.emoji",
        "actions.confirm.text.type",
        "actions.confirm.text.text",
        "actions.confirm.text.emoji",
    } <= _keys(action)
    real = _load(shared_dir, "view_submission.three_inputs.json")
    app_specific = {k for k in _keys(real) if k.startswith(("view.state.values.", "view.blocks."))}
    assert _keys(real) - app_specific <= _keys(submission)
    assert submission["view"]["state"]["values"]["b"]["a"]["selected_option"]["value"] == "001"
    assert "response_urls" in submission
    shape = json.loads(
        (shared_dir / "slack/payloads/shapes/ViewSubmissionPayload.json").read_text()
    )
    top = set(shape) - {
        "enterprise",
        "bot_access_token",
        "function_data",
        "interactivity",
        "is_cleared",
    }
    assert top <= set(submission)
    real = _load(shared_dir, "view_closed.json")
    assert _keys(real) <= _keys(closed) and closed["is_cleared"] is False


def test_message_block_action_has_state_container_and_response_url(slack_sim, recorder, shared_dir):
    got, _ = recorder
    from slack_sdk import WebClient

    client = WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url)
    msg = client.chat_postMessage(
        channel=DEFAULT_CHANNEL,
        text="pick",
        blocks=[
            {
                "type": "actions",
                "block_id": "block_1",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "save",
                        "value": "1",
                        "text": {"type": "plain_text", "text": "Save"},
                    }
                ],
            }
        ],
    )
    slack_sim.block_action("save", message_ts=msg["ts"])
    payload = _payload(got[0][1])
    real = _load(shared_dir, "block_actions.message_button.json")
    assert _keys(real) - {"container.attachment_id", "container.is_app_unfurl"} <= _keys(payload)
    real = _load(shared_dir, "block_actions.with_state.json")
    assert {k for k in _keys(real) if not k.startswith("state.values.")} <= _keys(payload)
    assert payload["container"]["type"] == "message"
    assert payload["actions"][0]["value"] == "1"


def test_event_envelopes_match_real_ones(slack_sim, recorder, shared_dir):
    got, _ = recorder
    slack_sim.app_home_opened()
    slack_sim.post_user_message("see https://acme.my.salesforce.com/lightning/r/Account/001/view")
    home, link = (json.loads(raw) for _, raw in got)
    for name, sent in (("AppHomeOpenedPayload.json", home), ("LinkSharedPayload.json", link)):
        shape = json.loads((shared_dir / "slack/payloads/shapes" / name).read_text())
        expected = {k for k in _keys(shape) if not k.startswith("event.view")}
        # authed_users/authed_teams are deprecated and no longer sent by Slack.
        expected -= {"authed_users", "authed_teams"}
        assert expected - {"event.thread_ts"} <= _keys(sent), name
    real = _load(shared_dir, "event.link_shared.json")
    assert link["event"]["links"] == [
        {
            "domain": "my.salesforce.com",
            "url": "https://acme.my.salesforce.com/lightning/r/Account/001/view",
        }
    ]
    assert set(real["event"]) - {"thread_ts"} <= set(link["event"])
    assert "view" not in home["event"]  # nothing published yet
