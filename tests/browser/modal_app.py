"""A small bolt app that exercises every modal path of the page (test scaffolding, not a feature).

The real features' modals are tested in test_playground_flows.py; this app lets the page's modal
handling (typeahead, errors, views.update, push, clear) be checked on its own.
"""

from __future__ import annotations

from flask import Flask, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk import WebClient

ACCOUNTS = ["Acme Corp", "Acme Industries", "Globex", "Initech"]


def pt(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def modal(extra: list[dict] | None = None) -> dict:
    return {
        "type": "modal",
        "callback_id": "demo_modal",
        "title": pt("New opportunity"),
        "submit": pt("Create"),
        "close": pt("Cancel"),
        "blocks": [
            {
                "type": "input",
                "block_id": "name_block",
                "label": pt("Name"),
                "element": {"type": "plain_text_input", "action_id": "value"},
            },
            {
                "type": "input",
                "block_id": "account_block",
                "label": pt("Account"),
                "element": {
                    "type": "external_select",
                    "action_id": "account_pick",
                    "min_query_length": 2,
                    "placeholder": pt("Search accounts"),
                },
            },
            {
                "type": "input",
                "block_id": "stage_block",
                "dispatch_action": True,
                "label": pt("Stage"),
                "element": {
                    "type": "static_select",
                    "action_id": "stage_pick",
                    "options": [{"text": pt(s), "value": s} for s in ("Prospecting", "Closed Won")],
                },
            },
            *(extra or []),
        ],
    }


def build(*, token: str, signing_secret: str, api_url: str) -> Flask:
    app = App(
        token=token,
        signing_secret=signing_secret,
        client=WebClient(token=token, base_url=api_url),
        process_before_response=True,
    )

    @app.command("/demo")
    def open_modal(ack, body, client):  # type: ignore[no-untyped-def]
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=modal())

    @app.options("account_pick")
    def accounts(ack, body):  # type: ignore[no-untyped-def]
        typed = body["value"].lower()
        ack(
            options=[
                {"text": pt(name), "value": f"001{index:015d}"}
                for index, name in enumerate(ACCOUNTS)
                if typed in name.lower()
            ]
        )

    @app.action("stage_pick")
    def stage_changed(ack, body, client):  # type: ignore[no-untyped-def]
        ack()
        stage = body["actions"][0]["selected_option"]["value"]
        note = {"type": "context", "block_id": "stage_note", "elements": [pt(f"Stage: {stage}")]}
        view = body["view"]
        client.views_update(view_id=view["id"], hash=view["hash"], view=modal([note]))

    @app.view("demo_modal")
    def submitted(ack, body, client, view):  # type: ignore[no-untyped-def]
        values = view["state"]["values"]
        name = values["name_block"]["value"]["value"]
        if name == "bad":
            ack(response_action="errors", errors={"name_block": "Pick another name than “bad”."})
            return
        account = values["account_block"]["account_pick"]["selected_option"]["text"]["text"]
        ack()
        client.chat_postMessage(channel="C0SALES001", text=f"Created *{name}* for *{account}*")

    @app.shortcut("demo_quote")
    def quote(ack, body, client):  # type: ignore[no-untyped-def]
        ack()
        text = body["message"]["text"]
        view = {
            "type": "modal",
            "callback_id": "demo_quote",
            "title": pt("Quote"),
            "close": pt("Done"),
            "blocks": [
                {"type": "section", "block_id": "quoted", "text": {"type": "mrkdwn", "text": text}}
            ],
        }
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.event("app_home_opened")
    def home(event, client):  # type: ignore[no-untyped-def]
        blocks = [
            {"type": "header", "text": pt("Welcome home")},
            {
                "type": "actions",
                "block_id": "home_actions",
                "elements": [{"type": "button", "action_id": "home_click", "text": pt("Click me")}],
            },
        ]
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})

    @app.action("home_click")
    def home_click(ack, body, client):  # type: ignore[no-untyped-def]
        ack()
        clicks = body["view"]["blocks"][0]["text"]["text"]
        view = {
            "type": "home",
            "blocks": [{"type": "header", "text": pt(f"{clicks}: clicked")}],
        }
        client.views_publish(user_id=body["user"]["id"], view=view)

    flask_app = Flask("modal_app")
    handler = SlackRequestHandler(app)

    @flask_app.post("/slack/events")
    def events():  # type: ignore[no-untyped-def]
        return handler.handle(request)

    return flask_app
