"""No Salesforce token the emulator issued ever appears in a log line (or on stdout/stderr)."""

from __future__ import annotations

import logging

import requests

from tests.fixtures.connect import ConnectEnv, button_url


def test_no_issued_token_reaches_the_logs(connect_env: ConnectEnv, caplog, capfd, monkeypatch):
    env = connect_env
    issued: list[str] = []
    tokens = env.emu.state.tokens
    original = tokens.issue

    def recording_issue(**kwargs):
        access, refresh = original(**kwargs)
        issued.extend(token for token in (access, refresh) if token)
        return access, refresh

    monkeypatch.setattr(tokens, "issue", recording_issue)
    caplog.set_level(logging.DEBUG)

    env.connect(text="whoami")  # connect, then the pending command runs
    env.slash("whoami")
    env.emu.expire_tokens()
    env.slash("whoami")  # refresh
    connection = env.services.connections.find(
        team_id=env.sim.state.team_id, user_id=env.sim.default_user
    )
    env.emu.session().post(
        env.emu.base_url + "/services/oauth2/revoke",
        data={"token": connection.refresh_token},
        timeout=10,
    )
    reply = env.slash("whoami")  # invalid_grant → reconnect prompt
    browser = requests.Session()
    back = env.approve(env.start(button_url(reply), browser=browser), username="rep@demo.example")
    browser.get(back, timeout=10)
    env.sim.wait_for(lambda: len(env.sim.response_url_posts()) >= 4)
    env.slash("disconnect")

    assert len(issued) >= 5  # two logins (access + refresh each) and one refresh
    captured = capfd.readouterr()
    logs = caplog.text + captured.out + captured.err
    assert "Connected as" in str(env.sim.response_url_posts()) and logs
    for token in issued:
        assert token not in logs
        assert token[:24] not in logs
    # Nor in anything sent to Slack.
    slack_traffic = str(env.sim.response_url_posts()) + str(env.sim.calls())
    for token in issued:
        assert token not in slack_traffic
