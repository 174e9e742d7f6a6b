"""`/sf connect` end to end: Slack simulator → app → devkit Salesforce → callback → Slack."""

from __future__ import annotations

import requests
from sqlalchemy import text

from bot.slack import messages
from bot.slack.connect_blocks import org_label
from devkit.slack.simulator import DEFAULT_USER
from tests.fixtures.connect import ConnectEnv, button_url


def posts_to(env: ConnectEnv, user: str = DEFAULT_USER) -> list[dict]:
    return [post["body"] for post in env.sim.response_url_posts(user=user)]


def wait_for_text(env: ConnectEnv, fragment: str, user: str = DEFAULT_USER) -> dict:
    def found() -> dict | None:
        for body in posts_to(env, user):
            if isinstance(body, dict) and fragment in body.get("text", ""):
                return body
        return None

    return env.sim.wait_for(found, message=f"a post containing {fragment!r}")


def test_connect_stores_encrypted_tokens_and_whoami_shows_the_user(connect_env) -> None:
    env = connect_env
    page = env.connect(username="rep@demo.example")
    assert page.status_code == 200
    assert "It worked" in page.text and "rep@demo.example" in page.text

    connection = env.services.connections.find(team_id=env.sim.state.team_id, user_id=DEFAULT_USER)
    assert connection.sf_username == "rep@demo.example"
    assert connection.environment == "production"
    expected = messages.CONNECTED.format(user="rep@demo.example", org=org_label(connection))
    assert expected.endswith("(production).")
    wait_for_text(env, expected)

    issued = env.issued_tokens()
    assert connection.access_token in issued and connection.refresh_token in issued
    with env.services.engine.connect() as db:
        raw = db.execute(
            text(
                "SELECT access_token_encrypted, refresh_token_encrypted FROM salesforce_connections"
            )
        ).one()
    stored = bytes(raw[0]) + bytes(raw[1])
    for token in issued:
        assert token.encode() not in stored
        assert token[:20].encode() not in stored

    reply = env.slash("whoami")
    assert "rep@demo.example" in reply["text"]
    assert messages.WHOAMI_DEFAULT in reply["text"]
    assert "api" in reply["text"] and "refresh_token" in reply["text"]


def test_pending_command_runs_after_connecting(connect_env) -> None:
    env = connect_env
    env.connect(text="whoami", username="admin@demo.example")
    body = wait_for_text(env, "Your Salesforce connections")
    assert "admin@demo.example" in body["text"]


def test_sandbox_connection_is_labelled_sandbox(make_connect_env, connect_emulator) -> None:
    # The emulator plays the sandbox login host too.
    env = make_connect_env(
        salesforce_sandbox_login_url=connect_emulator.base_url.replace("127.0.0.1", "localhost")
    )
    page = env.connect(text="connect sandbox")
    assert page.status_code == 200
    connection = env.services.connections.find(team_id=env.sim.state.team_id, user_id=DEFAULT_USER)
    assert connection.environment == "sandbox"
    wait_for_text(env, "(sandbox).")


def test_access_denied_stores_nothing(connect_env) -> None:
    env = connect_env
    link = button_url(env.slash("connect"))
    browser = requests.Session()
    back = env.approve(env.start(link, browser=browser), username="rep@demo.example", approve=False)
    page = browser.get(back, timeout=10)
    assert "not granted" in page.text
    assert env.services.connections.count() == 0


def test_clicking_the_connect_button_is_acknowledged(connect_env) -> None:
    from bot.slack import ids

    env = connect_env
    env.slash("connect")
    shown = env.sim.ephemeral_messages(DEFAULT_USER)[-1]
    result = env.sim.block_action(ids.CONNECT_BUTTON_ACTION, message_ts=shown["ts"])
    assert result.status == 200
