# link_shared and chat.unfurl: https://docs.slack.dev/messaging/unfurling-links-in-messages
"""Salesforce record links posted in Slack unfurl into a preview: name, key fields, owner,
stage or status.

Privacy rule: a record is read only with the Salesforce connection of the person who posted the
link, never the integration user nor anyone else's; a poster who is not connected, or who can't
see the record, gets no preview at all (Slack then shows the plain link).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from simple_salesforce.exceptions import SalesforceError
from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.salesforce.client import client_for
from bot.salesforce.ids import parse_record_url
from bot.salesforce.links import lightning_base
from bot.salesforce.orgview import OrgView
from bot.salesforce.summary import fetch_summary
from bot.slack import record_blocks
from bot.slack.record_blocks import RecordCard
from bot.store.connection_types import Connection
from bot.writes import ConnectionUnavailable

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

MAX_LINKS = 5  # Slack sends at most 5 links per message


def _org_hosts(connection: Connection) -> set[str]:
    """Hosts that serve this org: its API host and its Lightning host."""
    return {
        (urlsplit(connection.instance_url).hostname or "").casefold(),
        (urlsplit(lightning_base(connection.instance_url)).hostname or "").casefold(),
    }


def previews(
    services: Services, *, team_id: str, user_id: str, urls: list[str]
) -> dict[str, dict[str, Any]]:
    """``{url: {"blocks": …}}`` for the links this user can see in their own org."""
    connection = services.connections.find(team_id=team_id, user_id=user_id)
    if connection is None or connection.is_broken:
        return {}
    hosts = _org_hosts(connection)
    wanted = []
    for url in urls[:MAX_LINKS]:
        link = parse_record_url(url, instance_url=connection.instance_url)
        if link is not None and link.host in hosts:
            wanted.append((url, link))
    if not wanted:
        return {}
    try:
        sf = client_for(services, team_id=team_id, user_id=user_id, connection_id=connection.id)
    except ConnectionUnavailable:
        return {}
    view = OrgView(
        sf=sf, cache=services.describe_cache, org_id=connection.org_id,
        sf_user_id=connection.sf_user_id, instance_url=connection.instance_url,
        connection_id=connection.id,
    )  # fmt: skip
    found: dict[str, dict[str, Any]] = {}
    for url, link in wanted:
        sobject = link.object_name or view.object_for_id(link.record_id)
        if sobject is None:
            continue
        try:
            summary = fetch_summary(view, sobject=sobject, record_id=link.record_id)
        except (SalesforceError, ConnectionUnavailable, ValueError) as error:
            # Not visible, not queryable, or no such object for this user: no preview.
            logger.info("no unfurl for a %s link (%s)", sobject, type(error).__name__)
            continue
        if summary is None:
            continue
        card = RecordCard(
            object_label=summary.object_label,
            name=summary.name,
            link=view.link(sobject=summary.sobject, record_id=summary.record_id),
            fields=[(label, shown) for _api, label, shown in summary.fields],
        )
        reply = record_blocks.show(card)
        found[url] = {"blocks": [block.to_dict() for block in reply.blocks]}
    return found


def on_link_shared(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """Unfurl the Salesforce record links of one message, as the person who posted it."""
    services: Services = context["services"]
    user_id = event.get("user") or ""
    urls = [str(link.get("url")) for link in event.get("links") or [] if link.get("url")]
    unfurls = previews(services, team_id=context.team_id or "", user_id=user_id, urls=urls)
    if not unfurls:
        return
    target: dict[str, Any] = (
        {"unfurl_id": event["unfurl_id"], "source": event.get("source") or "conversations_history"}
        if event.get("unfurl_id")
        else {"channel": event.get("channel"), "ts": event.get("message_ts")}
    )
    try:
        client.chat_unfurl(unfurls=unfurls, **target)
    except SlackApiError as error:
        logger.info("chat.unfurl failed (%s)", error.response.get("error"))


def register(app: App) -> None:
    app.event("link_shared")(on_link_shared)
