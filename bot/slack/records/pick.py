"""The buttons offered when a typed name matches several records: the pick completes the write.

The pick runs the command again with the picked record's id in place of what was typed; its
write is keyed by the original request's key, so a double click writes once. Slack is acked
only once that write is stored (DESIGN.md "Writes"), see `StoredAck`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack import messages
from bot.slack.blocks import notice
from bot.slack.commands import SlashCommand, answer, split_verb
from bot.slack.records.actions import tell, value_of
from bot.slack.requester import requester
from bot.slack.stored_ack import StoredAck


def on_pick(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    """A picked record: run the command again with its id in place of the typed name."""
    data = value_of(action)
    text, key = str(data.get("t") or ""), str(data.get("k") or "")
    if not text or not key:
        ack()
        tell(body, respond, client, notice(messages.PICK_STALE), replace=False)
        return
    # The command acks once its write is stored ("Working on it…"), or this block once the
    # command answered without writing. Checking the pick may call Salesforce: past Slack's
    # deadline StoredAck acks first, and the write is still stored, once, when the check ends.
    with StoredAck(ack) as stored_ack:

        def working(**reply: Any) -> None:
            stored_ack()
            if reply:  # shown before the worker is woken: the result replaces it, so it lands last
                tell(body, respond, client, reply, replace=True)

        command = pick_command(body, client, respond, context, text=text, key=key, ack=working)
        reply = answer(command)
    if reply is not None:
        tell(body, respond, client, reply, replace=True)
    else:
        context["services"].write_queue.wake()


def pick_command(
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    *,
    text: str,
    key: str,
    ack: Callable[..., None],
) -> SlashCommand:
    """The command a pick completes, keyed by the original request (a double click writes once)."""
    team_id, user_id = requester(body, context)
    verb, args = split_verb(text)
    return SlashCommand(
        verb=verb,
        args=args,
        text=text,
        team_id=team_id,
        user_id=user_id,
        channel_id=(body.get("channel") or {}).get("id") or context.channel_id,
        services=context["services"],
        client=client,
        respond=respond,
        context=context,
        body={"sf_idempotency_key": key, "trigger_id": body.get("trigger_id")},
        enterprise_id=context.enterprise_id,
        user_name=(body.get("user") or {}).get("name"),
        trigger_id=body.get("trigger_id"),
        response_url=body.get("response_url"),
        _ack=ack,  # type: ignore[arg-type]
    )
