"""The record form in Slack: open it (`/sf new`, a create missing fields, Edit), answer its
typeaheads, and save it.

A submission is checked before anything is written (`response_action: errors` on the right
input). The write then gets about two seconds, so that a Salesforce refusal (a validation rule on
a field) also lands on its input while the form is still open; after that the form shows
"Saving…" and the result replaces it (views.update) when it arrives.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View

from bot.escape import escape_mrkdwn
from bot.salesforce.errors import from_stored
from bot.salesforce.fields import FieldIndex
from bot.salesforce.orgview import OrgView
from bot.salesforce.plan import WritePlan, plan_write
from bot.salesforce.plan import prefill as prefill_values
from bot.salesforce.resolve import ObjectNotFound, find_records, resolve_object
from bot.salesforce.values import ValueProblem
from bot.slack import messages, record_modal
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.slack.grammar import GrammarError, parse_command
from bot.slack.record_modal import FormState, Prefill
from bot.slack.records import context
from bot.slack.records.results import render_record
from bot.slack.write_results import HANDLED, render
from bot.store.models import WriteIntent
from bot.writes import FAILED, ConnectionUnavailable, get_intent

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

SAVE_BUDGET = 2.0  # seconds of Slack's 3 spent waiting for Salesforce before "Saving…"
LATE_RESULT_WAIT = 60.0
FormOpener = Callable[[SlashCommand, OrgView, str], Reply | None]
_OPENERS: dict[str, FormOpener] = {}


def register_form_opener(sobject: str, opener: FormOpener) -> None:
    """Use a dedicated form for one object in `/sf new` (e.g. the opportunity modal)."""
    _OPENERS[sobject] = opener


def _title(describe: dict[str, Any], state: FormState) -> str:
    template = messages.MODAL_TITLE if state.operation == "create" else messages.MODAL_EDIT_TITLE
    return template.format(object=str(describe.get("label") or state.sobject))


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
    user_id = (body.get("user") or {}).get("id")
    if original is None or original.slack_user_id != user_id:
        return
    view = _org_view(services, original.team_id, original.slack_user_id, original.connection_id)
    payload = original.payload or {}
    display = payload.get("display") or {}
    state = FormState(
        sobject=original.sobject,
        operation=original.operation,
        record_id=original.record_id,
        channel_id=original.channel_id,
        connection_id=original.connection_id,
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


def _key(view: dict[str, Any], fields: dict[str, str]) -> str:
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:16]
    return f"view:{view['id']}:{digest}"


def on_submit(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Save the form: check, write within the budget, answer on the form."""
    services: Services = context["services"]
    state = FormState.load(view.get("private_metadata"))
    typed, lookups = record_modal.submitted_values((view.get("state") or {}).get("values") or {})
    blocks = [
        b["block_id"]
        for b in view.get("blocks", [])
        if record_modal.field_of(b.get("block_id", ""))
    ]  # noqa: E501
    team_id = (body.get("team") or {}).get("id") or context.team_id or ""
    user_id = (body.get("user") or {}).get("id") or context.user_id or ""
    try:
        org = _org_view(services, team_id, user_id, state.connection_id)
    except ConnectionUnavailable:
        ack(response_action="errors", errors={blocks[0]: messages.WHOAMI_NONE} if blocks else {})
        return
    ctx = context_user(services, client, team_id, user_id)
    fields = {**typed, **{api: record for api, (record, _name) in lookups.items()}}
    plan = plan_write(
        org,
        sobject=state.sobject,
        operation=state.operation,
        fields=fields,
        ctx=ctx,
        record_type_id=state.record_type_id,
        resolved={api: record for api, (record, _n) in lookups.items()},
    )
    plan.names.update({api: name for api, (_record, name) in lookups.items()})
    if plan.problems:
        ack(
            response_action="errors", errors=record_modal.input_errors(plan.problems, blocks=blocks)
        )
        return
    intent, created = context_submit(
        services,
        org,
        plan,
        state,
        view,
        fields,
        team_id,
        user_id,
        enterprise_id=context.enterprise_id,
    )
    if created:
        services.write_queue.wake()
    title = _title(plan.describe, state)
    finished = services.write_queue.wait_for_result(intent.id, SAVE_BUDGET)
    if finished is None:
        ack(response_action="update", view=record_modal.saving_view(title=title))
        _deliver_later(services, client, intent.id, view["id"], title)
        return
    errors = _field_errors(finished, plan, blocks)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    reply = render(services, finished) or notice(messages.STILL_WORKING)
    ack(response_action="update", view=record_modal.result_view(reply, title=title))


def context_user(services: Services, client: WebClient, team_id: str, user_id: str) -> Any:
    return context.user_context(services, client, team_id=team_id, user_id=user_id)


def context_submit(
    services: Services,
    org: OrgView,
    plan: WritePlan,
    state: FormState,
    view: dict[str, Any],
    fields: dict[str, str],
    team_id: str,
    user_id: str,
    *,
    enterprise_id: str | None,
) -> tuple[WriteIntent, bool]:
    display = plan.display(instance_url=org.instance_url, record_name=state.record_name)
    display["submitted_at_budget"] = SAVE_BUDGET
    return context.submit(
        services,
        org,
        key=_key(view, fields),
        team_id=team_id,
        user_id=user_id,
        enterprise_id=enterprise_id,
        operation=plan.operation,
        sobject=plan.sobject,
        payload={"fields": plan.values, "display": display, "typed": plan.typed},
        record_id=state.record_id,
        channel_id=state.channel_id,
        view_id=view["id"],
    )


def _field_errors(intent: WriteIntent, plan: WritePlan, blocks: list[str]) -> dict[str, str]:
    """A Salesforce refusal that names fields of the form, as errors on those inputs."""
    if intent.status != FAILED:
        return {}
    problem = from_stored(intent.error or {}, describe=plan.describe)
    present = set(blocks)
    errors = {
        record_modal.block_id(api): record_modal.input_errors(
            [_Named(api, message)], blocks=blocks
        )[record_modal.block_id(api)]
        for api, message in problem.field_messages().items()
        if record_modal.block_id(api) in present
    }
    return errors


class _Named:
    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message


def _deliver_later(
    services: Services, client: WebClient, intent_id: int, view_id: str, title: str
) -> None:
    """After "Saving…", put the result on the form when it arrives (this process waits)."""

    def wait_and_update() -> None:
        finished = services.write_queue.wait_for_result(intent_id, LATE_RESULT_WAIT)
        if finished is None:
            return
        reply = render(services, finished)
        if reply is None:
            return
        try:
            client.views_update(view_id=view_id, view=record_modal.result_view(reply, title=title))
        except SlackApiError as error:
            logger.info("views.update of a saved form failed (%s)", error.response.get("error"))

    threading.Thread(target=wait_and_update, name=f"form-result-{intent_id}", daemon=True).start()


def view_renderer(services: Services, intent: WriteIntent, reply: Reply) -> View | str | None:
    """Results for forms: a submission waits for its own result (answered by its request);
    anything else shown in a form (Undo, Save anyway, a late result) replaces that form."""
    if render_record(services, intent) is None:
        return None
    display = (intent.payload or {}).get("display") or {}
    created, completed = intent.created_at, intent.completed_at
    if "submitted_at_budget" in display and created is not None and completed is not None:
        elapsed = (completed.replace(tzinfo=None) - created.replace(tzinfo=None)).total_seconds()
        if elapsed <= LATE_RESULT_WAIT:
            return HANDLED
    original = get_intent(services.sessions, intent.undo_of_id) if intent.undo_of_id else intent
    label = (
        ((original.payload or {}).get("display") or {}).get("object_label") if original else None
    )
    return record_modal.result_view(reply, title=str(label or intent.sobject))
