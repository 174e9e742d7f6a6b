"""views.* rules: trigger ids (3 s, single use, format), stack of 3, hash, Home views."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from devkit.slack import DEFAULT_USER

MODAL = {
    "type": "modal",
    "title": {"type": "plain_text", "text": "Title"},
    "close": {"type": "plain_text", "text": "Cancel"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}],
}
HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "h"}}]}


@pytest.fixture
def client(slack_sim):
    return WebClient(token=slack_sim.bot_token, base_url=slack_sim.api_url)


def _error(call) -> str:
    with pytest.raises(SlackApiError) as info:
        call()
    return info.value.response["error"]


def _method_errors(shared_dir, method):
    data = json.loads((shared_dir / "slack/web_api/responses.docs.json").read_text())
    return set(data["methods"][method]["method_errors"])


def test_trigger_works_once_within_3_seconds(slack_sim, client, shared_dir):
    documented = _method_errors(shared_dir, "views.open")
    trigger = slack_sim.state.new_trigger(DEFAULT_USER)
    assert client.views_open(trigger_id=trigger, view=MODAL)["view"]["type"] == "modal"
    assert _error(lambda: client.views_open(trigger_id=trigger, view=MODAL)) == (
        "exchanged_trigger_id"
    )
    late = slack_sim.state.new_trigger(DEFAULT_USER)
    slack_sim.advance_time(3.01)
    assert _error(lambda: client.views_open(trigger_id=late, view=MODAL)) == "expired_trigger_id"
    assert _error(lambda: client.views_open(trigger_id="not-a-trigger", view=MODAL)) == (
        "invalid_trigger_id"
    )
    assert _error(lambda: client.views_open(trigger_id="1.2.abc", view=MODAL)) == (
        "invalid_trigger_id"
    )
    assert {"exchanged_trigger_id", "expired_trigger_id", "invalid_trigger_id"} <= documented


def test_trigger_ids_have_slacks_format(slack_sim):
    trigger = slack_sim.state.new_trigger(DEFAULT_USER)
    head, middle, tail = trigger.split(".")
    assert head.isdigit() and middle.isdigit() and len(tail) == 32 and int(tail, 16) >= 0


def test_push_limit_and_stack(slack_sim, client):
    def trig():
        return slack_sim.state.new_trigger(DEFAULT_USER)

    root = client.views_open(trigger_id=trig(), view=MODAL)["view"]
    second = client.views_push(trigger_id=trig(), view=MODAL)["view"]
    client.views_push(trigger_id=trig(), view=MODAL)
    assert _error(lambda: client.views_push(trigger_id=trig(), view=MODAL)) == "push_limit_reached"
    assert second["root_view_id"] == root["id"] and second["previous_view_id"] == root["id"]
    assert [v["id"] for v in slack_sim.open_views()][:2] == [root["id"], second["id"]]


def test_update_hash_conflict_and_not_found(slack_sim, client, shared_dir):
    view = client.views_open(trigger_id=slack_sim.state.new_trigger(DEFAULT_USER), view=MODAL)[
        "view"
    ]
    changed = {**MODAL, "title": {"type": "plain_text", "text": "Saving…"}}
    updated = client.views_update(view_id=view["id"], hash=view["hash"], view=changed)["view"]
    assert updated["id"] == view["id"] and updated["hash"] != view["hash"]
    assert updated["title"]["text"] == "Saving…"
    stale = lambda: client.views_update(view_id=view["id"], hash=view["hash"], view=MODAL)  # noqa: E731
    assert _error(stale) == "hash_conflict"
    assert _error(lambda: client.views_update(view_id="V0NOPE", view=MODAL)) == "not_found"
    assert {"hash_conflict"} <= _method_errors(shared_dir, "views.update")


def test_update_by_external_id_keeps_typed_values(slack_sim, client):
    modal = {
        **MODAL,
        "external_id": "ext-1",
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": [
            {
                "type": "input",
                "block_id": "n",
                "label": {"type": "plain_text", "text": "Name"},
                "element": {"type": "plain_text_input", "action_id": "a"},
            }
        ],
    }
    client.views_open(trigger_id=slack_sim.state.new_trigger(DEFAULT_USER), view=modal)
    slack_sim.set_values({"a": "typed"})
    updated = client.views_update(external_id="ext-1", view=modal)["view"]
    assert updated["state"]["values"]["n"]["a"]["value"] == "typed"
    trig = slack_sim.state.new_trigger(DEFAULT_USER)
    assert _error(lambda: client.views_push(trigger_id=trig, view=modal)) == "duplicate_external_id"


def test_publish_home_then_app_home_opened_carries_it(slack_sim, client, recorder):
    got, _ = recorder
    slack_sim.app_home_opened()
    first = client.views_publish(user_id=DEFAULT_USER, view=HOME)["view"]
    again = client.views_publish(user_id=DEFAULT_USER, view=HOME, hash=first["hash"])["view"]
    assert again["id"] == first["id"]
    stale = lambda: client.views_publish(user_id=DEFAULT_USER, view=HOME, hash=first["hash"])  # noqa: E731
    assert _error(stale) == "hash_conflict"
    assert _error(lambda: client.views_publish(user_id="U404", view=HOME)) == "invalid_arguments"
    slack_sim.app_home_opened()
    before, after = (json.loads(raw)["event"] for _, raw in got)
    assert "view" not in before and after["view"]["id"] == first["id"]
    assert slack_sim.home_view()["hash"] == again["hash"]
