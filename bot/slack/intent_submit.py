"""Storing a feature's write intent for the user's Salesforce (notes, activities, tags, modals).

The user's org (an `OrgView`) comes from `bot.slack.records.context.org_view`. The worker
runs the intent; `bot.slack.write_results` tells the user how it went.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.salesforce.orgview import OrgView
from bot.store.models import WriteIntent
from bot.writes import submit_intent

if TYPE_CHECKING:
    from bot.services import Services


def submit(
    services: Services,
    org: OrgView,
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
