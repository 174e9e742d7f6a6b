"""A simple-salesforce client per Slack user, whose token refreshes itself when Salesforce says so.

`client_for` picks the user's connection (or the integration user) and builds a
`SalesforceSession` on the process's shared connection pools; the refresh-and-retry under
simple-salesforce is `bot.salesforce.refresh`. In integration-user mode, records written from
Slack are stamped with the Slack user who wrote them.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import requests
from simple_salesforce import Salesforce

from bot.auth.salesforce_oauth import TokenResponse
from bot.salesforce.refresh import (
    NotConnected,
    ReconnectRequired,
    RefreshingHttp,
    refresh_connection,
    salesforce_oauth,
)
from bot.store.connection_types import Connection
from bot.store.connections import ConnectionStore

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
# Open connections kept per Salesforce host, shared by every thread of the process.
POOL_CONNECTIONS = 32


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
        http = RefreshingHttp(
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
                token = salesforce_oauth(self._services).integration_token(stale=self.session_id)
                self.session_id = token.access_token
            else:
                self.connection = refresh_connection(self._services, self.connection)
                self.session_id = self.connection.access_token
            self._generate_headers()
            return self.session_id


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
        bot.store.connection_types.UnknownOrg: `org` names none of the user's connections.
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
        oauth = salesforce_oauth(services)
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
