"""The fake Web API answers like Slack: auth, transport, scopes, rate limits, error bodies."""

from __future__ import annotations

import json

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.slack import DEFAULT_CHANNEL

ADA, ROB, SAM = "U0ADA00001", "U0ROB00002", "U0SAM00003"


@pytest.fixture
def client(slack_sim):
    return WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url)


def _error(call):
    with pytest.raises(SlackApiError) as info:
        call()
    return info.value.response.status_code, info.value.response.data


def test_auth_test_has_what_bolt_needs(client):
    data = client.auth_test().data
    assert {"ok", "url", "team", "user", "team_id", "user_id", "bot_id"} <= set(data)


def test_not_authed_and_invalid_auth(slack_sim, shared_dir):
    examples = json.loads((shared_dir / "slack/web_api/responses.docs.json").read_text())
    auth = examples["methods"]["auth.test"]["examples"]
    no_token = requests.post(slack_sim.api_url + "auth.test")
    bad = requests.post(slack_sim.api_url + "auth.test", headers={"Authorization": "Bearer xoxb-1"})
    assert (no_token.status_code, no_token.json()) == (200, auth["error_with_no_token"])
    assert (bad.status_code, bad.json()) == (200, auth["error"])
    slack_sim.revoke_token()
    revoked = requests.post(slack_sim.api_url + "auth.test", data={"token": slack_sim.bot_token})
    assert revoked.json() == {"ok": False, "error": "invalid_auth"}


def test_form_bodies_with_json_strings_and_token_param(slack_sim):
    blocks = json.dumps([{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}])
    resp = requests.post(
        slack_sim.api_url + "chat.postMessage",
        data={"token": slack_sim.bot_token, "channel": DEFAULT_CHANNEL, "blocks": blocks},
    )
    assert resp.json()["ok"] is True
    assert slack_sim.messages()[0]["blocks"][0]["text"]["text"] == "*hi*"
    assert slack_sim.calls("chat.postMessage")[0]["args"]["blocks"][0]["type"] == "section"


def test_users_info_email_needs_the_email_scope(slack_sim, client):
    assert client.users_info(user=ADA)["user"]["profile"]["email"] == "rep@demo.example"
    slack_sim.set_scopes({"chat:write", "users:read"})
    profile = client.users_info(user=ADA)["user"]["profile"]
    assert "email" not in profile
    status, data = _error(lambda: client.users_lookupByEmail(email="rep@demo.example"))
    assert data["error"] == "missing_scope" and data["needed"] == "users:read.email"


def test_lookup_by_email_maps_the_salesforce_demo_users(client):
    found = {
        email: client.users_lookupByEmail(email=email)["user"]["id"]
        for email in ("rep@demo.example", "readonly@demo.example", "admin@demo.example")
    }
    assert found == {
        "rep@demo.example": ADA,
        "readonly@demo.example": ROB,
        "admin@demo.example": SAM,
    }
    assert client.users_info(user=SAM)["user"]["is_admin"] is True
    assert (
        _error(lambda: client.users_lookupByEmail(email="x@y.z"))[1]["error"] == "users_not_found"
    )


def test_conversations_info_and_channel_errors(client):
    assert client.conversations_info(channel=DEFAULT_CHANNEL)["channel"]["name"] == "sales"
    _, data = _error(lambda: client.conversations_info(channel="C404"))
    assert data == {"ok": False, "error": "channel_not_found"}


def test_post_ephemeral_user_not_in_channel_and_not_in_channel(client):
    _, data = _error(lambda: client.chat_postEphemeral(channel="G0DEALS001", user=ROB, text="x"))
    assert data == {"ok": False, "error": "user_not_in_channel"}
    _, data = _error(lambda: client.chat_postMessage(channel="C0RANDOM01", text="x"))
    assert data["error"] == "not_in_channel"
    assert set(client.chat_postEphemeral(channel=DEFAULT_CHANNEL, user=ADA, text="x").data) == {
        "ok",
        "message_ts",
    }


def test_update_delete_and_permalink(slack_sim, client):
    ts = client.chat_postMessage(channel=DEFAULT_CHANNEL, text="v1")["ts"]
    assert client.chat_update(channel=DEFAULT_CHANNEL, ts=ts, text="v2")["text"] == "v2"
    reply = client.chat_postMessage(channel=DEFAULT_CHANNEL, text="r", thread_ts=ts)["ts"]
    link = client.chat_getPermalink(channel=DEFAULT_CHANNEL, message_ts=reply)["permalink"]
    assert link == (
        f"https://demo.slack.com/archives/{DEFAULT_CHANNEL}/p{reply.replace('.', '')}"
        f"?thread_ts={ts}&cid={DEFAULT_CHANNEL}"
    )
    eph = client.chat_postEphemeral(channel=DEFAULT_CHANNEL, user=ADA, text="e")["message_ts"]
    _, data = _error(lambda: client.chat_update(channel=DEFAULT_CHANNEL, ts=eph, text="no"))
    assert data["error"] == "message_not_found"
    user_msg = slack_sim.post_user_message("mine")
    _, data = _error(lambda: client.chat_delete(channel=DEFAULT_CHANNEL, ts=user_msg["ts"]))
    assert data["error"] == "cant_delete_message"
    assert client.chat_delete(channel=DEFAULT_CHANNEL, ts=ts)["ok"]
    assert [m["text"] for m in slack_sim.messages(DEFAULT_CHANNEL, ephemeral=False)] == [
        "r",
        "mine",
    ]


def test_rate_limit_429_with_retry_after(slack_sim, client):
    slack_sim.set_rate_limit("chat.postMessage", retry_after=7, times=2)
    for _ in range(2):
        status, data = _error(lambda: client.chat_postMessage(channel=DEFAULT_CHANNEL, text="x"))
        assert (status, data) == (429, {"ok": False, "error": "ratelimited"})
    assert client.chat_postMessage(channel=DEFAULT_CHANNEL, text="x")["ok"]
    raw = slack_sim.calls("chat.postMessage")
    assert [c["status"] for c in raw] == [429, 429, 200]

    slack_sim.set_rate_limit(retry_after=3)
    resp = requests.post(slack_sim.api_url + "auth.test", data={"token": slack_sim.bot_token})
    assert (resp.status_code, resp.headers["Retry-After"]) == (429, "3")
    slack_sim.clear_rate_limits()
    assert client.auth_test()["ok"]


def test_unfurl_only_for_links_from_link_shared(slack_sim, client, recorder):
    slack_sim.subscribed_events = set()  # sent explicitly below
    url = "https://acme.lightning.force.com/lightning/r/Account/001/view"
    msg = slack_sim.post_user_message(f"look <{url}>")
    slack_sim.link_shared([{"domain": "lightning.force.com", "url": url}], message=msg)
    unfurls = {url: {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Acme"}}]}}
    assert client.chat_unfurl(channel=DEFAULT_CHANNEL, ts=msg["ts"], unfurls=unfurls)["ok"]
    assert slack_sim.messages(DEFAULT_CHANNEL)[0]["unfurls"][url]["blocks"][0]["type"] == "section"
    other = {"https://evil.example/": unfurls[url]}
    _, data = _error(
        lambda: client.chat_unfurl(channel=DEFAULT_CHANNEL, ts=msg["ts"], unfurls=other)
    )
    assert data["error"] == "cannot_unfurl_url"
    plain = slack_sim.post_user_message("no links")
    _, data = _error(
        lambda: client.chat_unfurl(channel=DEFAULT_CHANNEL, ts=plain["ts"], unfurls=unfurls)
    )
    assert data["error"] == "cannot_find_message"


def test_every_call_is_recorded(slack_sim, client):
    client.chat_postMessage(channel=DEFAULT_CHANNEL, text="hello")
    call = slack_sim.calls("chat.postMessage")[0]
    assert call["args"] == {"channel": DEFAULT_CHANNEL, "text": "hello"}
    assert call["response"]["ok"] is True and call["time"] > 0
