"""From a checked plan to Slack: ask for picks, list problems, open the form, or store the write.

Shared by `/sf create`, `/sf update` and the pick buttons, which re-run the command with the
picked record's id in place of what was typed (the pick completes the pending write; its
idempotency key is derived from the original request's, so a double click writes once).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.escape import quote_user_text
from bot.salesforce.fields import FieldIndex
from bot.salesforce.orgview import OrgView
from bot.salesforce.plan import WritePlan
from bot.salesforce.resolve import Candidate
from bot.slack import messages, record_blocks
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.slack.grammar import Arg, Command
from bot.slack.records import context
from bot.store.models import WriteIntent
from bot.writes import FINAL_STATUSES, IdempotencyConflict

logger = logging.getLogger(__name__)

VERB_WORDS = {"create": "create", "update": "update"}


def idempotency_key(command: SlashCommand) -> str:
    """The request's key: the pick's derived one, else Slack's trigger_id."""
    key = command.body.get("sf_idempotency_key") or command.trigger_id
    if not key:  # Slack always sends a trigger_id; a missing one must not merge requests
        import uuid

        key = "no-trigger:" + uuid.uuid4().hex
    return str(key)


def earlier_intent(command: SlashCommand, key: str) -> WriteIntent | None:
    """The intent a repeated request already stored: a Slack retry, a pick or a replay.

    A first request has a fresh trigger_id, so the lookup could only miss; it is skipped (a
    double submit that races past this is still caught by the key's unique constraint).
    """
    if not (command.retried or command.body.get("sf_idempotency_key")):
        return None
    return context.find_intent(command.services, key)


def reply_for_existing(command: SlashCommand, intent: WriteIntent) -> Reply:
    """A repeated request: the first request's result (or "still working")."""
    from bot.slack.write_results import render

    if intent.status in FINAL_STATUSES:
        reply = render(command.services, intent)
        if reply is not None:
            return reply
    return notice(messages.STILL_WORKING)


def replaced(parsed: Command, arg: Arg, replacement: str) -> str:
    """The command text with one argument replaced (a typed name → the picked record's id)."""
    text = parsed.shown
    return text[: arg.start] + replacement + text[arg.end :]


def pick_options(
    parsed: Command, arg: Arg, candidates: list[Candidate], key: str, *, as_field: bool
) -> list[record_blocks.Option]:
    """A button per candidate whose value re-runs the command with that record's id."""
    options = []
    for candidate in candidates:
        replacement = f"{arg.key}={candidate.record_id}" if as_field else candidate.record_id
        value = record_blocks.button_value(
            {"t": replaced(parsed, arg, replacement), "k": f"{key}|pick:{arg.key or 'record'}"}
        )
        if value is None:
            continue
        detail = " · ".join(part for part in (candidate.sobject, candidate.detail) if part)
        options.append(record_blocks.Option(name=candidate.name, detail=detail, value=value))
    return options


def field_arg(parsed: Command, plan: WritePlan, field: str) -> Arg | None:
    """The typed `name=value` pair that set a field (found through the plan's typed values)."""
    index = FieldIndex(plan.describe)
    for arg in parsed.fields:
        spec = index.find(arg.key or "")
        if spec is not None and spec["name"] == field:
            return arg
    return None


def finish(
    command: SlashCommand,
    parsed: Command,
    view: OrgView,
    plan: WritePlan,
    *,
    key: str,
    record_id: str | None = None,
    record_name: str | None = None,
    open_form: Any = None,
) -> Reply | None:
    """Answer a checked create/update: form, problems, pick, or store the intent and ack.

    Args:
        open_form: Called with the plan when required fields are missing; returns True when
            a form was opened (it needs the request's trigger_id).
    """
    verb = VERB_WORDS[plan.operation]
    if plan.operation == "create" and plan.only_missing and open_form is not None:
        if open_form(plan):
            return notice(messages.MODAL_OPENED)
    if plan.problems:
        return record_blocks.problems(
            verb=verb, object_label=plan.object_label, found=plan.problems
        )
    if plan.choices:
        choice = plan.choices[0]
        arg = field_arg(parsed, plan, choice.field)
        if arg is not None:
            options = pick_options(parsed, arg, choice.candidates, key, as_field=True)
            prompt = messages.PICK_PROMPT.format(
                typed=quote_user_text(choice.typed), label=choice.label
            )
            return record_blocks.pick(prompt=prompt, options=options)
    display = plan.display(instance_url=view.instance_url, record_name=record_name)
    try:
        intent, created = context.submit(
            command.services,
            view,
            key=key,
            team_id=command.team_id or "",
            user_id=command.user_id,
            enterprise_id=command.enterprise_id,
            operation=plan.operation,
            sobject=plan.sobject,
            payload=plan.intent_payload(display),
            record_id=record_id,
            channel_id=command.channel_id,
            response_url=command.response_url,
        )
    except IdempotencyConflict:
        logger.warning("idempotency key reused by another user; refusing")
        return notice(messages.PICK_STALE)
    if not created:
        return reply_for_existing(command, intent)
    command.ack(notice(messages.WORKING))
    context.wake(command.services)
    return None
