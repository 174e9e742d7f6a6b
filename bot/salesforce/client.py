"""A simple-salesforce client per Slack user that refreshes its token when Salesforce says so.

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

import json
import logging
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from simple_salesforce import Salesforce

from bot.auth.salesforce_oauth import OAuthFailure, RefreshTokenDead, SalesforceOAuth, TokenResponse
from bot.salesforce.http import PinnedSession
from bot.store.connections import Connection, ConnectionStore, RefreshedTokens
from bot.writes.registry import ConnectionUnavailable

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

# Objects that have a Description field, where integration-user mode notes who wrote from Slack
# when no stamp field is configured.
DESCRIPTION_OBJECTS = frozenset(
    {"Account", "Contact", "Lead", "Opportunity", "Case", "Task", "Event", "Campaign", "Contract"}
)
STAMP_TEXT = "Made from Slack by {name} ({user_id})"
_SOBJECT_PATH = re.compile(r"/services/data/v[\d.]+/sobjects/(?P<sobject>\w+)/(?P<id>\w*)/?$")
# Where Salesforce says `403 Bad_OAuth_Token` for an expired access token.
_IDENTITY_PATH = re.compile(r"^(?:/services/oauth2/userinfo|/id/\w+/\w+)/?$")
# Open connections kept per Salesforce host, shared by every thread of the process.
POOL_CONNECTIONS = 32


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


class _RefreshingHttp(PinnedSession):
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


class SalesforceSession(Salesforce):
    """simple-salesforce acting as one Slack user's Salesforce user (or the integration user).

    Attributes:
        connection: The user's stored connection; None in integration-user mode.
        integration_user: True when writes are made as the integration user.
    """

    def __init__(
        self,
        *,
        services: Services,
        team_id: str,
        user_id: str,
        connection: Connection | None,
        integration_token: TokenResponse | None = None,
        user_name: str | None = None,
    ) -> None:
        # Set before Salesforce.__init__: its __getattr__ turns unknown names into sObjects.
        self.connection = connection
        self.integration_user = connection is None
        self.team_id = team_id
        self.slack_user_id = user_id
        self._services = services
        self._user_name = user_name
        self._refresh_lock = threading.Lock()
        if connection is not None:
            token, instance_url = connection.access_token, connection.instance_url
        else:
            assert integration_token is not None
            token, instance_url = integration_token.access_token, integration_token.instance_url
        http = _RefreshingHttp(
            ca_bundle=services.settings.salesforce_ca_bundle,
            on_unauthorized=self._refreshed_token,
            count=self._count,
            stamp=self._stamp_body if self.integration_user else None,
        )
        http.mount("https://", shared_adapter(services))
        super().__init__(
            instance_url=instance_url,
            session_id=token,
            version=services.settings.salesforce_api_version,
            session=http,
        )

    def __repr__(self) -> str:
        who = "integration user" if self.connection is None else self.connection.sf_username
        return f"<SalesforceSession {self.slack_user_id} as {who}>"

    def stamp(self, sobject: str, fields: dict[str, Any], *, create: bool) -> dict[str, Any]:
        """The fields with the Slack user stamped, in integration-user mode (else unchanged)."""
        if not self.integration_user:
            return fields
        text = STAMP_TEXT.format(
            name=self._user_name or self.slack_user_id, user_id=self.slack_user_id
        )
        field_name = self._services.settings.salesforce_integration_stamp_field
        if field_name:
            return {**fields, field_name: text}
        if create and sobject in DESCRIPTION_OBJECTS:
            existing = fields.get("Description")
            return {**fields, "Description": f"{existing}\n\n{text}" if existing else text}
        return fields

    def _stamp_body(self, method: str, url: str, data: Any) -> Any:
        match = _SOBJECT_PATH.search(url.split("?", 1)[0])
        creating = method == "POST" and match is not None and not match["id"]
        updating = method == "PATCH" and match is not None and bool(match["id"])
        if not (creating or updating) or not isinstance(data, str | bytes):
            return data
        try:
            body = json.loads(data)
        except ValueError:
            return data
        if not isinstance(body, dict):
            return data
        assert match is not None
        return json.dumps(self.stamp(match["sobject"], body, create=creating))

    def _count(self, operation: str, outcome: str) -> None:
        metrics = getattr(self._services, "metrics", None)
        if metrics is not None:
            metrics.salesforce_calls.labels(operation=operation, outcome=outcome).inc()

    def _refreshed_token(self) -> str:
        with self._refresh_lock:
            if self.connection is None:
                token = _oauth(self._services).integration_token(stale=self.session_id)
                self.session_id = token.access_token
            else:
                self.connection = refresh_connection(self._services, self.connection)
                self.session_id = self.connection.access_token
            self._generate_headers()
            return self.session_id


def refresh_connection(services: Services, connection: Connection) -> Connection:
    """Refresh a connection's access token (once, however many callers ask at the same time).

    Raises:
        ReconnectRequired: Salesforce answered `invalid_grant`; the connection is now broken.
        NotConnected: the connection was deleted meanwhile.
        RefreshFailed: any other refusal; requests.ConnectionError when unreachable.
    """
    store: ConnectionStore = services.connections
    oauth = _oauth(services)

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


def client_for(
    services: Services,
    *,
    team_id: str,
    user_id: str,
    org: str | None = None,
    connection_id: int | None = None,
    user_name: str | None = None,
) -> SalesforceSession:
    """simple-salesforce acting as this Slack user in Salesforce.

    The user's own connection always wins; without one, integration-user mode is used when
    configured. Only connections stored for `team_id` are considered.

    Args:
        services: The app's services (settings, connection store, OAuth client).
        team_id: The Slack workspace the request came from.
        user_id: The Slack user.
        org: `org=<name>` as typed (alias, org name or id); the default connection when None.
        connection_id: A specific connection (a queued write keeps the one it was made for).
        user_name: The Slack user's name, stamped on records in integration-user mode.

    Raises:
        NotConnected: no connection and no integration user.
        ReconnectRequired: the connection is broken.
        bot.store.connections.UnknownOrg: `org` names none of the user's connections.
    """
    store: ConnectionStore = services.connections
    if connection_id is not None:
        connection = store.find_by_id(connection_id)
        if connection is not None and (connection.team_id, connection.slack_user_id) != (
            team_id,
            user_id,
        ):
            connection = None
    else:
        connection = store.find(team_id=team_id, user_id=user_id, org=org)
    if connection is None:
        oauth = _oauth(services)
        if org is None and connection_id is None and oauth.integration_configured:
            return SalesforceSession(
                services=services,
                team_id=team_id,
                user_id=user_id,
                connection=None,
                integration_token=oauth.integration_token(),
                user_name=user_name,
            )
        raise NotConnected(team_id=team_id, user_id=user_id)
    if connection.is_broken:
        raise ReconnectRequired(
            team_id=team_id,
            user_id=user_id,
            connection_id=connection.id,
            org=connection.alias or connection.org_name,
        )
    return SalesforceSession(
        services=services,
        team_id=team_id,
        user_id=user_id,
        connection=connection,
        user_name=user_name,
    )


def shared_adapter(services: Services) -> requests.adapters.HTTPAdapter:
    """The process's connection pools to Salesforce, shared by every user's client.

    A client is built per command and per write; with its own pools each one opened a new
    TCP and TLS connection, and the handshake was the largest cost of a write. Pools hold no
    credentials (each request carries its user's token) and are keyed by host and CA bundle.
    """
    adapter = services.__dict__.get("_salesforce_adapter")
    if adapter is None:
        fresh = requests.adapters.HTTPAdapter(
            pool_connections=POOL_CONNECTIONS, pool_maxsize=POOL_CONNECTIONS
        )
        # setdefault is atomic: two threads racing here end up sharing one adapter.
        adapter = services.__dict__.setdefault("_salesforce_adapter", fresh)
    return adapter


def _oauth(services: Services) -> SalesforceOAuth:
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


def salesforce_for_intent(services: Services) -> Callable[[Any], SalesforceSession]:
    """For `WriteWorker(salesforce_for=...)`: a client for the connection of the intent."""

    def for_intent(intent: Any) -> SalesforceSession:
        return client_for(
            services,
            team_id=intent.team_id,
            user_id=intent.slack_user_id,
            connection_id=intent.connection_id,
        )

    return for_intent
