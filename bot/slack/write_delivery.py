"""Submitting note/activity/tag writes and telling the user how they went, with Undo.

A stand-in, kept separate so the records feature's result path (issue 6) can absorb it: features
register a renderer per operation; one completion listener renders each finished intent and
delivers it where the request came from (the slash command's ``response_url``, replacing the
"working on it" reply; else an ephemeral message in the channel; else a direct message).

Modal submissions wait for their write up to `MODAL_BUDGET_SECONDS` so that Salesforce's
refusal lands on the modal's input; when the budget runs out, `hand_over` gives the intent to
the listener (it records the modal's view id), so each result is delivered exactly once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.webhook import WebhookClient
from sqlalchemy import update

from bot.salesforce.client import client_for
from bot.salesforce.links import record_url
from bot.slack import ids, messages
from bot.slack.blocks import Reply, notice, truncate
from bot.store.db import changed_rows
from bot.store.models import WriteIntent
from bot.writes import FINAL_STATUSES, UndoRefused, get_intent, submit_intent, submit_undo

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

MODAL_BUDGET_SECONDS = 2.0
MODAL = "modal"
Renderer = Callable[["Services", WriteIntent, "WriteIntent | None"], Reply | None]
_RENDERERS: dict[str, Renderer] = {}


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


def register_renderer(operation: str, renderer: Renderer) -> None:
    """Render finished intents of ``operation`` (and the undo of them)."""
    _RENDERERS[operation] = renderer


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


def wait_or_hand_over(
    services: Services, intent: WriteIntent, *, view_id: str
) -> WriteIntent | None:
    """Wait for a modal's write; the finished intent, or None once handed to the listener."""
    finished = services.write_queue.wait_for_result(intent.id, MODAL_BUDGET_SECONDS)
    if finished is not None and finished.status in FINAL_STATUSES:
        return finished
    with services.sessions() as session:
        handed = changed_rows(
            session,
            update(WriteIntent)
            .where(WriteIntent.id == intent.id, WriteIntent.status.not_in(FINAL_STATUSES))
            .values(view_id=view_id),
        )
        session.commit()
    if handed:
        return None
    return get_intent(services.sessions, intent.id)  # it finished meanwhile


def render(services: Services, intent: WriteIntent) -> Reply | None:
    """The reply for a finished intent of a registered operation (or its undo)."""
    original = None
    operation = intent.operation
    if intent.undo_of_id is not None:
        original = get_intent(services.sessions, intent.undo_of_id)
        if original is None:
            return None
        operation = original.operation
    renderer = _RENDERERS.get(operation)
    if renderer is None:
        return None
    reply = renderer(services, intent, original)
    if original is not None and reply is not None:
        # An undo's result replaces the "Undoing…" message its button left (as records' does).
        reply = replace(reply, replace_original=True)
    return reply


def result_reply(*, text: str, link: str | None, intent_id: int | None, undo_minutes: int) -> Reply:
    """A result line with Open and Undo buttons (``text`` already escaped)."""
    blocks: list[Block] = [
        SectionBlock(
            block_id=ids.ACTIVITY_RESULT_BLOCK,
            text=MarkdownTextObject(text=truncate(text, limit=3000)),
        )
    ]
    buttons = []
    if link:
        buttons.append(
            ButtonElement(
                text=messages.ACTIVITY_OPEN_BUTTON, action_id=ids.ACTIVITY_OPEN_ACTION, url=link
            )
        )
    if intent_id is not None:
        buttons.append(
            ButtonElement(
                text=messages.ACTIVITY_UNDO_BUTTON,
                action_id=ids.ACTIVITY_UNDO_ACTION,
                value=str(intent_id),
            )
        )
    if buttons:
        blocks.append(ActionsBlock(block_id=ids.ACTIVITY_ACTIONS_BLOCK, elements=buttons))
    if intent_id is not None:
        note = messages.ACTIVITY_UNDO_NOTE.format(minutes=undo_minutes)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return Reply(text=text, blocks=blocks, replace_original=True)


def instance_url(services: Services, intent: WriteIntent) -> str | None:
    """The org's instance URL of the connection an intent ran with, for links."""
    if intent.connection_id is None:
        return None
    connection = services.connections.find_by_id(intent.connection_id)
    return connection.instance_url if connection is not None else None


def deliver(services: Services, intent: WriteIntent, reply: Reply) -> None:
    """Send ``reply`` where the intent's request came from."""
    if intent.response_url:
        try:
            sent = WebhookClient(intent.response_url).send_dict(reply.to_dict())
            if sent.status_code == 200:
                return
            logger.info("response_url refused the result (%s)", sent.status_code)
        except OSError as error:
            logger.info("response_url unreachable (%s)", type(error).__name__)
    post(
        services,
        reply,
        enterprise_id=intent.enterprise_id,
        team_id=intent.team_id,
        user_id=intent.slack_user_id,
        channel_id=intent.channel_id,
    )


def post(
    services: Services,
    reply: Reply,
    *,
    enterprise_id: str | None,
    team_id: str,
    user_id: str,
    channel_id: str | None,
) -> None:
    """An ephemeral message in the channel, or a direct message when that is not possible."""
    from bot.slack.connect import slack_client  # the connect surface owns the client per team

    body = reply.to_dict()
    fields = {"text": body["text"], "blocks": body["blocks"]}
    try:
        client = slack_client(services, enterprise_id=enterprise_id, team_id=team_id)
        if channel_id:
            try:
                client.chat_postEphemeral(channel=channel_id, user=user_id, **fields)
                return
            except SlackApiError:
                pass  # e.g. the bot is not in that channel; a direct message still reaches them
        client.chat_postMessage(channel=user_id, **fields)
    except (SlackApiError, OSError) as error:
        logger.warning("could not tell %s about a write (%s)", user_id, type(error).__name__)


def _on_complete(services: Services) -> Callable[[WriteIntent], None]:
    def on_complete(intent: WriteIntent) -> None:
        if (intent.payload or {}).get("source") == MODAL and not intent.view_id:
            return  # the modal's submission showed this result itself
        reply = render(services, intent)
        if reply is not None:
            deliver(services, intent, reply)

    return on_complete


def install(services: Services) -> None:
    """Attach the completion listener to the write worker (once per `Services`)."""
    queue = services.write_queue
    if queue is None or getattr(services, "_note_delivery_installed", False):
        return
    services._note_delivery_installed = True  # type: ignore[attr-defined]
    queue.add_completion_listener(_on_complete(services))


def on_undo(
    ack: Ack, body: dict[str, Any], client: Any, context: BoltContext, respond: Any
) -> None:
    """The Undo button of a result message or of a write listed in the App Home."""
    ack()
    services: Services = context["services"]
    action = (body.get("actions") or [{}])[0]
    try:
        intent_id = int(action.get("value") or "")
    except ValueError:
        return
    minutes = services.settings.sfbot_undo_minutes
    in_message = bool(body.get("response_url"))
    try:
        undo, created = submit_undo(
            services.sessions,
            intent_id=intent_id,
            team_id=context.team_id or "",
            user_id=context.user_id or "",
            undo_minutes=minutes,
            response_url=body.get("response_url"),
            channel_id=context.channel_id,
        )
    except UndoRefused as refused:
        reason = messages.ACTIVITY_UNDO_REFUSED[refused.reason].format(minutes=minutes)
        text = messages.ACTIVITY_UNDO_FAILED.format(reason=reason)
        if in_message:
            respond(**notice(text).to_dict(), replace_original=False)
        return
    if in_message and created:
        # Said before waking the worker: the result replaces this message, so it should land last.
        respond(**notice(messages.ACTIVITY_UNDOING).to_dict(), replace_original=True)
    if created and services.write_queue is not None:
        services.write_queue.wake()
    if in_message:
        return
    # Clicked in the App Home: show the undo there once it has run.
    from bot.slack import home

    services.write_queue.wait_for_result(undo.id, MODAL_BUDGET_SECONDS)
    home.publish(services, client, team_id=context.team_id or "", user_id=context.user_id or "")


def register(app: App) -> None:
    """The Undo and Open buttons of results; the completion listener comes with the services."""
    app.action(ids.ACTIVITY_UNDO_ACTION)(on_undo)
    app.action(ids.ACTIVITY_OPEN_ACTION)(lambda ack: ack())
