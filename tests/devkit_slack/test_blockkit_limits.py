"""Block Kit and modal limits, with the error bodies Slack sends (errors.observed.json)."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.slack import DEFAULT_CHANNEL, DEFAULT_USER, limits
from devkit.slack.blockkit import message_errors, view_errors


def _observed(shared_dir):
    return json.loads((shared_dir / "slack/web_api/errors.observed.json").read_text())["examples"]


def _section(text, **extra):
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, **extra}}


def _modal(blocks=None, **extra):
    view = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Title"},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": blocks or [_section("hi")],
    }
    view.update(extra)
    return view


def _input(element):
    return {"type": "input", "label": {"type": "plain_text", "text": "L"}, "element": element}


@pytest.fixture
def client(slack_sim):
    return WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url)


def _fail(call) -> dict:
    with pytest.raises(SlackApiError) as info:
        call()
    assert info.value.response.status_code == 200
    return info.value.response.data


def test_limits_match_the_shared_table(shared_dir):
    table = json.loads((shared_dir / "slack/schemas/limits.json").read_text())["limits"]
    for key, value in limits.BY_KEY.items():
        entry = next(x for x in table if x["key"] == key)
        assert entry["value"] == value, key


def test_chat_error_bodies_are_exactly_the_observed_ones(shared_dir, client):
    observed = {json.dumps(e["body"]) for e in _observed(shared_dir) if "body" in e}
    too_long = _fail(
        lambda: client.chat_postMessage(
            channel=DEFAULT_CHANNEL, blocks=[_section("x" * 3001)], text="t"
        )
    )
    too_many = _fail(
        lambda: client.chat_postMessage(
            channel=DEFAULT_CHANNEL, blocks=[_section("x")] * 51, text="t"
        )
    )
    assert json.dumps(too_long) in observed
    assert json.dumps(too_many) in observed


def test_view_error_bodies_are_exactly_the_observed_ones(shared_dir, slack_sim, client):
    observed = {json.dumps(e["body"]) for e in _observed(shared_dir) if "body" in e}
    trigger = slack_sim.state.new_trigger(DEFAULT_USER)
    body = _fail(
        lambda: client.views_open(trigger_id=trigger, view=_modal(private_metadata="x" * 3001))
    )
    assert json.dumps(body) in observed
    assert slack_sim.state.triggers[trigger].used is False  # a rejected view keeps the trigger


@pytest.mark.parametrize(
    ("view", "message"),
    [
        (
            _modal(title={"type": "plain_text", "text": "x" * 25}),
            "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]",
        ),
        (
            _modal(
                [_section("a"), _section("b"), _input({"type": "plain_text_input"})], submit=None
            ),
            "[ERROR] must define `submit` to use an `input` block in modals"
            " [json-pointer:/view/blocks/2/input]",
        ),
        (
            _modal(
                [
                    _input(
                        {
                            "type": "static_select",
                            "options": [
                                {"text": {"type": "plain_text", "text": "a"}, "value": "a"}
                            ],
                            "initial_option": None,
                        }
                    )
                ]
            ),
            "[ERROR] must provide an object [json-pointer:/view/blocks/0/element/initial_option]",
        ),
        (
            _modal(
                [
                    {
                        "type": "actions",
                        "elements": [
                            {
                                "type": "checkboxes",
                                "options": [
                                    {"text": {"type": "mrkdwn", "text": str(i)}, "value": str(i)}
                                    for i in range(11)
                                ],
                            }
                        ],
                    }
                ]
            ),
            "[ERROR] no more than 10 items allowed"
            " [json-pointer:/view/blocks/0/elements/0/options]",
        ),
        (
            _modal([{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}]),
            "[ERROR] no more than 10 items allowed [json-pointer:/view/blocks/0/fields]",
        ),
        (
            _modal([_section("x")] * 101),
            "[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]",
        ),
        (
            _modal(callback_id="c" * 256),
            "[ERROR] must be less than 256 characters [json-pointer:/view/callback_id]",
        ),
    ],
)
def test_view_limits_in_observed_wording(slack_sim, client, view, message):
    trigger = slack_sim.state.new_trigger(DEFAULT_USER)
    body = _fail(lambda: client.views_open(trigger_id=trigger, view=view))
    assert body["error"] == "invalid_arguments"
    messages = body["response_metadata"]["messages"]
    assert messages[0] == "[ERROR] failed to match all allowed schemas [json-pointer:/view]"
    assert message in messages


def test_emoji_on_mrkdwn_is_rejected_like_slack(shared_dir):
    expected = next(e for e in _observed(shared_dir) if e["hit"] == "10639492561")["body"]["errors"]
    blocks = [_section("a"), _section("b"), _section("c"), _section("d", emoji=True)]
    assert message_errors(blocks) == expected


@pytest.mark.parametrize(
    ("blocks", "fragment"),
    [
        (
            [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
            "must be less than 151 characters [json-pointer:/blocks/0/text/text]",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": f"b{i}",
                            "text": {"type": "plain_text", "text": "b"},
                        }
                        for i in range(26)
                    ],
                }
            ],
            "no more than 25 items allowed [json-pointer:/blocks/0/elements]",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {"type": "button", "text": {"type": "plain_text", "text": "b" * 76}}
                    ],
                }
            ],
            "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "value": "v" * 2001,
                            "text": {"type": "plain_text", "text": "b"},
                        }
                    ],
                }
            ],
            "must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]",
        ),
        (
            [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
            "no more than 10 items allowed [json-pointer:/blocks/0/elements]",
        ),
        (
            [{"type": "section", "block_id": "b" * 256, "text": {"type": "mrkdwn", "text": "x"}}],
            "must be less than 256 characters [json-pointer:/blocks/0/block_id]",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "overflow",
                            "options": [
                                {"text": {"type": "plain_text", "text": "o"}, "value": str(i)}
                                for i in range(6)
                            ],
                        }
                    ],
                }
            ],
            "no more than 5 items allowed [json-pointer:/blocks/0/elements/0/options]",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "static_select",
                            "options": [
                                {"text": {"type": "plain_text", "text": "o"}, "value": "v" * 151}
                            ],
                        }
                    ],
                }
            ],
            "must be less than 151 characters [json-pointer:/blocks/0/elements/0/options/0/value]",
        ),
        (
            [
                {
                    "type": "actions",
                    "elements": [{"type": "datepicker", "initial_date": "31/12/2026"}],
                }
            ],
            "must match YYYY-MM-DD [json-pointer:/blocks/0/elements/0/initial_date]",
        ),
        (
            [
                {
                    "type": "section",
                    "text": {"type": "mrkdwn", "text": "x"},
                    "accessory": {
                        "type": "button",
                        "text": {"type": "plain_text", "text": "b"},
                        "confirm": {
                            "title": {"type": "plain_text", "text": "t" * 101},
                            "text": {"type": "plain_text", "text": "x"},
                            "confirm": {"type": "plain_text", "text": "y"},
                            "deny": {"type": "plain_text", "text": "n"},
                        },
                    },
                }
            ],
            "must be less than 101 characters"
            " [json-pointer:/blocks/0/accessory/confirm/title/text]",
        ),
        ([{"type": "section"}], "missing required field: text [json-pointer:/blocks/0]"),
        (
            [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}, "colour": "red"}],
            "invalid additional property: colour [json-pointer:/blocks/0]",
        ),
    ],
)
def test_message_limits(client, blocks, fragment):
    body = _fail(lambda: client.chat_postMessage(channel=DEFAULT_CHANNEL, blocks=blocks, text="t"))
    assert body["error"] == "invalid_blocks"
    assert fragment in body["errors"]
    assert f"[ERROR] {fragment}" in body["response_metadata"]["messages"]


def test_valid_payloads_from_slack_sdk_models_pass():
    from slack_sdk.models.blocks import (
        ActionsBlock,
        ButtonElement,
        ContextBlock,
        DividerBlock,
        HeaderBlock,
        InputBlock,
        MarkdownTextObject,
        Option,
        PlainTextInputElement,
        SectionBlock,
        StaticSelectElement,
    )
    from slack_sdk.models.views import View

    blocks = [
        HeaderBlock(text="Acme renewal"),
        SectionBlock(text=MarkdownTextObject(text="*Stage* Prospecting"), fields=["a", "b"]),
        DividerBlock(),
        ContextBlock(elements=[MarkdownTextObject(text="ctx")]),
        ActionsBlock(
            elements=[ButtonElement(text="Undo", action_id="undo", value="1", style="danger")]
        ),
    ]
    assert message_errors([b.to_dict() for b in blocks]) == []
    view = View(
        type="modal",
        title="New",
        submit="Save",
        callback_id="cb",
        blocks=[
            InputBlock(label="Name", block_id="n", element=PlainTextInputElement(action_id="a")),
            InputBlock(
                label="Stage",
                block_id="s",
                element=StaticSelectElement(action_id="b", options=[Option(text="P", value="P")]),
            ),
        ],
    )
    assert view_errors(view.to_dict()) == []


def test_view_too_large(slack_sim, client):
    trigger = slack_sim.state.new_trigger(DEFAULT_USER)
    blocks = [_section("x" * 2900) for _ in range(90)]
    assert _fail(lambda: client.views_open(trigger_id=trigger, view=_modal(blocks)))["error"] == (
        "view_too_large"
    )


def test_home_views_refuse_submit(slack_sim, client):
    home = {
        "type": "home",
        "blocks": [_section("hi")],
        "submit": {"type": "plain_text", "text": "s"},
    }
    body = _fail(lambda: client.views_publish(user_id=DEFAULT_USER, view=home))
    assert (
        "[ERROR] invalid additional property: submit [json-pointer:/view]"
        in (body["response_metadata"]["messages"])
    )
