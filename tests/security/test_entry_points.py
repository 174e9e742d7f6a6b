"""Every Slack entry point checks Slack's signature and timestamp; tokens stay with their user.

Requests are posted over HTTP to the served app with the simulator's signer: a wrong secret, a
stale timestamp, a body changed after signing or no signature at all gets a 401 and runs
nothing, for each kind of request Slack sends (commands, interactivity, options, events and
the URL verification handshake).
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
import requests

from bot.salesforce.client import client_for
from bot.salesforce.refresh import ReconnectRequired
from bot.slack import ids
from devkit.slack.sender import signed_headers
from tests.fixtures.records import ADA, RecordsEnv

FORM = "application/x-www-form-urlencoded"


def _bodies(team: str) -> dict[str, tuple[bytes, str]]:
    def interactive(payload: dict) -> tuple[bytes, str]:
        return urlencode({"payload": json.dumps(payload)}).encode(), FORM

    who = {"user": {"id": ADA}, "team": {"id": team}}
    return {
        "command": (
            urlencode(
                {
                    "command": "/sf",
                    "text": "help",
                    "user_id": ADA,
                    "team_id": team,
                    "channel_id": "C1",
                    "trigger_id": "1.2.x",
                    "response_url": "http://127.0.0.1:9/r",
                }
            ).encode(),  # fmt: skip
            FORM,
        ),
        "block_actions": interactive(
            {
                "type": "block_actions",
                **who,
                "actions": [{"action_id": ids.UNDO_ACTION, "value": "1", "block_id": "b"}],
            }
        ),  # fmt: skip
        "block_suggestion": interactive(
            {
                "type": "block_suggestion",
                **who,
                "action_id": ids.RECORD_MODAL_LOOKUP_ACTION,
                "block_id": "b",
                "value": "ac",
                "view": {"id": "V1", "private_metadata": "{}"},
            }
        ),  # fmt: skip
        "view_submission": interactive(
            {
                "type": "view_submission",
                **who,
                "view": {"id": "V1", "callback_id": "x", "private_metadata": "{}", "state": {}},
            }
        ),  # fmt: skip
        "event": (
            json.dumps(
                {
                    "type": "event_callback",
                    "team_id": team,
                    "event_id": "Ev1",
                    "event": {"type": "app_home_opened", "user": ADA, "tab": "home"},
                }
            ).encode(),  # fmt: skip
            "application/json",
        ),
        "url_verification": (
            json.dumps({"type": "url_verification", "challenge": "attacker-chosen"}).encode(),
            "application/json",
        ),
    }


KINDS = ["command", "block_actions", "block_suggestion", "view_submission", "event"]


@pytest.mark.parametrize("kind", [*KINDS, "url_verification"])
def test_unsigned_stale_or_tampered_requests_are_refused(records_env: RecordsEnv, kind) -> None:
    sim = records_env.sim
    url = sim.app_url
    body, content_type = _bodies(sim.state.team_id)[kind]
    secret = sim.signing_secret
    calls_before = len(sim.calls())
    attempts = {
        "no signature": {"Content-Type": content_type},
        "wrong secret": signed_headers(
            signing_secret="x" * 32, body=body, content_type=content_type
        ),  # fmt: skip
        "stale": signed_headers(
            signing_secret=secret,
            body=body,
            content_type=content_type,
            timestamp=int(time.time()) - 6 * 60,
        ),  # fmt: skip
        "tampered": signed_headers(
            signing_secret=secret, body=body + b"&x=1", content_type=content_type
        ),  # fmt: skip
    }
    for name, headers in attempts.items():
        response = requests.post(url, data=body, headers=headers, timeout=10)
        assert response.status_code == 401, (kind, name, response.status_code, response.text)
        assert "attacker-chosen" not in response.text
    good = signed_headers(signing_secret=secret, body=body, content_type=content_type)
    assert requests.post(url, data=body, headers=good, timeout=10).status_code == 200, kind
    if kind == "url_verification":
        assert sim.calls()[calls_before:] == []


def test_a_broken_own_connection_never_falls_back_to_the_integration_user(
    make_records_env,
) -> None:
    env = make_records_env(
        salesforce_integration_client_id="devkit",
        salesforce_integration_client_secret="devkit-secret",
    )
    team = env.sim.state.team_id
    connection = env.services.connections.find(team_id=team, user_id=ADA)
    env.services.connections.mark_broken(connection.id)
    with pytest.raises(ReconnectRequired):
        client_for(env.services, team_id=team, user_id=ADA)
    before = len(env.sf_calls())
    reply = env.run('create account name="Via Integration Co"')
    assert not env.records("Account", Name="Via Integration Co"), reply["text"]
    assert env.sf_calls()[before:] == [] or all(
        c.get("user") != env.emu.user_id("admin@demo.example") for c in env.sf_calls()[before:]
    )


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/services/data/v60.0/limits",
        "//evil.example/services/data/v60.0/limits",
        "https://evil.example@127.0.0.1/services/data/v60.0/limits",
        "/services/oauth2/token",
        "/services/data/v60.0/../../oauth2/token",
        "/services/data/v60.0/limits/..%2F..%2Fx",
        "@evil.example/limits",
    ],
)
def test_sf_api_reaches_only_the_users_instance(make_records_env, target) -> None:
    env = make_records_env(sfbot_admins=ADA)
    assert "*200 OK*" in env.run("api GET /limits")["text"]  # an admin may call the API
    before = len(env.emu.requests())
    reply = env.run(f"api GET {target}")
    paths = [r["path"] for r in env.emu.requests()[before:]]
    assert not [p for p in paths if "oauth2" in p or ".." in p or "%2F" in p], (paths, reply)
    assert paths == [], (target, reply["text"], paths)
