"""A real bolt App opens a modal from a slash command and validates its submission; the
simulator applies the ``response_action`` to its modal stack like Slack."""

from __future__ import annotations

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from devkit.slack import DEFAULT_USER


def _modal(title="New opportunity"):
    return {
        "type": "modal",
        "callback_id": "new_opp",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Create"},
        "private_metadata": "C0SALES001",
        "notify_on_close": True,
        "blocks": [
            {
                "type": "input",
                "block_id": "name",
                "label": {"type": "plain_text", "text": "Name"},
                "element": {"type": "plain_text_input", "action_id": "name_input"},
            },
            {
                "type": "input",
                "block_id": "stage",
                "label": {"type": "plain_text", "text": "Stage"},
                "element": {
                    "type": "static_select",
                    "action_id": "stage_select",
                    "options": [
                        {"text": {"type": "plain_text", "text": s}, "value": s}
                        for s in ("Prospecting", "Closed Won")
                    ],
                },
            },
            {
                "type": "input",
                "block_id": "account",
                "optional": True,
                "label": {"type": "plain_text", "text": "Account"},
                "element": {"type": "external_select", "action_id": "account_search"},
            },
        ],
    }


@pytest.fixture
def bolt_app(slack_sim, slack_signing_secret, serve_bolt):
    app = App(
        signing_secret=slack_signing_secret,
        client=WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url),
    )
    app.submitted = []
    app.closed = []

    @app.command("/sf")
    def sf(ack, body, client):
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=_modal())

    @app.options("account_search")
    def accounts(ack, body):
        query = body["value"].lower()
        names = [n for n in ("Acme", "Acme Europe", "Globex") if query in n.lower()]
        ack(options=[{"text": {"type": "plain_text", "text": n}, "value": n} for n in names])

    @app.view("new_opp")
    def submit(ack, view):
        values = view["state"]["values"]
        app.submitted.append(values)
        if values["name"]["name_input"]["value"] == "bad":
            ack(response_action="errors", errors={"name": "Pick a real name"})
        else:
            ack()

    @app.view_closed("new_opp")
    def closed(ack, body):
        ack()
        app.closed.append(body["view"]["id"])

    slack_sim.app_url = serve_bolt(app)
    return app


def test_open_submit_errors_then_close(slack_sim, bolt_app):
    slack_sim.slash("new opportunity")
    top = slack_sim.wait_for(lambda: slack_sim.top_view(DEFAULT_USER))
    assert top["callback_id"] == "new_opp" and top["hash"]

    result = slack_sim.view_submission({"name_input": "bad", "stage": "Prospecting"})
    assert result.applied == "errors" and result.errors == {"name": "Pick a real name"}
    assert len(slack_sim.open_views()) == 1

    suggestion = slack_sim.block_suggestion("account_search", "acm")
    assert suggestion.applied == "options"
    assert [o["value"] for o in suggestion.body["options"]] == ["Acme", "Acme Europe"]
    assert slack_sim.block_suggestion("account_search", "ac") is None  # below min_query_length

    result = slack_sim.view_submission({"name_input": "Acme renewal", "account_search": "Acme"})
    assert result.applied == "closed" and slack_sim.open_views() == []
    values = bolt_app.submitted[-1]
    assert values["stage"]["stage_select"]["selected_option"]["value"] == "Prospecting"
    assert values["account"]["account_search"]["selected_option"]["text"]["text"] == "Acme"
    assert result.payload["view"]["private_metadata"] == "C0SALES001"


def test_required_fields_are_checked_before_sending(slack_sim, bolt_app):
    slack_sim.slash("new")
    slack_sim.wait_for(lambda: slack_sim.top_view())
    result = slack_sim.view_submission({"name_input": "x"})
    assert result.applied == "client" and result.errors == {
        "stage": "Please complete this required field."
    }
    assert bolt_app.submitted == []


def test_view_closed_is_sent_when_notify_on_close(slack_sim, bolt_app):
    slack_sim.slash("new")
    view = slack_sim.wait_for(lambda: slack_sim.top_view())
    result = slack_sim.view_closed()
    assert result.status == 200 and bolt_app.closed == [view["id"]]
    assert slack_sim.open_views() == []
