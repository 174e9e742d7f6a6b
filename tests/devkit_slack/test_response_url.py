"""response_url rules: 5 uses in 30 minutes, ephemeral by default, replace/delete the original."""

from __future__ import annotations

import requests

from devkit.slack import DEFAULT_CHANNEL, DEFAULT_USER


def _issue(sim, source_ts=None):
    return sim.state.new_response_url(
        base=sim.base_url,
        kind="actions",
        user_id=DEFAULT_USER,
        channel_id=DEFAULT_CHANNEL,
        source_ts=source_ts,
    ).url


def test_five_uses_then_used_url(slack_sim):
    url = _issue(slack_sim)
    statuses = [requests.post(url, json={"text": f"n{i}"}).status_code for i in range(6)]
    assert statuses == [200] * 5 + [404]
    assert slack_sim.response_url_posts()[-1]["response"] == "used_url"
    assert len(slack_sim.ephemeral_messages(DEFAULT_USER)) == 5


def test_expires_after_30_minutes(slack_sim):
    url = _issue(slack_sim)
    slack_sim.advance_time(30 * 60 + 1)
    resp = requests.post(url, json={"text": "late"})
    assert (resp.status_code, resp.text) == (404, "expired_url")


def test_unknown_url(slack_sim):
    resp = requests.post(slack_sim.base_url + "hooks/actions/T/1/nope", json={"text": "x"})
    assert (resp.status_code, resp.text) == (404, "invalid_url")


def test_in_channel_replace_and_delete(slack_sim):
    original = slack_sim.state.add_message(
        channel=DEFAULT_CHANNEL, user=slack_sim.state.bot_user_id, source="test", text="pick one"
    )
    url = _issue(slack_sim, source_ts=original["ts"])
    assert requests.post(url, json={"replace_original": "true", "text": "picked"}).ok
    assert slack_sim.messages(DEFAULT_CHANNEL)[0]["text"] == "picked"
    assert requests.post(url, json={"response_type": "in_channel", "text": "all"}).ok
    assert [m["ephemeral_to"] for m in slack_sim.messages(DEFAULT_CHANNEL)] == [None, None]
    assert requests.post(url, json={"delete_original": True}).ok
    assert [m["text"] for m in slack_sim.messages(DEFAULT_CHANNEL)] == ["all"]


def test_ephemeral_stays_ephemeral_when_replaced(slack_sim):
    original = slack_sim.state.add_message(
        channel=DEFAULT_CHANNEL,
        user=slack_sim.state.bot_user_id,
        source="test",
        text="eph",
        ephemeral_to=DEFAULT_USER,
    )
    url = _issue(slack_sim, source_ts=original["ts"])
    body = {"replace_original": True, "response_type": "in_channel", "text": "still mine"}
    assert requests.post(url, json=body).ok
    assert slack_sim.messages(DEFAULT_CHANNEL)[0]["ephemeral_to"] == DEFAULT_USER


def test_invalid_blocks_are_refused(slack_sim):
    url = _issue(slack_sim)
    resp = requests.post(url, json={"blocks": [{"type": "section"}]})
    assert (resp.status_code, resp.text) == (400, "invalid_blocks")
    assert slack_sim.messages() == []
