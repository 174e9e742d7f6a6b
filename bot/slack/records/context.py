"""What every record command needs: the user's org view, their locale, and the intent path."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import requests
from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession
from slack_sdk import WebClient
from sqlalchemy import select

from bot.salesforce.client import client_for
from bot.salesforce.errors import from_exception
from bot.salesforce.orgview import OrgView
from bot.salesforce.values import UserContext
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.store.models import WriteIntent
from bot.writes import ConnectionUnavailable, intents

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)


def org_view(
    services: Services,
    *,
    team_id: str,
    user_id: str,
    org: str | None = None,
    connection_id: int | None = None,
    user_name: str | None = None,
) -> OrgView:
    """The user's Salesforce (their default connection, `org=`, or a given one) and metadata.

    Raises:
        bot.writes.ConnectionUnavailable: Not connected, or the connection must be renewed.
        bot.store.connection_types.UnknownOrg: `org` names none of the user's connections.
    """
    sf = client_for(
        services,
        team_id=team_id,
        user_id=user_id,
        org=org,
        connection_id=connection_id,
        user_name=user_name,
    )
    connection = sf.connection
    if connection is None:  # integration-user mode
        return OrgView(
            sf=sf,
            cache=services.describe_cache,
            org_id="integration",
            sf_user_id="integration",
            instance_url=f"https://{sf.sf_instance}",
        )
    return OrgView(
        sf=sf,
        cache=services.describe_cache,
        org_id=connection.org_id,
        sf_user_id=connection.sf_user_id,
        instance_url=connection.instance_url,
        connection_id=connection.id,
    )


def user_context(
    services: Services, client: WebClient, *, team_id: str, user_id: str
) -> UserContext:
    """The user's locale and time zone (the cache shared through `services`)."""
    return services.user_contexts.get(client, team_id=team_id, user_id=user_id)


def find_intent(services: Services, key: str) -> WriteIntent | None:
    """The intent stored under an idempotency key (a retried or double-sent request)."""
    with services.sessions() as session:
        return session.scalar(select(WriteIntent).where(WriteIntent.idempotency_key == key))


def submit(
    services: Services,
    view: OrgView,
    *,
    key: str,
    team_id: str,
    user_id: str,
    operation: str,
    sobject: str,
    payload: dict[str, Any],
    record_id: str | None = None,
    enterprise_id: str | None = None,
    channel_id: str | None = None,
    response_url: str | None = None,
    view_id: str | None = None,
) -> tuple[WriteIntent, bool]:
    """Store the write intent (not yet waking the worker: the caller acks Slack first)."""
    return intents.submit_intent(
        services.sessions,
        idempotency_key=key,
        team_id=team_id,
        user_id=user_id,
        enterprise_id=enterprise_id,
        operation=operation,
        sobject=sobject,
        payload=payload,
        record_id=record_id,
        connection_id=view.connection_id,
        org_id=view.org_id if view.connection_id is not None else None,
        sf_user_id=view.sf_user_id if view.connection_id is not None else None,
        channel_id=channel_id,
        response_url=response_url,
        view_id=view_id,
    )


def wake(services: Services) -> None:
    queue = services.write_queue
    if queue is not None:
        queue.wake()


def answers_salesforce_errors(
    handler: Callable[[SlashCommand], Reply | None],
) -> Callable[[SlashCommand], Reply | None]:
    """Wrap a verb: a Salesforce refusal while reading (describe, search) becomes plain words.

    Connection problems pass through to `handles_reconnect`, which offers the Connect button.
    """

    @functools.wraps(handler)
    def wrapped(command: SlashCommand) -> Reply | None:
        try:
            return handler(command)
        except ConnectionUnavailable:
            raise
        except SalesforceExpiredSession:
            raise ConnectionUnavailable("the Salesforce session ended") from None
        except (SalesforceError, requests.RequestException) as error:
            problem = from_exception(error)
            logger.info("Salesforce refused a read for /sf %s (%s)", command.verb, problem.code)
            return notice(":x: " + problem.message)

    return wrapped
