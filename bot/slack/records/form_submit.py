"""Saving the record form: check, write within a budget, answer on the form.

A submission is checked before anything is written (`response_action: errors` on the right
input). The write then gets about two seconds, so that a Salesforce refusal naming a field (a
validation rule) also lands on its input while the form is open; after that the form shows
"Saving…" and the result replaces it (views.update) when it arrives.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.models.views import View

from bot.salesforce.errors import from_stored
from bot.salesforce.orgview import OrgView
from bot.salesforce.plan import WritePlan, plan_write
from bot.slack import messages, record_modal
from bot.slack.blocks import Reply, notice
from bot.slack.record_modal import FormState
from bot.slack.record_modal_input import input_errors, submitted_values
from bot.slack.records import context
from bot.slack.records.results import render_record
from bot.slack.write_results import MODAL, render, wait_or_hand_over
from bot.store.models import WriteIntent
from bot.writes import FAILED, ConnectionUnavailable, get_intent

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)


def _title(describe: dict[str, Any], state: FormState) -> str:
    template = messages.MODAL_TITLE if state.operation == "create" else messages.MODAL_EDIT_TITLE
    return template.format(object=str(describe.get("label") or state.sobject))


def _org_view(services: Services, team_id: str, user_id: str, connection_id: int | None) -> OrgView:
    return context.org_view(services, team_id=team_id, user_id=user_id, connection_id=connection_id)


def _key(view: dict[str, Any], fields: dict[str, str]) -> str:
    digest = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:16]
    return f"view:{view['id']}:{digest}"


def on_submit(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Save the form: check, write within the budget, answer on the form."""
    services: Services = context["services"]
    state = FormState.load(view.get("private_metadata"))
    typed, lookups = submitted_values((view.get("state") or {}).get("values") or {})
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
        ack(response_action="errors", errors=input_errors(plan.problems, blocks=blocks))
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
    finished = wait_or_hand_over(services, intent, view_id=view["id"])
    if finished is None:  # the completion listener puts the result on this form
        ack(response_action="update", view=record_modal.saving_view(title=title))
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
    display["form_title"] = _title(plan.describe, state)
    return context.submit(
        services,
        org,
        key=_key(view, fields),
        team_id=team_id,
        user_id=user_id,
        enterprise_id=enterprise_id,
        operation=plan.operation,
        sobject=plan.sobject,
        payload={**plan.intent_payload(display), "source": MODAL},
        record_id=state.record_id,
        channel_id=state.channel_id,
    )


def _field_errors(intent: WriteIntent, plan: WritePlan, blocks: list[str]) -> dict[str, str]:
    """A Salesforce refusal that names fields of the form, as errors on those inputs."""
    if intent.status != FAILED:
        return {}
    problem = from_stored(intent.error or {}, describe=plan.describe)
    present = set(blocks)
    errors = {
        record_modal.block_id(api): input_errors([_Named(api, message)], blocks=blocks)[
            record_modal.block_id(api)
        ]
        for api, message in problem.field_messages().items()
        if record_modal.block_id(api) in present
    }
    return errors


class _Named:
    def __init__(self, field: str, message: str) -> None:
        self.field, self.message = field, message


def view_renderer(services: Services, intent: WriteIntent, reply: Reply) -> View | None:
    """A record result (a late save, Undo, Save anyway) replaces the form it belongs to."""
    if render_record(services, intent) is None:
        return None
    original = get_intent(services.sessions, intent.undo_of_id) if intent.undo_of_id else intent
    display = ((original.payload or {}).get("display") or {}) if original else {}
    title = display.get("form_title") or display.get("object_label") or intent.sobject
    return record_modal.result_view(reply, title=str(title))
