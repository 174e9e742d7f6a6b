"""Refreshing a Slack user's Salesforce session, and the errors for a user with no usable one.

simple-salesforce cannot refresh a session it did not log in for, and Salesforce tokens carry no
expiry, so refreshing happens here, at the HTTP layer under simple-salesforce: a 401
`INVALID_SESSION_ID` triggers one refresh (shared by every concurrent caller, see
`ConnectionStore.refresh_tokens`) and one retry, whatever simple-salesforce call was made.

The identity endpoints (`/services/oauth2/userinfo` and the identity URL `/id/<org>/<user>`)
do not answer an expired token with `INVALID_SESSION_ID`: they answer 403 with the plain text
`Bad_OAuth_Token` (see ../shared/salesforce README, "userinfo"). That answer is treated as an
expired session too, but only on those paths: elsewhere a 403 means "not allowed", and
refreshing would not change it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests

from bot.auth.salesforce_oauth import OAuthFailure, RefreshTokenDead, SalesforceOAuth
from bot.salesforce.http import PinnedSession
from bot.store.connection_types import Connection, RefreshedTokens
from bot.store.connections import ConnectionStore
from bot.writes.registry import ConnectionUnavailable

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

# Where Salesforce says `403 Bad_OAuth_Token` for an expired access token.
_IDENTITY_PATH = re.compile(r"^(?:/services/oauth2/userinfo|/id/\w+/\w+)/?$")


class NotConnected(ConnectionUnavailable):
    """The Slack user has not connected Salesforce (and integration-user mode is off)."""

    def __init__(self, *, team_id: str, user_id: str) -> None:
        super().__init__("not connected to Salesforce")
        self.team_id = team_id
        self.user_id = user_id


class ReconnectRequired(ConnectionUnavailable):
    """The refresh token is dead (revoked or expired): the user must connect again.

    The connection is marked broken; a pending write stays queued until the user reconnects.
    """

    def __init__(self, *, team_id: str, user_id: str, connection_id: int, org: str) -> None:
        super().__init__(f"the Salesforce connection to {org} must be renewed")
        self.team_id = team_id
        self.user_id = user_id
        self.connection_id = connection_id
        self.org = org


class RefreshFailed(Exception):
    """The token endpoint refused a refresh for a reason other than a dead refresh token."""


class RefreshingHttp(PinnedSession):
    """A requests session that refreshes once and retries once on an expired session."""

    def __init__(
        self,
        *,
        ca_bundle: str | None,
        on_unauthorized: Callable[[], str],
        count: Callable[[str, str], None],
        stamp: Callable[[str, str, Any], Any] | None = None,
    ) -> None:
        super().__init__(ca_bundle=ca_bundle)
        self._on_unauthorized = on_unauthorized
        self._count = count
        self._stamp = stamp

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        method_name = method.decode() if isinstance(method, bytes) else method
        url_text = url.decode() if isinstance(url, bytes) else url
        if self._stamp is not None and "data" in kwargs:
            kwargs["data"] = self._stamp(method_name.upper(), url_text, kwargs["data"])
        response = super().request(method, url, *args, **kwargs)
        self._count(method_name.lower(), str(response.status_code))
        if not session_expired(response):
            return response
        token = self._on_unauthorized()
        headers = dict(kwargs.get("headers") or {})
        headers["Authorization"] = f"Bearer {token}"
        kwargs["headers"] = headers
        response = super().request(method, url, *args, **kwargs)
        self._count(method_name.lower(), str(response.status_code))
        return response


def refresh_connection(services: Services, connection: Connection) -> Connection:
    """Refresh a connection's access token (once, however many callers ask at the same time).

    Raises:
        ReconnectRequired: Salesforce answered `invalid_grant`; the connection is now broken.
        NotConnected: the connection was deleted meanwhile.
        RefreshFailed: any other refusal; requests.ConnectionError when unreachable.
    """
    store: ConnectionStore = services.connections
    oauth = salesforce_oauth(services)

    def fetch(current: Connection) -> RefreshedTokens:
        if not current.refresh_token:
            raise RefreshTokenDead("invalid_grant", "no refresh token was granted")
        try:
            token = oauth.refresh(login_url=current.login_url, refresh_token=current.refresh_token)
        finally:
            _count_refresh(services)
        return RefreshedTokens(
            access_token=token.access_token,
            refresh_token=token.refresh_token,
            instance_url=token.instance_url,
            scopes=token.scopes or None,
        )

    try:
        return store.refresh_tokens(
            connection.id, seen_version=connection.token_version, fetch=fetch
        )
    except RefreshTokenDead:
        store.mark_broken(connection.id)
        logger.info("Salesforce connection %s needs reconnecting (invalid_grant)", connection.id)
        raise ReconnectRequired(
            team_id=connection.team_id,
            user_id=connection.slack_user_id,
            connection_id=connection.id,
            org=connection.alias or connection.org_name,
        ) from None
    except LookupError:
        raise NotConnected(team_id=connection.team_id, user_id=connection.slack_user_id) from None
    except OAuthFailure as failure:
        if failure.error == "unreachable":
            raise requests.exceptions.ConnectionError("Salesforce login did not answer") from None
        raise RefreshFailed(
            f"Salesforce refused to refresh the session ({failure.error})"
        ) from None


def salesforce_oauth(services: Services) -> SalesforceOAuth:
    oauth = getattr(services, "salesforce_oauth", None)
    if oauth is None:
        raise RuntimeError("services.salesforce_oauth is not set up (bot.auth.setup)")
    return oauth


def _count_refresh(services: Services) -> None:
    metrics = getattr(services, "metrics", None)
    if metrics is not None:
        metrics.salesforce_calls.labels(operation="refresh", outcome="sent").inc()


def session_expired(response: requests.Response) -> bool:
    """Whether Salesforce refused the access token as expired (worth one refresh and retry).

    That is a 401 `INVALID_SESSION_ID` anywhere, or a 403 `Bad_OAuth_Token` from an identity
    endpoint (userinfo or the identity URL), which is how those report an expired token.
    """
    if response.status_code == 401:
        return _is_invalid_session(response)
    if response.status_code == 403:
        path = urlsplit(response.url or "").path
        return bool(_IDENTITY_PATH.match(path)) and response.text.strip() == "Bad_OAuth_Token"
    return False


def _is_invalid_session(response: requests.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    items = body if isinstance(body, list) else [body]
    return any(
        isinstance(item, dict) and item.get("errorCode") == "INVALID_SESSION_ID" for item in items
    )
