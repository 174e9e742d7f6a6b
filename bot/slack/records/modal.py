"""The record form in Slack: open it (`/sf new`, a create missing fields, Edit) and answer its
typeaheads. Saving it is `bot.slack.records.form_submit`.

Other features reuse `form_for` (any object's form) and `register_form_opener` (a dedicated
form for one object in `/sf new`, e.g. the opportunity modal).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.escape import escape_mrkdwn
from bot.salesforce.fields import FieldIndex
from bot.salesforce.object_names import ObjectNotFound, resolve_object
from bot.salesforce.orgview import OrgView
from bot.salesforce.plan import WritePlan
from bot.salesforce.plan import prefill as prefill_values
from bot.salesforce.resolve import find_records
from bot.salesforce.values import ValueProblem
from bot.slack import messages, record_modal
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.slack.grammar import GrammarError, parse_command
from bot.slack.record_modal import FormState, Prefill
from bot.slack.records import context
from bot.writes import ConnectionUnavailable, get_intent

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

FormOpener = Callable[[SlashCommand, OrgView, str], Reply | None]
_OPENERS: dict[str, FormOpener] = {}


def register_form_opener(sobject: str, opener: FormOpener) -> None:
    """Use a dedicated form for one object in `/sf new` (e.g. the opportunity modal)."""
    _OPENERS[sobject] = opener


def form_for(
    view: OrgView, state: FormState, *, prefill: Prefill | None = None, note: str | None = None
) -> View:
    describe = view.describe(state.sobject)
    values = view.record_type_values(describe, state.record_type_id)
    return record_modal.build_form(
        describe, state=state, prefill=prefill, record_type_values=values, note=note
    )


def open_for_plan(command: SlashCommand, view: OrgView, plan: WritePlan) -> bool:
    """Open the form for a create that lacks required fields, with what was typed."""
    if not command.trigger_id:
        return False
    state = FormState(
        sobject=plan.sobject,
        channel_id=command.channel_id,
        connection_id=view.connection_id,
        record_type_id=plan.values.get("RecordTypeId"),
    )
    others = [p for p in plan.problems if p.field not in plan.missing_required]
    note = "\n".join(f"• {p.message}" for p in others) or None
    rt_values = view.record_type_values(plan.describe, state.record_type_id)
    values, names = prefill_values(
        view, describe=plan.describe, typed=plan.typed, record_type_values=rt_values
    )
    prefill_ = Prefill(
        values={**values, **plan.values}, typed=plan.typed, names={**names, **plan.names}
    )
    try:
        command.client.views_open(
            trigger_id=command.trigger_id, view=form_for(view, state, prefill=prefill_, note=note)
        )
    except SlackApiError as error:
        logger.info("views.open failed (%s)", error.response.get("error"))
        return False
    return True


def new(command: SlashCommand) -> Reply | None:
    """The `new` verb: `/sf new contact` opens the form for that object."""
    try:
        parsed = parse_command(command.text)
    except GrammarError as error:
        return notice(error.render())
    if not parsed.object:
        return notice(messages.NEW_USAGE)
    view = context.org_view(
        command.services,
        team_id=command.team_id or "",
        user_id=command.user_id,
        org=parsed.options.get("org"),
    )
    try:
        entry = resolve_object(parsed.object, view.describe_global())
    except ObjectNotFound as error:
        return notice(error.message)
    sobject = str(entry["name"])
    if sobject in _OPENERS:
        return _OPENERS[sobject](command, view, sobject)
    if not entry.get("createable"):
        return notice(messages.CANT_CREATE.format(object=escape_mrkdwn(str(entry["label"]))))
    state = FormState(
        sobject=sobject, channel_id=command.channel_id, connection_id=view.connection_id
    )
    describe = view.describe(sobject)
    index = FieldIndex(describe)
    typed = {
        spec["name"]: value
        for name, value in parsed.field_values().items()
        if (spec := index.find(name)) is not None
    }
    values, names = prefill_values(view, describe=describe, typed=typed)
    prefill = Prefill(values=values, typed=typed, names=names)
    command.client.views_open(
        trigger_id=command.trigger_id, view=form_for(view, state, prefill=prefill)
    )
    return None


def on_edit(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Edit: the form again with what was sent, after Salesforce refused it."""
    ack()
    services: Services = context["services"]
    try:
        original = get_intent(services.sessions, int(json.loads(action["value"])["i"]))
    except (ValueError, KeyError, TypeError):
        original = None
    # The same user id can exist in two workspaces: the write must be this team's too.
    team_id = context.team_id or (body.get("team") or {}).get("id")
    user_id = context.user_id or (body.get("user") or {}).get("id")
    if original is None or (original.team_id, original.slack_user_id) != (team_id, user_id):
        return
    view = _org_view(services, original.team_id, original.slack_user_id, original.connection_id)
    payload = original.payload or {}
    display = payload.get("display") or {}
    state = FormState(
        sobject=original.sobject,
        operation="update" if original.operation == "update" else "create",
        record_id=original.record_id,
        channel_id=original.channel_id,
        connection_id=original.connection_id,
        # The stages offered are the record's own record type's, not the default one's.
        record_type_id=payload.get("record_type_id")
        or (payload.get("fields") or {}).get("RecordTypeId"),
        record_name=display.get("name"),
    )
    prefill = Prefill(values=payload.get("fields") or {}, typed=payload.get("typed") or {})
    form = form_for(view, state, prefill=prefill)
    container = body.get("container") or {}
    if container.get("type") == "view":
        client.views_update(view_id=container["view_id"], view=form)
    else:
        client.views_open(trigger_id=body["trigger_id"], view=form)


def _org_view(services: Services, team_id: str, user_id: str, connection_id: int | None) -> OrgView:
    return context.org_view(services, team_id=team_id, user_id=user_id, connection_id=connection_id)


def on_suggest(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Typeahead of a lookup input: SOSL over the objects the field may point to."""
    services: Services = context["services"]
    options: list[dict[str, Any]] = []
    try:
        state = FormState.load((body.get("view") or {}).get("private_metadata"))
        api = record_modal.field_of(body.get("block_id") or "") or ""
        team_id = (body.get("team") or {}).get("id") or context.team_id or ""
        view = _org_view(
            services, team_id, (body.get("user") or {}).get("id") or "", state.connection_id
        )
        spec = next(f for f in view.describe(state.sobject)["fields"] if f["name"] == api)
        targets = [t for t in spec.get("referenceTo") or [] if t != "Group"]
        found = find_records(view, body.get("value") or "", targets, limit=10, prefix=True)
        for candidate in found[:100]:
            text = candidate.name if len(targets) < 2 else f"{candidate.name} ({candidate.sobject})"
            options.append(
                {"text": {"type": "plain_text", "text": text[:75]}, "value": candidate.record_id}
            )
    except (ValueProblem, StopIteration, ConnectionUnavailable, ValueError) as error:
        logger.info("no suggestions (%s)", type(error).__name__)
    except Exception:
        logger.exception("typeahead failed")
    ack(options=options)
