"""Telling users how their writes went: the one path from a finished intent to Slack.

Features register a renderer per operation (`register_result_renderer`); `install(services)`
attaches one completion listener to the write worker that renders each finished intent and
delivers it where the request came from: the form it was submitted or clicked in
(``views.update``, through a registered view renderer), the slash command's ``response_url``
(replacing the "working on it" reply), an ephemeral message in the channel, or a direct message.

Exactly once: a modal submission (payload ``source`` = `MODAL`) waits for its write up to
`MODAL_BUDGET_SECONDS` and answers on the modal itself; when the budget runs out,
`wait_or_hand_over` records the modal's view id on the intent in the same statement that checks
it is unfinished, and only then does the listener deliver it. Every result thus has one sender.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View
from sqlalchemy import update

from bot.slack import ids, messages, response_url
from bot.slack.blocks import Reply, truncate
from bot.store.db import changed_rows
from bot.store.models import WriteIntent
from bot.writes import FINAL_STATUSES, get_intent

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

MODAL_BUDGET_SECONDS = 2.0  # of Slack's 3 s, spent waiting for Salesforce before "Saving…"
MODAL = "modal"

Renderer = Callable[["Services", WriteIntent], Reply | None]
# A view renderer returns the View that replaces the form an intent came from, or None for
# intents that are not its own (they are then told in the channel).
ViewRenderer = Callable[["Services", WriteIntent, Reply], View | None]

_RENDERERS: dict[str, list[Renderer]] = {}
_VIEW_RENDERERS: list[ViewRenderer] = []


def register_result_renderer(operation: str, renderer: Renderer) -> None:
    """Render finished intents of ``operation`` and undos of them.

    A renderer returns None for intents that are not its own; the next one is asked.
    """
    found = _RENDERERS.setdefault(operation, [])
    if renderer not in found:
        found.append(renderer)


def register_view_renderer(renderer: ViewRenderer) -> None:
    """Turn a result into the modal that replaces a form (first non-None answer wins)."""
    if renderer not in _VIEW_RENDERERS:
        _VIEW_RENDERERS.append(renderer)


def original_of(services: Services, intent: WriteIntent) -> WriteIntent | None:
    """The intent an undo undoes (None for an intent that is not an undo)."""
    if intent.undo_of_id is None:
        return None
    return get_intent(services.sessions, intent.undo_of_id)


def render(services: Services, intent: WriteIntent) -> Reply | None:
    """The reply for a finished intent: its operation's renderers, then (for an undo) those of
    the operation it undoes."""
    operations = [intent.operation]
    original = original_of(services, intent)
    if original is not None and original.operation != intent.operation:
        operations.append(original.operation)
    for operation in operations:
        for renderer in _RENDERERS.get(operation, []):
            reply = renderer(services, intent)
            if reply is not None:
                return reply
    return None


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
            ButtonElement(text=messages.OPEN_BUTTON, action_id=ids.OPEN_RECORD_ACTION, url=link)
        )
    if intent_id is not None:
        buttons.append(
            ButtonElement(
                text=messages.UNDO_BUTTON, action_id=ids.UNDO_ACTION, value=str(intent_id)
            )
        )
    if buttons:
        blocks.append(ActionsBlock(block_id=ids.ACTIVITY_ACTIONS_BLOCK, elements=buttons))
    if intent_id is not None:
        note = messages.UNDO_NOTE.format(minutes=undo_minutes)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return Reply(text=text, blocks=blocks, replace_original=True)


def instance_url(services: Services, intent: WriteIntent) -> str | None:
    """The org's instance URL of the connection an intent ran with, for links."""
    if intent.connection_id is None:
        return None
    connection = services.connections.find_by_id(intent.connection_id)
    return connection.instance_url if connection is not None else None


def deliver(services: Services, intent: WriteIntent, reply: Reply) -> None:
    """Send ``reply`` where the intent's request came from (form, response_url, or a DM)."""
    if intent.view_id:
        view = next((v for r in _VIEW_RENDERERS if (v := r(services, intent, reply))), None)
        if view is not None and _update_view(services, intent, view):
            return
    if intent.response_url:
        body = {**reply.to_dict(), "replace_original": True}
        try:
            status = response_url.post(intent.response_url, body)
            if status == 200:
                return
            logger.info("response_url refused the result (%s)", status)
        except OSError as error:
            logger.info("response_url unreachable (%s)", type(error).__name__)
    _post(services, intent, reply)


def _client(services: Services, intent: WriteIntent) -> Any:
    from bot.slack.connect import slack_client  # the connect surface owns the client per team

    return slack_client(services, enterprise_id=intent.enterprise_id, team_id=intent.team_id)


def _update_view(services: Services, intent: WriteIntent, view: View) -> bool:
    try:
        _client(services, intent).views_update(view_id=intent.view_id, view=view)
        return True
    except (SlackApiError, OSError) as error:
        logger.info("views.update failed for intent %s (%s)", intent.id, type(error).__name__)
        return False


def _post(services: Services, intent: WriteIntent, reply: Reply) -> None:
    body = reply.to_dict()
    fields = {"text": body["text"], "blocks": body["blocks"]}
    try:
        client = _client(services, intent)
        if intent.channel_id:
            try:
                client.chat_postEphemeral(
                    channel=intent.channel_id, user=intent.slack_user_id, **fields
                )
                return
            except SlackApiError:
                pass  # e.g. the bot is not in that channel: a direct message still reaches them
        client.chat_postMessage(channel=intent.slack_user_id, **fields)
    except (SlackApiError, OSError) as error:
        logger.warning(
            "could not tell the user about intent %s (%s)", intent.id, type(error).__name__
        )


def on_complete(services: Services, intent: WriteIntent) -> None:
    """Render and deliver a finished intent, unless its modal's submission answers it."""
    if (intent.payload or {}).get("source") == MODAL and not intent.view_id:
        return  # the submission waited and showed this result itself
    reply = render(services, intent)
    if reply is not None:
        deliver(services, intent, reply)


def install(services: Services) -> None:
    """Attach the completion listener to the write worker (once per `Services`)."""
    queue = services.write_queue
    if queue is None or services.results_listener_installed:
        return
    services.results_listener_installed = True
    queue.add_completion_listener(lambda intent: on_complete(services, intent))
