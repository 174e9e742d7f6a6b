"""Submitting the opportunity modal: check every typed value, then create through a write intent.

Every check runs before any write: the typed values go through `check_write` with the record
type's own picklists, and a problem comes back on the input it concerns
(``response_action: errors``). The write (opportunity + contact roles, all or none) is then a
write intent like any other; Salesforce's own refusal also lands on the right input.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.salesforce.convert import ReferenceToResolve
from bot.salesforce.errors import from_stored
from bot.salesforce.opportunities import opportunity_payload
from bot.salesforce.validate import check_write
from bot.slack import ids, intent_submit, messages, note_blocks, write_results
from bot.slack.opportunity_blocks import Draft, stage_block_id
from bot.slack.records.context import org_view, user_context
from bot.store.models import WriteIntent
from bot.writes import FAILED, NEEDS_CONNECTION
from bot.writes.note_operations import OPPORTUNITY

if TYPE_CHECKING:
    from bot.services import Services

FIELD_BLOCKS = {
    "Name": ids.OPP_NAME_BLOCK,
    "AccountId": ids.OPP_ACCOUNT_BLOCK,
    "Amount": ids.OPP_AMOUNT_BLOCK,
    "CloseDate": ids.OPP_CLOSE_BLOCK,
    "NextStep": ids.OPP_NEXT_STEP_BLOCK,
    "RecordTypeId": ids.OPP_RECORD_TYPE_BLOCK,
}


def on_submit(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:  # noqa: E501
    """Check everything, then create (waiting briefly so Salesforce's answer lands here too)."""
    services: Services = context["services"]
    team_id, user_id = context.team_id or "", context.user_id or ""
    draft = Draft.from_view(view)
    org = org_view(services, team_id=team_id, user_id=user_id)
    describe = org.describe("Opportunity")
    typed = {
        "Name": draft.name or "",
        "CloseDate": draft.close_date or "",
        "StageName": draft.stage or "",
    }
    for name, value in (
        ("Amount", draft.amount),
        ("NextStep", draft.next_step),
        ("RecordTypeId", draft.record_type_id),
    ):
        if value:
            typed[name] = value
    if draft.account:
        typed["AccountId"] = draft.account[0]
    allowed = org.record_type_values(describe, draft.record_type_id) if draft.record_type_id else {}  # noqa: E501
    user = user_context(services, client, team_id=team_id, user_id=user_id)
    check = check_write(
        describe=describe,
        operation="create",
        fields=typed,
        ctx=user,
        record_type_values=allowed,
        key_prefixes=org.key_prefixes(),
    )
    errors = _errors_by_block(check.problems, draft)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    values = dict(check.values)
    for ref in check.references:
        if isinstance(ref, ReferenceToResolve) and ref.record_id:
            values[ref.field] = ref.record_id
    payload = opportunity_payload(
        fields=values, contact_ids=[c for c, _ in draft.contacts], role=draft.role
    )
    payload.update(
        source=write_results.MODAL,
        account=draft.account[1] if draft.account else None,
        home=draft.home,
    )
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    intent, _ = intent_submit.submit(
        services,
        org,
        key=f"opp:{view.get('id')}:{digest[:16]}",
        team_id=team_id,
        user_id=user_id,
        enterprise_id=context.enterprise_id,
        operation=OPPORTUNITY,
        sobject="Opportunity",
        payload=payload,
        channel_id=draft.channel_id,
        response_url=draft.response_url,
    )
    finished = write_results.wait_or_hand_over(services, intent, view_id=str(view.get("id")))
    _answer(ack, services, client, finished, draft)


def _errors_by_block(problems: list[Any], draft: Draft) -> dict[str, str]:
    errors: dict[str, str] = {}
    for problem in problems:
        block = FIELD_BLOCKS.get(problem.field)
        if problem.field == "StageName":
            block = stage_block_id(draft.record_type_id)
        block = block or ids.OPP_NAME_BLOCK
        line = problem.message
        if problem.valid_values and "Valid" not in line:
            line += " Valid: " + ", ".join(problem.valid_values[:10])
        errors[block] = (errors[block] + " " + line) if block in errors else line
    return {block: text[:2000] for block, text in errors.items()}


def _answer(
    ack: Ack, services: Services, client: WebClient, finished: WriteIntent | None, draft: Draft
) -> None:
    if finished is None:
        ack(
            response_action="update",
            view=note_blocks.message_modal(
                title=messages.NOTE_SAVING_TITLE, text=messages.OPP_SAVING
            ),
        )
        return
    if finished.status == FAILED:
        problem = from_stored(finished.error or {})
        errors: dict[str, str] = {}
        for field, message in problem.field_messages().items():
            block = FIELD_BLOCKS.get(field) or (
                stage_block_id(draft.record_type_id) if field == "StageName" else None
            )
            if block:
                errors.setdefault(block, message[:2000])
        ack(response_action="errors", errors=errors or {ids.OPP_NAME_BLOCK: problem.message[:2000]})  # noqa: E501
        return
    if finished.status == NEEDS_CONNECTION:
        ack(
            response_action="errors",
            errors={ids.OPP_NAME_BLOCK: messages.WRITE_WAITING_FOR_CONNECTION},
        )
        return
    ack()
    if draft.home:
        from bot.slack import home

        home.publish(services, client, team_id=finished.team_id, user_id=finished.slack_user_id)
        return
    reply = write_results.render(services, finished)
    if reply is not None:
        write_results.deliver(services, finished, reply)
