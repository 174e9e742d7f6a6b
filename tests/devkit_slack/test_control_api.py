"""The /_sim/ JSON control API drives the simulator over HTTP (for the playground page)."""

from __future__ import annotations

import requests
from slack_bolt import App
from slack_sdk import WebClient

from devkit.slack import DEFAULT_USER

MODAL = {
    "type": "modal",
    "callback_id": "note",
    "title": {"type": "plain_text", "text": "Note"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {
            "type": "input",
            "block_id": "body",
            "label": {"type": "plain_text", "text": "Body"},
            "element": {"type": "plain_text_input", "action_id": "text"},
        }
    ],
}


def test_drive_a_bolt_app_through_the_control_api(slack_sim, slack_signing_secret, serve_bolt):
    app = App(
        signing_secret=slack_signing_secret,
        client=WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url),
    )

    @app.command("/sf")
    def sf(ack, body, client):
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.view("note")
    def save(ack, view, body, client):
        ack()
        text = view["state"]["values"]["body"]["text"]["value"]
        client.chat_postMessage(channel="C0SALES001", text=f"Saved: {text}")

    ctl = slack_sim.base_url + "_sim/"
    assert requests.post(ctl + "config", json={"app_url": serve_bolt(app)}).json() == {"ok": True}
    state = requests.get(ctl + "state").json()
    assert {u["profile"]["email"] for u in state["users"]} >= {"rep@demo.example"}

    start = requests.get(ctl + "feed").json()["next"]
    sent = requests.post(ctl + "slash", json={"text": "note", "user": DEFAULT_USER}).json()
    assert sent["sent"] and sent["status"] == 200
    feed = requests.get(ctl + "feed", params={"since": start, "wait": 5}).json()
    assert feed["events"] and feed["next"] > start
    slack_sim.wait_for(lambda: slack_sim.top_view())
    views = requests.get(ctl + "views", params={"user": DEFAULT_USER}).json()
    assert views["stack"][0]["callback_id"] == "note" and views["home"] is None

    done = requests.post(ctl + "view_submission", json={"values": {"text": "Met the CFO"}}).json()
    assert done["applied"] == "closed"
    slack_sim.wait_for(lambda: slack_sim.calls("chat.postMessage"))
    messages = requests.get(ctl + "messages", params={"channel": "C0SALES001"}).json()
    assert messages[-1]["text"] == "Saved: Met the CFO"
    calls = requests.get(ctl + "calls", params={"method": "views.open"}).json()
    assert calls[0]["response"]["ok"] is True


def test_control_api_errors_are_clear(slack_sim):
    ctl = slack_sim.base_url + "_sim/"
    missing = requests.post(ctl + "view_submission", json={})
    assert missing.status_code == 400 and "no open modal" in missing.json()["error"]
    no_app = requests.post(ctl + "slash", json={"text": "x"})
    assert no_app.status_code == 400 and "app_url" in no_app.json()["error"]
    assert requests.get(ctl + "nope").status_code == 404
    posted = requests.post(ctl + "message", json={"text": "hi <!here>"}).json()
    assert posted["mentions"] == ["<!here>"]


def test_response_urls_for_commands_sent_by_a_load_generator(slack_sim):
    ctl = slack_sim.base_url + "_sim/"
    issued = requests.post(ctl + "response_urls", json={"count": 2}).json()
    assert issued["ok"] and len(set(issued["urls"])) == 2
    first, second = issued["urls"]
    assert first.startswith(slack_sim.base_url + "hooks/commands/")

    # Each behaves like a slash command's: the first reply shows, a replace edits that reply.
    assert requests.post(first, json={"text": "Working"}).status_code == 200
    done = {"text": "Saved Served1", "replace_original": True}
    assert requests.post(first, json=done).status_code == 200
    assert requests.post(second, json={"text": "Saved Served2"}).status_code == 200
    shown = [m["text"] for m in slack_sim.ephemeral_messages(DEFAULT_USER, "C0SALES001")]
    assert shown == ["Saved Served1", "Saved Served2"]
    posts = requests.get(ctl + "response_url_posts", params={"user": DEFAULT_USER}).json()
    assert [p["url"] for p in posts] == [first, first, second]
    assert all(isinstance(p["time"], float) for p in posts)


def test_response_urls_refuses_bad_counts_and_unknown_users(slack_sim):
    ctl = slack_sim.base_url + "_sim/"
    for count in (0, "3", 100_001):
        refused = requests.post(ctl + "response_urls", json={"count": count})
        assert refused.status_code == 400
        assert "count must be a whole number from 1 to 100000" in refused.json()["error"]
    unknown = requests.post(ctl + "response_urls", json={"user": "U0NOBODY01"})
    assert unknown.status_code == 400 and "U0NOBODY01" in unknown.json()["error"]
    assert slack_sim.state.response_urls == {}
