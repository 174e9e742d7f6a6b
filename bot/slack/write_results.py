"""Telling users how their writes went: the worker finishes an intent, Slack hears about it.

Features register a renderer per operation (`register_result_renderer`); `install(services)`
attaches one completion listener to the write worker that renders the finished intent and
delivers it where the request came from: the slash command's ``response_url`` (replacing the
"working on it" reply), or the modal (``views.update``) for form submissions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View
from slack_sdk.webhook import WebhookClient

from bot.slack.blocks import Reply
from bot.store.models import WriteIntent

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

Renderer = Callable[["Services", WriteIntent], Reply | None]
# A view renderer returns the View to show, HANDLED when the form's own request answers
# (it waited for the result), or None for intents that are not its own.
HANDLED = "handled"
ViewRenderer = Callable[["Services", WriteIntent, Reply], View | str | None]

_RENDERERS: dict[str, list[Renderer]] = {}
_VIEW_RENDERERS: list[ViewRenderer] = []


def register_result_renderer(operation: str, renderer: Renderer) -> None:
    """Render finished intents of ``operation``; a renderer returns None for intents not its own."""
    found = _RENDERERS.setdefault(operation, [])
    if renderer not in found:
        found.append(renderer)


def register_view_renderer(renderer: ViewRenderer) -> None:
    """Turn a result into the modal that replaces a form (first non-None answer wins)."""
    if renderer not in _VIEW_RENDERERS:
        _VIEW_RENDERERS.append(renderer)


def render(services: Services, intent: WriteIntent) -> Reply | None:
    """The reply for a finished intent, from the first renderer that knows it."""
    for renderer in _RENDERERS.get(intent.operation, []):
        reply = renderer(services, intent)
        if reply is not None:
            return reply
    return None


def deliver(services: Services, intent: WriteIntent, reply: Reply) -> None:
    """Send ``reply`` where the intent's request came from (modal, response_url, or a DM)."""
    if intent.view_id:
        view = next((v for r in _VIEW_RENDERERS if (v := r(services, intent, reply))), None)
        if view == HANDLED:
            return
        if isinstance(view, View) and _update_view(services, intent, view):
            return
    if intent.response_url:
        body = {**reply.to_dict(), "replace_original": True}
        try:
            response = WebhookClient(intent.response_url).send_dict(body)
            if response.status_code == 200:
                return
            logger.info("response_url refused the result (%s)", response.status_code)
        except OSError as error:
            logger.info("response_url unreachable (%s)", type(error).__name__)
    _post(services, intent, reply)


def _client(services: Services, intent: WriteIntent) -> Any:
    from bot.slack.connect import slack_client

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


def install(services: Services) -> None:
    """Attach the completion listener to the write worker (once per `Services`)."""
    queue = services.write_queue
    if queue is None or getattr(services, "_write_results_installed", False):
        return
    services._write_results_installed = True  # type: ignore[attr-defined]

    def on_complete(intent: WriteIntent) -> None:
        reply = render(services, intent)
        if reply is not None:
            deliver(services, intent, reply)

    if hasattr(queue, "add_completion_listener"):
        queue.add_completion_listener(on_complete)
    else:  # a worker built before listeners could be added
        queue._on_complete = on_complete
