"""Each bad callback gets its own clear page and stores nothing (real HTTP, devkit Salesforce)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import requests
from sqlalchemy import update

from bot.store.models import SalesforceOAuthState, utcnow
from devkit.slack.simulator import DEFAULT_USER
from tests.fixtures.connect import ConnectEnv, button_url

OTHER_USER = "U0ROB00002"


def begin(env: ConnectEnv, *, user: str = DEFAULT_USER) -> tuple[requests.Session, str]:
    """A browser that opened the user's Connect link, and Salesforce's authorize URL."""
    browser = requests.Session()
    authorize = env.start(button_url(env.slash("connect", user=user)), browser=browser)
    return browser, authorize


def approved(
    env: ConnectEnv, *, username: str = "rep@demo.example", **changes: str
) -> tuple[requests.Session, str]:
    """`begin`, then log in at Salesforce: the browser and the callback URL it is sent to."""
    browser, authorize = begin(env)
    return browser, env.approve(authorize, username=username, **changes)


def nothing_stored(env: ConnectEnv) -> bool:
    return env.services.connections.count() == 0


def assert_refused(env: ConnectEnv, page: requests.Response, status: int, says: str) -> None:
    """The callback's page: the status, the words that explain it, and no connection kept."""
    assert page.status_code == status, page.text[:300]
    assert says in page.text
    assert nothing_stored(env)


def test_state_of_another_user(connect_env) -> None:
    env = connect_env
    # Rob gets a callback URL for his own Salesforce login but does not open it…
    _, rob_authorize = begin(env, user=OTHER_USER)
    rob_callback = env.approve(rob_authorize, username="readonly@demo.example")
    # …and gets Ada, who has started connecting in her browser, to open it.
    ada_browser, _ = begin(env, user=DEFAULT_USER)
    assert_refused(env, ada_browser.get(rob_callback, timeout=10), 403, "belongs to someone else")


def test_callback_opened_in_a_browser_that_never_started(connect_env) -> None:
    env = connect_env
    _, callback = approved(env)
    page = requests.get(callback, timeout=10)
    assert page.status_code == 403
    assert nothing_stored(env)


def test_replayed_state(connect_env) -> None:
    env = connect_env
    browser, callback = approved(env)
    assert browser.get(callback, timeout=10).status_code == 200
    before = env.services.connections.find(team_id=env.sim.state.team_id, user_id=DEFAULT_USER)
    replay = browser.get(callback, timeout=10)
    assert replay.status_code == 400
    assert "already used" in replay.text
    after = env.services.connections.find(team_id=env.sim.state.team_id, user_id=DEFAULT_USER)
    assert after.token_version == before.token_version
    assert after.access_token == before.access_token


def test_replayed_state_with_a_fresh_code(connect_env) -> None:
    env = connect_env
    browser, authorize = begin(env)
    browser.get(env.approve(authorize, username="rep@demo.example"), timeout=10)
    # Same state, a new code from logging in again as someone else: still refused.
    second = browser.get(env.approve(authorize, username="admin@demo.example"), timeout=10)
    assert "already used" in second.text
    assert (
        len(env.services.connections.find_all(team_id=env.sim.state.team_id, user_id=DEFAULT_USER))
        == 1
    )


def test_expired_state(connect_env) -> None:
    env = connect_env
    browser, callback = approved(env)
    with env.services.sessions.begin() as session:
        session.execute(
            update(SalesforceOAuthState).values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert_refused(env, browser.get(callback, timeout=10), 400, "expired")


def test_expired_start_link(connect_env) -> None:
    env = connect_env
    link = button_url(env.slash("connect"))
    with env.services.sessions.begin() as session:
        session.execute(
            update(SalesforceOAuthState).values(expires_at=utcnow() - timedelta(minutes=11))
        )
    page = requests.get(link, allow_redirects=False, timeout=10)
    assert page.status_code == 400 and "expired" in page.text


def test_wrong_redirect_uri(connect_env) -> None:
    env = connect_env
    browser, authorize = begin(env)
    redirect_uri = parse_qs(urlsplit(authorize).query)["redirect_uri"][0]
    elsewhere = redirect_uri.replace("127.0.0.1", "localhost")
    callback = env.approve(authorize, username="rep@demo.example", redirect_uri=elsewhere)
    assert callback.startswith(elsewhere)
    assert_refused(env, browser.get(callback, timeout=10), 400, "wrong address")


def test_access_denied(connect_env) -> None:
    env = connect_env
    browser, authorize = begin(env)
    callback = env.approve(authorize, username="rep@demo.example", approve=False)
    assert "error=access_denied" in callback
    assert_refused(env, browser.get(callback, timeout=10), 200, "not granted")


def test_token_exchange_failure_with_a_forged_code(connect_env) -> None:
    env = connect_env
    browser, callback = approved(env)
    code = parse_qs(urlsplit(callback).query)["code"][0]
    page = browser.get(callback.replace(code, "aPrxforged"), timeout=10)
    assert_refused(env, page, 502, "invalid_grant")


def test_a_tampered_pkce_challenge_fails_the_exchange(connect_env) -> None:
    env = connect_env
    browser, callback = approved(env, code_challenge="A" * 43)
    assert_refused(env, browser.get(callback, timeout=10), 502, "")
