"""Buttons on record messages: Undo, confirm or cancel a delete, Save anyway.

A listener that writes acks only once its write intent is stored (DESIGN.md "Writes"), then
answers through ``response_url`` (replacing the message that held the button).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack import messages
from bot.slack.blocks import Reply, notice
from bot.slack.records import context
from bot.slack.requester import requester
from bot.slack.write_results import MODAL_BUDGET_SECONDS, render
from bot.writes import (
    FINAL_STATUSES,
    IdempotencyConflict,
    UndoRefused,
    get_intent,
    submit_intent,
    submit_undo,
)

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)


def value_of(action: dict[str, Any]) -> dict[str, Any]:
    """The JSON object a button carries ({} when it carries none)."""
    try:
        data = json.loads(action.get("value") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _in_home(body: dict[str, Any]) -> bool:
    return (body.get("view") or {}).get("type") == "home"


def _view_id(body: dict[str, Any]) -> str | None:
    """The modal a button was clicked in, if any (the App Home is not one)."""
    container = body.get("container") or {}
    if container.get("type") != "view" or _in_home(body):
        return None
    return container.get("view_id")


def tell(
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    reply: Reply | dict[str, Any],
    *,
    replace: bool,
) -> None:
    """Answer a click: replace (or follow) the clicked message, or post to the clicker."""
    message = reply.to_dict() if isinstance(reply, Reply) else reply
    view_id = _view_id(body)
    if view_id and replace:
        from bot.slack.record_modal import raw_result_view

        title = ((body.get("view") or {}).get("title") or {}).get("text") or "Salesforce"
        try:
            client.views_update(view_id=view_id, view=raw_result_view(message, title=title))
            return
        except SlackApiError as error:
            logger.info("could not update the form (%s)", error.response.get("error"))
    if body.get("response_url"):
        respond(**{**message, "replace_original": replace})
        return
    channel = (body.get("channel") or {}).get("id")
    user = (body.get("user") or {}).get("id")
    if not user:
        return  # Slack always names the clicker; nobody to tell otherwise
    fields = {"text": message.get("text", ""), "blocks": message.get("blocks")}
    try:
        if channel:
            client.chat_postEphemeral(channel=channel, user=user, **fields)
        else:
            client.chat_postMessage(channel=user, **fields)
    except SlackApiError as error:
        logger.info("could not answer a click (%s)", error.response.get("error"))


def on_undo(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    """Undo a write: the same user, within the undo window; a double click undoes once."""
    services: Services = context["services"]
    team_id, user_id = requester(body, context)
    minutes = services.settings.sfbot_undo_minutes
    in_home = _in_home(body)

    def show_undoing() -> None:
        # Before the undo is stored: once stored it may run and post its result at once, and
        # this notice must not land after that result.
        if not in_home:
            tell(body, respond, client, notice(messages.UNDOING), replace=True)

    try:
        intent_id = int(action.get("value") or "")
        undo, created = submit_undo(
            services.sessions,
            intent_id=intent_id,
            team_id=team_id,
            user_id=user_id,
            undo_minutes=minutes,
            response_url=body.get("response_url"),
            channel_id=(body.get("channel") or {}).get("id"),
            view_id=_view_id(body),
            before_store=show_undoing,
        )
    except (UndoRefused, ValueError) as error:
        ack()
        reason = error.reason if isinstance(error, UndoRefused) else "not_found"
        text = messages.UNDO_REFUSED[reason].format(minutes=minutes)
        tell(body, respond, client, notice(text), replace=False)
        return
    ack()  # only once the undo is stored (DESIGN: a write is stored before Slack is answered)
    if in_home:  # the Home lists the write: show it undone there once it has run
        from bot.slack import home

        if created:
            context_wake(services)
        services.write_queue.wait_for_result(undo.id, MODAL_BUDGET_SECONDS)
        home.publish(services, client, team_id=team_id, user_id=user_id)
        return
    if created:
        context_wake(services)
        return
    _repeat(services, body, respond, client, undo.id)


def _repeat(
    services: Services, body: dict[str, Any], respond: Respond, client: WebClient, intent_id: int
) -> None:
    intent = get_intent(services.sessions, intent_id)
    reply = render(services, intent) if intent and intent.status in FINAL_STATUSES else None
    tell(body, respond, client, reply or notice(messages.STILL_WORKING), replace=True)


def context_wake(services: Services) -> None:
    context.wake(services)


def on_confirm_delete(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    """Delete confirmed: store the delete intent (keyed by the original request)."""
    services: Services = context["services"]
    data = value_of(action)
    team_id, user_id = requester(body, context)
    if not all(name in data for name in ("k", "o", "r")):
        ack()
        tell(body, respond, client, notice(messages.PICK_STALE), replace=False)
        return
    # Before the delete is stored: once stored it may run and post its result at once.
    tell(body, respond, client, notice(messages.WORKING), replace=True)
    try:
        intent, created = submit_intent(
            services.sessions,
            idempotency_key=f"delete:{data['k']}",
            team_id=team_id,
            user_id=user_id,
            enterprise_id=context.enterprise_id,
            operation="delete",
            sobject=str(data["o"]),
            record_id=str(data["r"]),
            payload={"display": data.get("d") or {}},
            connection_id=data.get("c"),
            org_id=data.get("g"),
            sf_user_id=data.get("u"),
            channel_id=(body.get("channel") or {}).get("id"),
            response_url=body.get("response_url"),
        )
    except IdempotencyConflict:
        ack()
        tell(body, respond, client, notice(messages.PICK_STALE), replace=True)
        return
    ack()  # only once the delete is stored
    if created:
        context_wake(services)
        return
    _repeat(services, body, respond, client, intent.id)


def on_cancel(ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
    ack()
    tell(body, respond, client, notice(messages.DELETE_CANCELLED), replace=True)


def on_save_anyway(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    """Write again past a duplicate rule that allows saving (same user, once)."""
    services: Services = context["services"]
    team_id, user_id = requester(body, context)
    original = get_intent(services.sessions, int(value_of(action).get("i") or 0))
    if original is None or (original.team_id, original.slack_user_id) != (team_id, user_id):
        ack()
        tell(body, respond, client, notice(messages.PICK_STALE), replace=False)
        return
    # Before the new attempt is stored: once stored it may run and post its result at once.
    tell(body, respond, client, notice(messages.WORKING), replace=True)
    intent, created = submit_intent(
        services.sessions,
        idempotency_key=f"save-anyway:{original.id}",
        team_id=team_id,
        user_id=user_id,
        enterprise_id=original.enterprise_id,
        operation=original.operation,
        sobject=original.sobject,
        record_id=original.record_id,
        payload=_retry_payload(original.payload or {}),
        connection_id=original.connection_id,
        org_id=original.org_id,
        sf_user_id=original.sf_user_id,
        channel_id=original.channel_id,
        response_url=body.get("response_url") or original.response_url,
        view_id=_view_id(body),
    )
    ack()  # only once the new attempt is stored
    if created:
        context_wake(services)
        return
    _repeat(services, body, respond, client, intent.id)


def _retry_payload(payload: dict[str, Any]) -> dict[str, Any]:
    # Not a modal submission waiting for its result: the completion listener answers it.
    retry = {k: v for k, v in payload.items() if k != "source"}
    return {**retry, "allow_save_duplicates": True}


def ack_only(ack: Ack) -> None:
    # Link buttons still send an action; without an ack Slack shows an error icon.
    ack()


Listener = Callable[..., None]
