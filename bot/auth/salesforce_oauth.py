"""Salesforce OAuth 2.0 web-server flow with PKCE, refresh, revoke and client credentials.

Where users log in is `bot.auth.login_target`; the pending states are `bot.auth.oauth_states`.

Follows https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm
through authlib's `OAuth2Session`. Salesforce token responses carry no `expires_in`, so nothing
here refreshes by clock: `bot/salesforce/refresh.py` refreshes when a call gets 401.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import requests
from authlib.integrations.base_client.errors import OAuthError
from sqlalchemy.orm import Session, sessionmaker

from bot.auth.login_target import LoginTarget
from bot.auth.oauth_states import OAuthStates, PendingState
from bot.auth.tokens import TokenCipher
from bot.config import Settings
from bot.salesforce.http import PinnedOAuth2Session, PinnedSession

logger = logging.getLogger(__name__)

SCOPES = "api id refresh_token"
CALLBACK_PATH = "/salesforce/oauth/callback"
START_PATH = "/salesforce/oauth/start"
PROMPT = "login consent"
HTTP_TIMEOUT_SECONDS = 15


class OAuthFailure(Exception):
    """The token endpoint refused a request; `error` is Salesforce's code (never a token)."""

    def __init__(self, error: str, description: str = "") -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.description = description


class RefreshTokenDead(OAuthFailure):
    """`invalid_grant` on refresh: the refresh token was revoked or expired."""


@dataclass(frozen=True)
class TokenResponse:
    """The parts of a Salesforce token response we keep."""

    access_token: str = field(repr=False)
    instance_url: str
    identity_url: str
    refresh_token: str | None = field(default=None, repr=False)
    scopes: str = ""


class SalesforceOAuth:
    """The OAuth client of our connected app, plus the store of pending states."""

    def __init__(
        self, settings: Settings, cipher: TokenCipher, session_factory: sessionmaker[Session]
    ) -> None:
        self._settings = settings
        self.states = OAuthStates(cipher, session_factory)
        self._integration_lock = threading.Lock()
        self._integration_token: TokenResponse | None = None

    @property
    def redirect_uri(self) -> str:
        return self._settings.public_url + CALLBACK_PATH

    @property
    def configured(self) -> bool:
        return bool(self._settings.salesforce_client_id and self._settings.salesforce_client_secret)

    def start(
        self,
        *,
        team_id: str,
        user_id: str,
        target: LoginTarget,
        enterprise_id: str | None = None,
        pending_command: dict[str, Any] | None = None,
        channel_id: str | None = None,
        response_url: str | None = None,
    ) -> str:
        """Store a new single-use state and return the link for the Connect button.

        The link goes to our `/salesforce/oauth/start`, which asks the reader to confirm, then
        ties the browser to this Slack user (a cookie checked by the callback) and redirects to
        Salesforce.
        """
        state = self.states.create(
            team_id=team_id,
            user_id=user_id,
            target=target,
            redirect_uri=self.redirect_uri,
            enterprise_id=enterprise_id,
            pending_command=pending_command,
            channel_id=channel_id,
            response_url=response_url,
        )
        return f"{self._settings.public_url}{START_PATH}?state={state}"

    def load_state(self, state: str) -> PendingState | None:
        """The state row (consumed or not), or None when unknown."""
        return self.states.load(state)

    def is_consumed(self, state: str) -> bool:
        return self.states.is_consumed(state)

    def consume(self, state: str) -> bool:
        """Mark the state used; False if it was already used (a replay or a race)."""
        return self.states.consume(state)

    def authorize_url(self, pending: PendingState) -> str:
        """Salesforce's authorize URL for a stored state (with the PKCE S256 challenge)."""
        client = self._client(redirect_uri=pending.redirect_uri, scope=SCOPES)
        url, _ = client.create_authorization_url(
            pending.login_url + "/services/oauth2/authorize",
            state=pending.state,
            code_verifier=pending.code_verifier,
            # Salesforce asks for credentials and approval even with a session open, so the
            # person sees which account they connect.
            prompt=PROMPT,
        )
        return url

    def exchange_code(self, pending: PendingState, code: str) -> TokenResponse:
        """Trade the authorization code (and PKCE verifier) for tokens.

        Raises:
            OAuthFailure: Salesforce refused (`invalid_grant`, `redirect_uri_mismatch`, ...) or
                could not be reached.
        """
        client = self._client(redirect_uri=pending.redirect_uri)
        token = self._call_token_endpoint(
            client.fetch_token,
            pending.login_url + "/services/oauth2/token",
            grant_type="authorization_code",
            code=code,
            code_verifier=pending.code_verifier,
            redirect_uri=pending.redirect_uri,
        )
        return _token_response(token)

    def fetch_identity(self, token: TokenResponse) -> dict[str, Any]:
        """GET the identity URL of the token response (user id, org id, username, email)."""
        response = self._http().get(
            token.identity_url,
            headers={"Authorization": f"Bearer {token.access_token}", "Accept": "application/json"},
            timeout=HTTP_TIMEOUT_SECONDS,
        )
        if response.status_code != 200:
            raise OAuthFailure("identity_failed", f"identity URL answered {response.status_code}")
        return dict(response.json())

    def fetch_org(self, token: TokenResponse) -> tuple[str, bool | None]:
        """The org's name and whether it is a sandbox; ("", None) if the user may not read it."""
        version = self._settings.salesforce_api_version
        try:
            response = self._http().get(
                f"{token.instance_url}/services/data/v{version}/query/",
                params={"q": "SELECT Name, IsSandbox FROM Organization"},
                headers={"Authorization": f"Bearer {token.access_token}"},
                timeout=HTTP_TIMEOUT_SECONDS,
            )
            records = response.json().get("records") if response.status_code == 200 else None
        except (requests.RequestException, ValueError):
            records = None
        if not records:
            return "", None
        return str(records[0].get("Name") or ""), records[0].get("IsSandbox")

    def refresh(self, *, login_url: str, refresh_token: str) -> TokenResponse:
        """Get a new access token.

        Raises:
            RefreshTokenDead: `invalid_grant` (revoked or expired refresh token).
            OAuthFailure: any other refusal or a network failure.
        """
        client = self._client()
        token = self._call_token_endpoint(
            client.refresh_token,
            login_url + "/services/oauth2/token",
            refresh_token=refresh_token,
        )
        return _token_response(token)

    def revoke(self, *, login_url: str, token: str) -> bool:
        """Revoke a token at Salesforce (a refresh token also kills its access tokens).

        Returns:
            True if Salesforce confirmed; False if it refused or could not be reached.
        """
        client = self._client()
        try:
            response = client.revoke_token(login_url + "/services/oauth2/revoke", token=token)
        except requests.RequestException as error:
            logger.warning("revoking a Salesforce token failed: %s", type(error).__name__)
            return False
        if response.status_code != 200:
            logger.warning("Salesforce refused to revoke a token (HTTP %s)", response.status_code)
        return response.status_code == 200

    @property
    def integration_configured(self) -> bool:
        settings = self._settings
        return bool(
            settings.salesforce_integration_client_id
            and settings.salesforce_integration_client_secret
        )

    def integration_token(self, *, stale: str | None = None) -> TokenResponse:
        """The integration user's token, fetched once per process and again when refused.

        Args:
            stale: the access token Salesforce just refused; a cached token equal to it is
                replaced, a different one (already replaced by another thread) is returned.
        """
        with self._integration_lock:
            cached = self._integration_token
            if cached is None or cached.access_token == stale:
                cached = self._integration_token = self.client_credentials()
            return cached

    def client_credentials(self) -> TokenResponse:
        """A token for the integration user (client-credentials connected app).

        Raises:
            OAuthFailure: not configured, refused, or unreachable.
        """
        settings = self._settings
        secret = settings.salesforce_integration_client_secret
        if not settings.salesforce_integration_client_id or secret is None:
            raise OAuthFailure("not_configured", "integration-user mode is not configured")
        client = PinnedOAuth2Session(
            settings.salesforce_integration_client_id,
            secret.get_secret_value(),
            token_endpoint_auth_method="client_secret_post",
            default_timeout=HTTP_TIMEOUT_SECONDS,
        )
        client.verify = self._verify()
        token = self._call_token_endpoint(
            client.fetch_token,
            settings.salesforce_login_url + "/services/oauth2/token",
            grant_type="client_credentials",
        )
        return _token_response(token)

    def _call_token_endpoint(self, method: Any, url: str, **kwargs: Any) -> dict[str, Any]:
        try:
            return dict(method(url, **kwargs))
        except OAuthError as error:
            code = str(error.error or "oauth_error")
            description = str(error.description or "")
            if code == "invalid_grant" and "refresh_token" in kwargs:
                raise RefreshTokenDead(code, description) from None
            raise OAuthFailure(code, description) from None
        except (requests.RequestException, ValueError) as error:
            raise OAuthFailure("unreachable", type(error).__name__) from None

    def _client(
        self, *, redirect_uri: str | None = None, scope: str | None = None
    ) -> PinnedOAuth2Session:
        # The scope goes on the authorize URL only: authlib would add it to refresh requests.
        secret = self._settings.salesforce_client_secret
        client = PinnedOAuth2Session(
            self._settings.salesforce_client_id,
            secret.get_secret_value() if secret is not None else None,
            token_endpoint_auth_method="client_secret_post",
            revocation_endpoint_auth_method="none",
            scope=scope,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            default_timeout=HTTP_TIMEOUT_SECONDS,
        )
        client.verify = self._verify()
        return client

    def _http(self) -> requests.Session:
        return PinnedSession(ca_bundle=self._settings.salesforce_ca_bundle)

    def _verify(self) -> str | bool:
        return self._settings.salesforce_ca_bundle or True


def _token_response(token: dict[str, Any]) -> TokenResponse:
    if not token.get("access_token") or not token.get("instance_url"):
        raise OAuthFailure("bad_token_response", "no access_token or instance_url")
    return TokenResponse(
        access_token=str(token["access_token"]),
        refresh_token=token.get("refresh_token"),
        instance_url=str(token["instance_url"]).rstrip("/"),
        identity_url=str(token.get("id", "")),
        scopes=str(token.get("scope", "")),
    )
