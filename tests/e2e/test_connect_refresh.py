"""Refresh on expiry, reconnect after revoke, disconnect, several orgs, team isolation."""

from __future__ import annotations

import pytest
import requests

from bot.salesforce.client import client_for
from bot.salesforce.refresh import NotConnected
from bot.slack import messages
from devkit.slack.simulator import DEFAULT_USER
from tests.e2e.test_connect_flow import wait_for_text
from tests.fixtures.connect import ConnectEnv, button_url

API = "/services/data/v62.0"


def token_calls(env: ConnectEnv, since: int) -> list[dict]:
    return [
        entry
        for entry in env.emu.requests()[since:]
        if entry["method"] == "POST" and entry["path"] == "/services/oauth2/token"
    ]


def mine(env: ConnectEnv, user: str = DEFAULT_USER):
    return env.services.connections.find(team_id=env.sim.state.team_id, user_id=user)


def test_expired_token_is_refreshed_transparently(connect_env) -> None:
    env = connect_env
    env.connect()
    before = mine(env)
    env.emu.expire_tokens()
    mark = len(env.emu.requests())
    reply = env.slash("whoami")
    assert "rep@demo.example" in reply["text"]
    assert "Riley" in reply["text"]  # the live name from Salesforce, after the refresh
    assert len(token_calls(env, mark)) == 1
    # userinfo says 403 Bad_OAuth_Token (not 401) for an expired token: refreshed all the same.
    userinfo = [
        e["status"] for e in env.emu.requests()[mark:] if e["path"] == "/services/oauth2/userinfo"
    ]
    assert userinfo == [403, 200]
    after = mine(env)
    assert after.token_version == before.token_version + 1
    assert after.access_token != before.access_token
    assert after.refreshed_at > before.refreshed_at
    metrics = requests.get(env.base_url + "/metrics", timeout=10).text
    assert 'sfbot_salesforce_calls_total{operation="refresh",outcome="sent"} 1.0' in metrics


def test_the_identity_url_is_refreshed_too(connect_env) -> None:
    env = connect_env
    env.connect()
    connection = mine(env)
    env.emu.expire_tokens()
    mark = len(env.emu.requests())
    sf = client_for(env.services, team_id=env.sim.state.team_id, user_id=DEFAULT_USER)
    identity = sf.session.get(
        f"{env.emu.base_url}/id/{connection.org_id}/{connection.sf_user_id}",
        headers=sf.headers,
        timeout=10,
    )
    assert identity.status_code == 200 and identity.json()["username"] == "rep@demo.example"
    assert len(token_calls(env, mark)) == 1


def test_a_refusal_that_is_not_expiry_does_not_refresh(connect_env) -> None:
    env = connect_env
    env.connect()
    env.emu.set_faults(request_limit=0)
    mark = len(env.emu.requests())
    sf = client_for(env.services, team_id=env.sim.state.team_id, user_id=DEFAULT_USER)
    try:
        refused = sf.session.get(f"{env.emu.base_url}{API}/limits", headers=sf.headers, timeout=10)
    finally:
        env.emu.set_faults()
    # A 403 outside the identity endpoints means "not allowed": a new token would not help.
    assert refused.status_code == 403 and "REQUEST_LIMIT_EXCEEDED" in refused.text
    assert token_calls(env, mark) == []


def test_revoked_refresh_token_asks_to_reconnect_and_replays(connect_env) -> None:
    env = connect_env
    env.connect()
    connection = mine(env)
    # The user (or an admin) revokes sfbot's access in Salesforce.
    revoked = requests.post(
        env.emu.base_url + "/services/oauth2/revoke",
        data={"token": connection.refresh_token},
        verify=env.emu.ca_file,
        timeout=10,
    )
    assert revoked.status_code == 200
    reply = env.slash("whoami")
    assert "has ended" in reply["text"] and "/sf whoami" in reply["text"]
    assert mine(env).status == "broken"
    # Reconnecting runs the command that was typed.
    browser = requests.Session()
    back = env.approve(env.start(button_url(reply), browser=browser), username="rep@demo.example")
    assert browser.get(back, timeout=10).status_code == 200
    body = wait_for_text(env, "Your Salesforce connections")
    assert "rep@demo.example" in body["text"] and "needs reconnecting" not in body["text"]
    assert mine(env).status == "active"


def test_disconnect_revokes_at_salesforce(connect_env) -> None:
    env = connect_env
    env.connect()
    connection = mine(env)
    reply = env.slash("disconnect")
    assert reply["text"].startswith("Disconnected from")
    assert "revoked at Salesforce" in reply["text"]
    assert mine(env) is None
    session = env.emu.session()
    api = session.get(
        f"{env.emu.base_url}{API}/sobjects/User/{connection.sf_user_id}",
        headers={"Authorization": f"Bearer {connection.access_token}"},
        timeout=10,
    )
    assert api.status_code == 401
    refresh = session.post(
        env.emu.base_url + "/services/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": connection.refresh_token,
            "client_id": "devkit",
            "client_secret": "devkit-secret",
        },
        timeout=10,
    )
    assert refresh.status_code == 400 and refresh.json()["error"] == "invalid_grant"
    assert env.slash("disconnect")["text"] == messages.DISCONNECT_NONE


def test_several_orgs_default_and_the_limit(make_connect_env) -> None:
    env = make_connect_env(sfbot_max_orgs_per_user=2)
    env.connect(username="rep@demo.example")
    # A link fetched now, completed after the limit is reached, must store nothing.
    late_link = button_url(env.slash("connect"))
    env.connect(username="admin@demo.example")
    team = env.sim.state.team_id
    rep, admin = env.services.connections.find_all(team_id=team, user_id=DEFAULT_USER)
    assert rep.is_default and not admin.is_default
    refused = env.slash("connect")
    assert "already connected to 2 Salesforce orgs" in refused["text"]
    browser = requests.Session()
    back = env.approve(env.start(late_link, browser=browser), username="readonly@demo.example")
    page = browser.get(back, timeout=10)
    assert page.status_code == 409
    assert len(env.services.connections.find_all(team_id=team, user_id=DEFAULT_USER)) == 2

    used = env.slash(f"use {admin.alias}")
    assert "by default" in used["text"]
    assert mine(env).id == admin.id
    unknown = env.slash("use globex")
    assert "no connected Salesforce org called `globex`" in unknown["text"]
    assert rep.alias in unknown["text"]
    sf = client_for(env.services, team_id=team, user_id=DEFAULT_USER, org=rep.alias)
    assert sf.connection.sf_username == "rep@demo.example"


def test_teams_are_isolated(connect_env, make_slack_sim) -> None:
    env = connect_env
    env.connect()
    other = make_slack_sim(signing_secret=env.sim.signing_secret, team_id="T0OTHER001")
    other.app_url = env.sim.app_url
    # Same user id, another workspace: not connected there.
    result = other.slash("whoami", user=DEFAULT_USER)
    assert "connect your Salesforce account first" in result.body["text"]
    with pytest.raises(NotConnected):
        client_for(env.services, team_id="T0OTHER001", user_id=DEFAULT_USER)
    assert (
        client_for(
            env.services, team_id=env.sim.state.team_id, user_id=DEFAULT_USER
        ).connection.sf_username
        == "rep@demo.example"
    )


def test_a_write_typed_while_disconnected_runs_after_reconnecting(connect_env) -> None:
    env = connect_env
    env.connect()
    connection = mine(env)
    env.emu.session().post(
        env.emu.base_url + "/services/oauth2/revoke",
        data={"token": connection.refresh_token},
        timeout=10,
    )
    reply = env.slash('create account name="Pending Industries"')
    assert "has ended" in reply["text"], reply["text"]
    assert not [r for r in env.emu.records("Account") if r["Name"] == "Pending Industries"]
    browser = requests.Session()
    back = env.approve(env.start(button_url(reply), browser=browser), username="rep@demo.example")
    assert browser.get(back, timeout=10).status_code == 200
    created = env.sim.wait_for(
        lambda: [r for r in env.emu.records("Account") if r["Name"] == "Pending Industries"],
        timeout=15,
        message="the account typed before reconnecting",
    )
    assert created[0]["CreatedById"] == env.emu.user_id("rep@demo.example")
