"""A real bolt App served over HTTP receives the simulator's slash commands and answers through
the simulator's Web API and response_url: proof that the simulator talks to bolt like Slack."""

from __future__ import annotations

import time

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from devkit.slack import DEFAULT_CHANNEL, DEFAULT_USER

ROB = "U0ROB00002"


@pytest.fixture
def bolt_app(slack_sim, slack_signing_secret, serve_bolt):
    app = App(
        token=slack_sim.bot_token,
        signing_secret=slack_signing_secret,
        client=WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url),
    )
    seen = []

    @app.command("/sf")
    def sf(ack, command, respond, client):
        seen.append(command)
        ack("Working on it…")
        respond(replace_original=True, text=f"Done: {command['text']}")
        client.chat_postEphemeral(
            channel=command["channel_id"], user=command["user_id"], text="psst"
        )
        client.chat_postMessage(channel=command["channel_id"], text="Shared with the channel")

    slack_sim.app_url = serve_bolt(app)
    app.seen = seen
    return app


def test_bolt_startup_calls_auth_test_once(slack_sim, bolt_app):
    assert [c["response"]["ok"] for c in slack_sim.calls("auth.test")] == [True]


def test_slash_command_round_trip(slack_sim, bolt_app):
    result = slack_sim.slash("help me", user=DEFAULT_USER)

    assert result.status == 200 and result.body == "Working on it…"
    slack_sim.wait_for(lambda: slack_sim.calls("chat.postMessage"))
    form = bolt_app.seen[0]
    assert form["command"] == "/sf" and form["text"] == "help me"
    assert form["user_id"] == DEFAULT_USER and form["channel_id"] == DEFAULT_CHANNEL
    assert form["response_url"].startswith(slack_sim.base_url + "hooks/commands/")

    # The ack became an ephemeral message that respond(replace_original=True) replaced.
    mine = slack_sim.ephemeral_messages(DEFAULT_USER)
    assert [m["text"] for m in mine] == ["Done: help me", "psst"]
    assert slack_sim.ephemeral_messages(ROB) == []
    public = slack_sim.messages(DEFAULT_CHANNEL, ephemeral=False)
    assert [m["text"] for m in public] == ["Shared with the channel"]
    posts = slack_sim.response_url_posts()
    assert posts[0]["status"] == 200 and posts[0]["body"]["replace_original"] is True


def test_bad_signature_and_stale_timestamp_get_401_and_run_nothing(slack_sim, bolt_app):
    bad = slack_sim.slash("help", signing_secret="not-the-secret")
    stale = slack_sim.slash("help", timestamp=int(time.time()) - 301)

    assert (bad.status, stale.status) == (401, 401)
    assert bolt_app.seen == []
    assert (
        slack_sim.messages(include_deleted=True)[-1]["text"]
        == '/sf failed with the error "dispatch_failed"'
    )


def test_result_measures_latency(slack_sim, bolt_app):
    result = slack_sim.slash("x")
    assert 0 < result.latency_ms < 3000 and result.acked_in_time
