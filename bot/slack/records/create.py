"""`/sf create <object> field=value …`: check, resolve lookups, store the write, ack."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.salesforce.object_names import ObjectNotFound, resolve_object
from bot.salesforce.plan import WritePlan, plan_write
from bot.slack import messages
from bot.slack.blocks import Reply, escape_mrkdwn, notice
from bot.slack.commands import SlashCommand
from bot.slack.grammar import GrammarError, parse_command
from bot.slack.records import context, writing


def createable(entry: Mapping[str, Any]) -> bool:
    return bool(entry.get("createable") and entry.get("queryable", True))


def create(command: SlashCommand) -> Reply | None:
    """The `create` verb."""
    services = command.services
    key = writing.idempotency_key(command)
    existing = writing.earlier_intent(command, key)
    if existing is not None:
        return writing.reply_for_existing(command, existing)
    try:
        parsed = parse_command(command.text)
    except GrammarError as error:
        return notice(error.render())
    assert parsed.object is not None  # the grammar requires it
    view = context.org_view(
        services,
        team_id=command.team_id or "",
        user_id=command.user_id,
        org=parsed.options.get("org"),
        user_name=command.user_name,
    )
    try:
        entry = resolve_object(parsed.object, view.describe_global())
    except ObjectNotFound as error:
        return notice(error.message)
    if not createable(entry):
        return cant_create(str(entry.get("label") or entry["name"]))
    ctx = context.user_context(
        services, command.client, team_id=command.team_id or "", user_id=command.user_id
    )
    plan = plan_write(
        view, sobject=str(entry["name"]), operation="create", fields=parsed.field_values(), ctx=ctx
    )

    return writing.finish(
        command, parsed, view, plan, key=key, open_form=_form_opener(command, view)
    )


def _form_opener(command: SlashCommand, view: Any) -> Any:
    try:
        from bot.slack.records.modal import open_for_plan
    except ImportError:  # the generic record form is not part of this build
        return None

    def open_form(plan: WritePlan) -> bool:
        return bool(open_for_plan(command, view, plan))

    return open_form


def cant_create(label: str) -> Reply:
    return notice(messages.CANT_CREATE.format(object=escape_mrkdwn(label)))
