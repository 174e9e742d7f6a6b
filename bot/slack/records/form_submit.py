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
import threading
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
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
from bot.slack.write_results import HANDLED, render
from bot.store.models import WriteIntent
from bot.writes import FAILED, ConnectionUnavailable, get_intent

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

SAVE_BUDGET = 2.0  # seconds of Slack's 3 spent waiting for Salesforce before "Saving…"
LATE_RESULT_WAIT = 60.0


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
        payload=plan.intent_payload(display),
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
