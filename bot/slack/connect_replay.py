"""After the Salesforce callback: tell the user in Slack, requeue their waiting writes, and run
the command they typed before connecting.

Opening a modal needs a trigger_id, which Slack only sends with a user's own action, and the one
that came with the typed command expired long ago. So the replay runs with a stand-in trigger_id
and a Web API client that refuses to open a view with it; a command that wanted a form (`/sf new
…`, a `/sf create` missing required fields) gets a "Continue" button instead, whose click brings
a fresh trigger_id and runs what was typed again. Every replay ends in something the user sees:
the command's own answer, the Continue button, or a message saying it could not run.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.web import SlackResponse
from sqlalchemy import select

from bot.auth.callback import CallbackResult
from bot.slack import connect_blocks, ids, messages
from bot.slack.blocks import Reply, inline_code, notice
from bot.slack.commands import SlashCommand, answer, split_verb
from bot.slack.response_url import post as response_url_post
from bot.slack.stored_ack import StoredAck
from bot.store.connection_types import Connection
from bot.store.models import WriteIntent
from bot.writes import NEEDS_CONNECTION, requeue_intent

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

# Stands in for Slack's trigger_id during a replay; never sent to Slack.
REPLAY_TRIGGER_PREFIX = "sfbot-replay:"


@dataclass(frozen=True)
class Origin:
    """Who typed the command, and where its answers go."""

    team_id: str
    enterprise_id: str | None
    user_id: str
    channel_id: str | None
    response_url: str | None


class ModalDeferred(Exception):
    """A replayed command tried to open a view: that needs a click from the user first."""


class _ViewWatchingClient(WebClient):
    """A Web API client that notes `views.open` calls and refuses the replay's stand-in id.

    Attributes:
        wanted_view: True once the command tried to open a view.
        opened_view: True once a view was opened (with a real trigger_id).
    """

    def __init__(self, client: WebClient) -> None:
        super().__init__(
            token=client.token,
            base_url=client.base_url,
            timeout=client.timeout,
            ssl=client.ssl,
            proxy=client.proxy,
            headers=client.headers,
            logger=client.logger,
            retry_handlers=client.retry_handlers,
        )
        self.wanted_view = False
        self.opened_view = False

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:  # type: ignore[override]
        if api_method == "views.open":
            self.wanted_view = True
            trigger_id = (kwargs.get("json") or kwargs.get("params") or {}).get("trigger_id")
            if not trigger_id or str(trigger_id).startswith(REPLAY_TRIGGER_PREFIX):
                raise ModalDeferred
            response = super().api_call(api_method, **kwargs)
            self.opened_view = True
            return response
        return super().api_call(api_method, **kwargs)


def after_connect(services: Services, result: CallbackResult) -> None:
    """Tell the user in Slack, requeue their waiting writes, and run their pending command."""
    connection, pending = result.connection, result.pending
    assert connection is not None and pending is not None
    client = slack_client(services, enterprise_id=pending.enterprise_id, team_id=pending.team_id)
    post = poster(
        client, pending.response_url, channel_id=pending.channel_id, user_id=pending.slack_user_id
    )
    post(notice(connect_blocks.connected_text(connection)).to_dict(), replace_original=True)
    _requeue_writes(services, connection)
    command = pending.pending_command or {}
    if command.get("kind") == "slash" and command.get("text"):
        typed = str(command["text"])
        replay_key = "replay:" + hashlib.sha256(pending.state.encode()).hexdigest()[:32]
        origin = Origin(
            pending.team_id,
            pending.enterprise_id,
            pending.slack_user_id,
            pending.channel_id,
            pending.response_url,
        )
        reply = replay(services, client, post, typed, origin=origin, key=replay_key)
        if reply is not None:
            post(reply.to_dict(), replace_original=False)


def replay(
    services: Services,
    client: WebClient,
    post: Callable[..., None],
    text: str,
    *,
    origin: Origin,
    key: str,
) -> Reply | None:
    """Run `/sf <text>` for the user again; returns what to post last.

    The user always sees an outcome: the command's answer (returned, or already posted by
    the command itself), a Continue button when it wanted a form, or why it could not run.

    Args:
        client: The workspace's Web API client.
        post: Posts a message body where the user typed the command.
        key: Keys the replay's writes and stands in for the trigger_id, so it writes once.
    """
    watching = _ViewWatchingClient(client)
    posted: list[bool] = []

    def post_counted(body: dict[str, Any], *, replace_original: bool = False) -> None:
        posted.append(True)
        post(body, replace_original=replace_original)

    shown = inline_code(f"/sf {text}", limit=80)
    try:
        reply = _run(services, watching, post_counted, text, origin=origin, key=key)
    except ModalDeferred:
        reply = None
    except Exception:
        logger.exception("running the command typed before connecting failed")
        return notice(messages.REPLAY_FAILED.format(command=shown))
    if watching.wanted_view:
        # Whatever the command said instead of its form (e.g. "missing fields") is replaced.
        return connect_blocks.continue_prompt(text=text, key=key, command=shown)
    if reply is None and not posted:
        return notice(messages.REPLAY_DONE.format(command=shown))
    # None here: the command answered by itself (e.g. "Working on it…", then its result).
    return reply


def _run(
    services: Services,
    client: WebClient,
    post: Callable[..., None],
    text: str,
    *,
    origin: Origin,
    key: str,
    trigger_id: str | None = None,
    ack: Callable[[], None] | None = None,
) -> Reply | None:
    verb, args = split_verb(text)
    context = BoltContext(
        {
            "services": services,
            "team_id": origin.team_id,
            "enterprise_id": origin.enterprise_id,
            "user_id": origin.user_id,
            "channel_id": origin.channel_id,
            "client": client,
        }
    )

    def acked(**body: Any) -> None:
        # The command acks once its write is stored: only then may a click be answered.
        if ack is not None:
            ack()
        if body:
            post(body, replace_original=False)

    def respond(text: str | dict[str, Any] = "", **kwargs: Any) -> None:
        body = text if isinstance(text, dict) else {"text": text, **kwargs}
        post(body, replace_original=body.get("replace_original", False))

    command = SlashCommand(
        verb=verb,
        args=args,
        text=text,
        team_id=origin.team_id,
        user_id=origin.user_id,
        channel_id=origin.channel_id,
        services=services,
        client=client,
        respond=respond,  # type: ignore[arg-type]
        context=context,
        body={"text": text, "replayed": True, "sf_idempotency_key": key},
        enterprise_id=origin.enterprise_id,
        trigger_id=trigger_id or REPLAY_TRIGGER_PREFIX + key,
        response_url=origin.response_url,
        _ack=cast(Ack, acked),
    )
    logger.info("running the command %s typed before connecting", verb or "(empty)")
    return answer(command)


def on_continue(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Continue: run the replayed command again with this click's trigger_id (opens its form)."""
    services: Services = context["services"]
    user_id = (body.get("user") or {}).get("id") or context.user_id or ""
    team_id = (body.get("team") or {}).get("id") or context.team_id or ""
    channel_id = (body.get("channel") or {}).get("id") or context.channel_id
    response_url = body.get("response_url")
    post = poster(client, response_url, channel_id=channel_id, user_id=user_id)
    try:
        value = json.loads(action.get("value") or "{}")
        text, key = str(value["t"]), str(value["k"])
    except (ValueError, KeyError, TypeError):
        ack()
        post(notice(messages.REPLAY_CONTINUE_STALE).to_dict(), replace_original=True)
        return
    shown = inline_code(f"/sf {text}", limit=80)
    watching = _ViewWatchingClient(client)
    enterprise_id = (body.get("enterprise") or {}).get("id") or context.enterprise_id
    origin = Origin(team_id, enterprise_id, user_id, channel_id, response_url)
    # A command that writes acks once its write is stored; one that opens its form or answers
    # is acked when done. Past Slack's deadline (slow Salesforce checks) StoredAck acks first.
    with StoredAck(ack) as stored_ack:
        try:
            reply = _run(
                services,
                watching,
                post,
                text,
                origin=origin,
                key=f"{key}:continue",
                trigger_id=body.get("trigger_id"),
                ack=stored_ack,
            )
        except Exception:
            logger.exception("continuing the command typed before connecting failed")
            reply = notice(messages.REPLAY_FAILED.format(command=shown))
    if reply is None:
        done = messages.REPLAY_FORM_OPENED if watching.opened_view else messages.REPLAY_DONE
        reply = notice(done.format(command=shown))
    # Replacing the Continue message also takes its button away: one click, one form.
    post(reply.to_dict(), replace_original=True)


def poster(
    client: WebClient, response_url: str | None, *, channel_id: str | None, user_id: str
) -> Callable[..., None]:
    """Post ephemerally where the user typed the command (response_url, else postEphemeral)."""

    def post(body: dict[str, Any], *, replace_original: bool = False) -> None:
        message = {key: value for key, value in body.items() if key != "replace_original"}
        if response_url:
            status = response_url_post(
                response_url,
                {**message, "response_type": "ephemeral", "replace_original": replace_original},
            )
            if status == 200:
                return
            logger.info("response_url refused (%s); posting instead", status)
        fields = {"text": message.get("text", ""), "blocks": message.get("blocks")}
        if channel_id:
            client.chat_postEphemeral(channel=channel_id, user=user_id, **fields)
        else:
            client.chat_postMessage(channel=user_id, **fields)

    return post


def slack_client(services: Services, *, enterprise_id: str | None, team_id: str) -> WebClient:
    """A Web API client with the bot token of this workspace."""
    settings = services.settings
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    if services.installation_store is not None:
        bot = services.installation_store.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        token = bot.bot_token if bot is not None else token
    return WebClient(base_url=settings.slack_api_url, token=token)


def _requeue_writes(services: Services, connection: Connection) -> None:
    with services.sessions() as session:
        waiting = session.scalars(
            select(WriteIntent.id).where(
                WriteIntent.team_id == connection.team_id,
                WriteIntent.slack_user_id == connection.slack_user_id,
                WriteIntent.status == NEEDS_CONNECTION,
            )
        ).all()
    for intent_id in waiting:
        requeue_intent(services.sessions, intent_id)
    queue = getattr(services, "write_queue", None)
    if waiting and queue is not None and hasattr(queue, "wake"):
        queue.wake()


def register(app: Any) -> None:
    """The Continue button's listener."""
    app.action(ids.REPLAY_CONTINUE_ACTION)(on_continue)
