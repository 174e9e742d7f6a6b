from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select, update

from bot.auth.callback import Outcome, binding_cookie, handle_callback
from bot.auth.login_target import InvalidLoginTarget, LoginTarget, resolve_login_target
from bot.auth.salesforce_oauth import SalesforceOAuth
from bot.config import load_settings
from bot.store.connections import ConnectionStore
from bot.store.models import SalesforceConnection, SalesforceOAuthState, utcnow
from tests.fixtures.connect import new_cipher, sqlite_sessions

PUBLIC = "http://127.0.0.1:3999"
CALLBACK = PUBLIC + "/salesforce/oauth/callback"


@pytest.fixture
def settings():
    return load_settings(
        public_url=PUBLIC,
        salesforce_client_id="client-id",
        salesforce_client_secret="client-secret-value",
        salesforce_login_url="https://127.0.0.1:4443",
    )


@pytest.mark.parametrize(
    ("typed", "url", "environment"),
    [
        (None, "https://127.0.0.1:4443", "production"),
        ("sandbox", "https://test.salesforce.com", "sandbox"),
        ("acme.my.salesforce.com", "https://acme.my.salesforce.com", "mydomain"),
        ("https://acme.my.salesforce.com/", "https://acme.my.salesforce.com", "mydomain"),
        ("<https://acme--uat.sandbox.my.salesforce.com>", None, "sandbox"),
        ("127.0.0.1:4443", "https://127.0.0.1:4443", "production"),
    ],
)
def test_login_targets(settings, typed, url, environment) -> None:
    target = resolve_login_target(settings, typed)
    assert target.environment == environment
    if url:
        assert target.login_url == url


@pytest.mark.parametrize(
    "typed", ["evil.example.com", "http://acme.my.salesforce.com", "acme.my.salesforce.com:8443"]
)
def test_hosts_outside_salesforce_are_refused(settings, typed) -> None:
    # The code exchange sends our client secret to the login host: never to an arbitrary one.
    with pytest.raises(InvalidLoginTarget):
        resolve_login_target(settings, typed)


def test_authorize_url_carries_state_and_pkce_s256(settings, tmp_path) -> None:
    oauth = SalesforceOAuth(settings, new_cipher(), sqlite_sessions(tmp_path))
    link = oauth.start(
        team_id="T1",
        user_id="U1",
        target=LoginTarget(settings.salesforce_login_url, "production"),
        pending_command={"text": "whoami"},
    )
    state = parse_qs(urlsplit(link).query)["state"][0]
    assert link.startswith(PUBLIC + "/salesforce/oauth/start?")
    pending = oauth.load_state(state)
    assert pending.pending_command == {"text": "whoami"}
    url = oauth.authorize_url(pending)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith("https://127.0.0.1:4443/services/oauth2/authorize?")
    assert query["state"] == [state]
    assert query["redirect_uri"] == [CALLBACK]
    assert query["code_challenge_method"] == ["S256"]
    digest = hashlib.sha256(pending.code_verifier.encode()).digest()
    assert query["code_challenge"] == [base64.urlsafe_b64encode(digest).rstrip(b"=").decode()]
    assert pending.code_verifier not in url
    assert pending.expires_at - utcnow() <= timedelta(minutes=10)
    assert oauth.consume(state) is True
    assert oauth.consume(state) is False


class Flow:
    def __init__(self, settings, tmp_path) -> None:
        self.cipher = new_cipher()
        self.sessions = sqlite_sessions(tmp_path)
        self.oauth = SalesforceOAuth(settings, self.cipher, self.sessions)
        self.store = ConnectionStore(self.sessions, self.cipher, max_per_user=5)
        self.target = LoginTarget(settings.salesforce_login_url, "production")

    def state_for(self, team_id: str = "T1", user_id: str = "U1") -> str:
        link = self.oauth.start(team_id=team_id, user_id=user_id, target=self.target)
        return parse_qs(urlsplit(link).query)["state"][0]

    def callback(self, params, *, cookie_for=("T1", "U1"), url=CALLBACK):
        cookie = (
            binding_cookie(self.cipher, team_id=cookie_for[0], user_id=cookie_for[1])
            if cookie_for
            else None
        )
        return handle_callback(
            oauth=self.oauth,
            store=self.store,
            cipher=self.cipher,
            params=params,
            cookie=cookie,
            request_url=url + "?code=x",
        )

    def stored(self) -> int:
        with self.sessions() as session:
            return len(list(session.scalars(select(SalesforceConnection))))


@pytest.fixture
def flow(settings, tmp_path) -> Flow:
    return Flow(settings, tmp_path)


def test_missing_and_unknown_state(flow: Flow) -> None:
    assert flow.callback({"code": "c"}).outcome is Outcome.MISSING_STATE
    assert flow.callback({"code": "c", "state": "forged"}).outcome is Outcome.UNKNOWN_STATE
    assert flow.stored() == 0


def test_state_of_another_user_is_refused(flow: Flow) -> None:
    state = flow.state_for("T1", "U2")
    assert flow.callback({"code": "c", "state": state}).outcome is Outcome.OTHER_USER
    assert flow.stored() == 0


def test_same_user_id_in_another_team_is_another_user(flow: Flow) -> None:
    state = flow.state_for("T2", "U1")
    assert flow.callback({"code": "c", "state": state}).outcome is Outcome.OTHER_USER


def test_a_browser_without_the_cookie_is_refused(flow: Flow) -> None:
    state = flow.state_for()
    result = flow.callback({"code": "c", "state": state}, cookie_for=None)
    assert result.outcome is Outcome.OTHER_USER


def test_replayed_state(flow: Flow) -> None:
    state = flow.state_for()
    first = flow.callback({"error": "access_denied", "state": state})
    assert first.outcome is Outcome.ACCESS_DENIED
    assert flow.callback({"code": "c", "state": state}).outcome is Outcome.REPLAYED
    assert flow.stored() == 0


def test_expired_state(flow: Flow) -> None:
    state = flow.state_for()
    with flow.sessions.begin() as session:
        session.execute(
            update(SalesforceOAuthState).values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert flow.callback({"code": "c", "state": state}).outcome is Outcome.EXPIRED
    assert flow.stored() == 0


def test_callback_on_another_address(flow: Flow) -> None:
    state = flow.state_for()
    other = "http://localhost:3999/salesforce/oauth/callback"
    result = flow.callback({"code": "c", "state": state}, url=other)
    assert result.outcome is Outcome.REDIRECT_MISMATCH
    assert flow.stored() == 0
