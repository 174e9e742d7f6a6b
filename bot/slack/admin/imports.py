"""`/sf import contacts|leads`: paste CSV in a form, check it, confirm, Undo.

The form's submission reads and checks the CSV (problems on the input itself when nothing can
be imported) and replaces the form with the check: counts of creates, updates and problems.
That plan is stored as a draft intent; submitting the check confirms it for the write worker,
and the result with Undo is posted where the command was typed.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltContext
from slack_sdk.errors import SlackApiError

from bot.escape import escape_mrkdwn
from bot.salesforce.admin.csvio import columns_for
from bot.salesforce.admin.import_ops import ADMIN_IMPORT
from bot.salesforce.admin.imports import CsvProblem, plan_import, read_csv
from bot.salesforce.errors import from_stored
from bot.slack import ids, messages
from bot.slack.admin import blocks, import_blocks
from bot.slack.admin.access import admin_view
from bot.slack.admin.changes import PREVIEW_MINUTES
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.slack.records import context as records_context
from bot.slack.records.context import wake
from bot.slack.requester import requester
from bot.store.models import WriteIntent
from bot.writes import FAILED, NEEDS_CONNECTION, SUCCEEDED, ConnectionUnavailable, get_intent
from bot.writes.drafts import DraftRefused, confirm_draft, submit_draft

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

OBJECTS = {"contact": "Contact", "contacts": "Contact", "lead": "Lead", "leads": "Lead"}


def import_command(command: SlashCommand) -> Reply | None:
    """The `import` verb (admins only): open the paste form."""
    sobject = OBJECTS.get(command.args.strip().casefold())
    if sobject is None:
        return notice(messages.IMPORT_USAGE)
    view = admin_view(command)
    if isinstance(view, Reply):
        return view
    if not command.trigger_id:
        return notice(messages.IMPORT_NO_TRIGGER)
    describe = view.describe(sobject)
    noun = str(describe.get("labelPlural") or sobject).lower()
    metadata = json.dumps(
        {"o": sobject, "ch": command.channel_id, "c": view.connection_id, "k": command.trigger_id}
    )
    form = import_blocks.import_form(
        noun=noun,
        columns=[c for c in columns_for(sobject, describe) if c != "Id"],
        metadata=metadata,
    )
    try:
        command.client.views_open(trigger_id=command.trigger_id, view=form)
    except SlackApiError as error:
        logger.info("views.open failed for an import (%s)", error.response.get("error"))
        return notice(messages.IMPORT_NO_TRIGGER)
    return notice(messages.IMPORT_OPENED)


def on_check(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    """The pasted CSV: errors on the input, or the check that replaces the form."""
    bolt = context
    services: Services = bolt["services"]
    team_id, user_id = requester(body, bolt)
    if user_id not in services.settings.admins:
        refusal = messages.ADMIN_ONLY.format(verb="import", user_id=escape_mrkdwn(user_id))
        ack(response_action="errors", errors={ids.ADMIN_IMPORT_CSV_BLOCK: refusal})
        return
    meta = json.loads(view.get("private_metadata") or "{}")
    sobject = str(meta.get("o"))
    values = (view.get("state") or {}).get("values") or {}
    text = (
        (values.get(ids.ADMIN_IMPORT_CSV_BLOCK) or {}).get(ids.ADMIN_IMPORT_CSV_ACTION) or {}
    ).get("value") or ""
    try:
        org = records_context.org_view(
            services, team_id=team_id, user_id=user_id, connection_id=meta.get("c")
        )
        if org.connection_id is None:  # never the integration user for admin work
            raise ConnectionUnavailable("admin commands need the user's own connection")
        describe = org.describe(sobject)
        rows, problems = read_csv(text, sobject=sobject, describe=describe)
        ctx = records_context.user_context(services, bolt.client, team_id=team_id, user_id=user_id)
        plan = plan_import(org, sobject=sobject, rows=rows, ctx=ctx)
    except CsvProblem as problem:
        ack(response_action="errors", errors={ids.ADMIN_IMPORT_CSV_BLOCK: problem.message})
        return
    except ConnectionUnavailable:
        ack(
            response_action="errors",
            errors={ids.ADMIN_IMPORT_CSV_BLOCK: messages.ADMIN_NEEDS_OWN_CONNECTION},
        )
        return
    plan.problems = sorted(problems + plan.problems)
    if not plan.creates and not plan.updates:
        if plan.problems:
            row, message = plan.problems[0]
            first = messages.IMPORT_PROBLEM_LINE.format(row=row, message=message).lstrip("• ")
            reason = messages.IMPORT_ALL_BAD.format(first=first)
        else:
            reason = messages.IMPORT_NOTHING_CHANGED
        text = messages.IMPORT_NOTHING.format(reason=reason)[:1900]
        ack(response_action="errors", errors={ids.ADMIN_IMPORT_CSV_BLOCK: text})
        return
    noun_many = escape_mrkdwn(str(describe.get("labelPlural") or sobject)).lower()
    intent, _ = submit_draft(
        services.sessions,
        idempotency_key=f"admin-import:{view.get('id')}:{view.get('hash')}",
        team_id=team_id,
        user_id=user_id,
        enterprise_id=bolt.enterprise_id,
        connection_id=org.connection_id,
        org_id=org.org_id,
        sf_user_id=org.sf_user_id,
        operation=ADMIN_IMPORT,
        sobject=sobject,
        payload={
            "sobject": sobject,
            "creates": plan.creates,
            "updates": plan.updates,
            "display": {"kind": "admin_import", "noun": noun_many},
        },
        channel_id=meta.get("ch"),
    )
    check = import_blocks.import_check(
        plan=plan, intent_id=intent.id, undo_minutes=services.settings.sfbot_undo_minutes
    )
    ack(response_action="update", view=check)


def on_confirm(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    """Import confirmed: queue the draft, and say where the result will appear."""
    services: Services = context["services"]
    team_id, user_id = requester(body, context)
    try:
        confirm_draft(
            services.sessions,
            intent_id=int(view.get("private_metadata") or 0),
            team_id=team_id,
            user_id=user_id,
            max_age_minutes=PREVIEW_MINUTES,
        )
    except (DraftRefused, ValueError) as refused:
        reason = getattr(refused, "reason", "not_found")
        text = (
            messages.IMPORT_EXPIRED.format(minutes=PREVIEW_MINUTES)
            if reason == "expired"
            else messages.ADMIN_DRAFT_REFUSED.get(reason, messages.STILL_WORKING)
        )
        title = messages.IMPORT_STARTED_TITLE
        ack(response_action="update", view=import_blocks.message_view(title=title, text=text))
        return
    ack(
        response_action="update",
        view=import_blocks.message_view(
            title=messages.IMPORT_STARTED_TITLE, text=messages.IMPORT_STARTED
        ),
    )
    wake(services)


def _failures(result: dict[str, Any]) -> list[str]:
    lines = []
    for failed in result.get("failed") or []:
        problem = from_stored({"kind": "salesforce", "status": 400, "errors": failed["errors"]})
        lines.append(
            messages.IMPORT_FAILURE_LINE.format(
                row=failed.get("row", "?"),
                name=escape_mrkdwn(str(failed.get("name") or "")),
                reason=problem.message,
            )
        )
    return lines


def render(services: Services, intent: WriteIntent) -> Reply | None:
    """How an import, or its undo, went."""
    original = intent
    if intent.undo_of_id is not None:
        original = get_intent(services.sessions, intent.undo_of_id) or intent
    display = (original.payload or {}).get("display") or {}
    if display.get("kind") != "admin_import":
        return None
    if intent.status == NEEDS_CONNECTION:
        return notice(messages.WRITE_WAITING_FOR_CONNECTION)
    if intent.status == FAILED:
        problem = from_stored(intent.error or {})
        template = messages.ADMIN_UNDO_FAILED if intent.undo_of_id else messages.ADMIN_CHANGE_FAILED
        return notice(template.format(reason=problem.message))
    if intent.status not in (SUCCEEDED, "undone"):
        return None
    result = intent.result or {}
    noun = str(display.get("noun") or "records")
    if intent.undo_of_id is not None:
        headline = messages.IMPORT_UNDONE.format(
            deleted=result.get("deleted", 0), updated=result.get("updated", 0), noun=noun
        )
    elif not result.get("created") and not result.get("updated"):
        headline = messages.ADMIN_NOTHING_DONE
    else:
        headline = messages.IMPORT_DONE.format(
            noun=noun, created=result.get("created", 0), updated=result.get("updated", 0)
        )
    undoable = intent.undo_of_id is None and intent.status == SUCCEEDED
    return blocks.result(
        headline=headline,
        failures=_failures(result),
        failed_count=len(result.get("failed") or []),
        undo_intent_id=intent.id if undoable and result.get("undo_records") else None,
        undo_minutes=services.settings.sfbot_undo_minutes,
    )
