"""Events: envelopes, Slack's redelivery with X-Slack-Retry-Num, url_verification, bolt."""

from __future__ import annotations

import json
import threading

from slack_bolt import App
from slack_sdk import WebClient
from werkzeug.serving import make_server

from devkit.slack import DEFAULT_CHANNEL


def test_retries_keep_the_event_id_and_number_the_attempts(slack_sim, recorder):
    got, reply = recorder
    reply["status"] = 500
    attempts = slack_sim.deliver_event({"type": "app_home_opened", "user": "U0ADA00001"})
    assert [a.status for a in attempts] == [500, 500, 500, 500]
    headers = [h for h, _ in got]
    assert [h.get("X-Slack-Retry-Num") for h in headers] == [None, "1", "2", "3"]
    assert {h.get("X-Slack-Retry-Reason") for h in headers[1:]} == {"http_error"}
    assert len({json.loads(raw)["event_id"] for _, raw in got}) == 1


def test_success_stops_redelivery(slack_sim, recorder):
    got, _ = recorder
    assert [a.status for a in slack_sim.deliver_event({"type": "app_home_opened"})] == [200]


def test_bolt_handles_link_shared_and_unfurls(slack_sim, slack_signing_secret, serve_bolt):
    app = App(
        signing_secret=slack_signing_secret,
        client=WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url),
    )

    @app.event("link_shared")
    def unfurl(event, client):
        unfurls = {
            link["url"]: {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "A"}}]}
            for link in event["links"]
        }
        client.chat_unfurl(channel=event["channel"], ts=event["message_ts"], unfurls=unfurls)

    @app.event("message")
    def message(event):
        pass

    slack_sim.app_url = serve_bolt(app)
    slack_sim.subscribed_events.add("message")
    url = "https://acme.my.salesforce.com/lightning/r/Opportunity/006000000000001AAA/view"
    msg = slack_sim.post_user_message(f"look at <{url}|this deal>")
    assert msg["events"] == [200]
    slack_sim.wait_for(lambda: slack_sim.calls("chat.unfurl"))
    assert slack_sim.calls("chat.unfurl")[0]["response"] == {"ok": True}
    assert url in slack_sim.messages(DEFAULT_CHANNEL)[0]["unfurls"]


def test_url_verification_echo(slack_sim, slack_signing_secret, serve_bolt):
    app = App(
        signing_secret=slack_signing_secret,
        client=WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url),
    )
    slack_sim.app_url = serve_bolt(app)
    result = slack_sim.url_verification("abc123")
    assert result.status == 200 and result.body == {"challenge": "abc123"}


def test_slow_app_is_a_timeout_not_a_hang(make_slack_sim):
    answered = threading.Event()  # the app answers only after the simulator gave up

    def slow_app(environ, start_response):
        answered.wait(30)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b""]

    server = make_server("127.0.0.1", 0, slow_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sim = make_slack_sim(ack_timeout=0.2, app_url=f"http://127.0.0.1:{server.server_port}/x")
    result = sim.slash("hi")
    answered.set()
    server.shutdown()
    server.server_close()
    assert (result.status, result.applied) == (0, "operation_timeout")
    shown = sim.messages(include_deleted=True)[-1]["text"]
    assert shown == '/sf failed with the error "operation_timeout"'
