"""Storing a feature's write intent for the user's Salesforce (notes, activities, tags, modals).

The worker runs it; `bot.slack.write_results` tells the user how it went.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.salesforce.client import client_for
from bot.salesforce.links import record_url
from bot.store.models import WriteIntent
from bot.writes import submit_intent

if TYPE_CHECKING:
    from bot.services import Services


@dataclass
class UserOrg:
    """A Slack user's Salesforce: the client and the keys of its cached metadata."""

    sf: Any
    org_id: str
    sf_user_id: str
    instance_url: str
    connection_id: int | None

    def describe(self, services: Services, sobject: str) -> dict[str, Any]:
        return services.describe_cache.describe(
            self.sf, org_id=self.org_id, sf_user_id=self.sf_user_id, sobject=sobject
        )

    def describe_global(self, services: Services) -> dict[str, Any]:
        return services.describe_cache.describe_global(
            self.sf, org_id=self.org_id, sf_user_id=self.sf_user_id
        )

    def link(self, sobject: str, record_id: str) -> str:
        return record_url(instance_url=self.instance_url, object_name=sobject, record_id=record_id)


def user_org(services: Services, *, team_id: str, user_id: str, org: str | None = None) -> UserOrg:
    """The user's Salesforce (default connection or ``org=``).

    Raises:
        bot.writes.ConnectionUnavailable: Not connected, or the connection must be renewed.
        bot.store.connections.UnknownOrg: ``org`` names none of the user's connections.
    """
    sf = client_for(services, team_id=team_id, user_id=user_id, org=org)
    connection = sf.connection
    if connection is None:  # integration-user mode
        instance = f"https://{sf.sf_instance}"
        return UserOrg(sf, "integration", "integration", instance, None)
    return UserOrg(
        sf, connection.org_id, connection.sf_user_id, connection.instance_url, connection.id
    )


def submit(
    services: Services,
    org: UserOrg,
    *,
    key: str,
    team_id: str,
    user_id: str,
    operation: str,
    sobject: str,
    payload: dict[str, Any],
    enterprise_id: str | None = None,
    channel_id: str | None = None,
    response_url: str | None = None,
) -> tuple[WriteIntent, bool]:
    """Store the write intent and wake the worker."""
    intent, created = submit_intent(
        services.sessions,
        idempotency_key=key,
        team_id=team_id,
        user_id=user_id,
        enterprise_id=enterprise_id,
        operation=operation,
        sobject=sobject,
        payload=payload,
        connection_id=org.connection_id,
        org_id=org.org_id if org.connection_id is not None else None,
        sf_user_id=org.sf_user_id if org.connection_id is not None else None,
        channel_id=channel_id,
        response_url=response_url,
    )
    if created and services.write_queue is not None:
        services.write_queue.wake()
    return intent, created
