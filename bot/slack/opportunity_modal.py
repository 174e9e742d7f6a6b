"""The opportunity modal: `/sf new opportunity`, the "New Salesforce record" shortcut, and the
"New opportunity" button (account replies, App Home).

Every check runs before any write: the typed values go through `check_write` with the record
type's own picklists, and a problem comes back on the input it concerns
(``response_action: errors``). The write (opportunity + contact roles, all or none) is then a
write intent like any other; Salesforce's own refusal also lands on the right input.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.escape import escape_mrkdwn
from bot.salesforce import picker
from bot.salesforce.convert import ReferenceToResolve, picklist_values
from bot.salesforce.errors import from_stored
from bot.salesforce.links import record_url
from bot.salesforce.opportunities import opportunity_payload, record_types
from bot.salesforce.orgview import OrgView
from bot.salesforce.summary import format_currency
from bot.salesforce.validate import check_write
from bot.slack import ids, intent_submit, messages, note_blocks, write_results
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand, find_verb, register_verb
from bot.slack.opportunity_blocks import (
    Draft,
    chooser_modal,
    opportunity_modal,
    stage_block_id,
)
from bot.slack.records import context
from bot.store.models import WriteIntent
from bot.writes import FAILED, NEEDS_CONNECTION, SUCCEEDED, ConnectionUnavailable
from bot.writes.note_operations import OPPORTUNITY

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

OPPORTUNITY_WORDS = frozenset({"opportunity", "opportunities", "opp", "opps", "deal"})
FIELD_BLOCKS = {
    "Name": ids.OPP_NAME_BLOCK,
    "AccountId": ids.OPP_ACCOUNT_BLOCK,
    "Amount": ids.OPP_AMOUNT_BLOCK,
    "CloseDate": ids.OPP_CLOSE_BLOCK,
    "NextStep": ids.OPP_NEXT_STEP_BLOCK,
    "RecordTypeId": ids.OPP_RECORD_TYPE_BLOCK,
}


def _view(services: Services, *, team_id: str, user_id: str) -> OrgView:
    return context.org_view(services, team_id=team_id, user_id=user_id)


def build_modal(view: OrgView, draft: Draft) -> Any:
    """The modal for this user's org: their record types, that process's stages, the roles."""
    describe = view.describe("Opportunity")
    types = record_types(describe)
    if types and draft.record_type_id not in {rt.record_type_id for rt in types}:
        draft.record_type_id = types[0].record_type_id
    allowed = view.record_type_values(describe, draft.record_type_id) if types else {}
    stage_spec: dict[str, Any] = next(
        (f for f in describe["fields"] if f["name"] == "StageName"), {}
    )
    stages = allowed.get("StageName") or picklist_values(stage_spec)
    try:
        role_spec: dict[str, Any] = next(
            (f for f in view.describe("OpportunityContactRole")["fields"] if f["name"] == "Role"),
            {},
        )
        roles = picklist_values(role_spec)
    except Exception:  # no access to contact roles: the modal just leaves the role out
        roles = []
    return opportunity_modal(draft, record_types=types, stages=stages, roles=roles)


def open_modal(
    services: Services,
    client: WebClient,
    *,
    trigger_id: str,
    team_id: str,
    user_id: str,
    draft: Draft,
) -> None:
    """Open the opportunity modal (or tell the user to connect first)."""
    try:
        view = build_modal(_view(services, team_id=team_id, user_id=user_id), draft)
    except ConnectionUnavailable:
        view = note_blocks.message_modal(
            title=messages.NOTE_NEEDS_CONNECTION_TITLE, text=messages.NOTE_NEEDS_CONNECTION
        )
    client.views_open(trigger_id=trigger_id, view=view)


def open_for_command(command: SlashCommand) -> Reply | None:
    """`/sf new opportunity`: the modal, with the result reported where the command was typed."""
    draft = Draft(channel_id=command.channel_id, response_url=command.response_url)
    open_modal(
        command.services,
        command.client,
        trigger_id=command.trigger_id or "",
        team_id=command.team_id or "",
        user_id=command.user_id,
        draft=draft,
    )
    command.ack()
    return None


def new_command(command: SlashCommand) -> Reply | None:
    """`/sf new <object>` where no generic record form is registered: opportunity only."""
    word = (command.args.split() or [""])[0].casefold()
    if word in OPPORTUNITY_WORDS or not word:
        return open_for_command(command)
    return notice(
        messages.NEW_RECORD_OTHER.format(object=escape_mrkdwn(word), command=escape_mrkdwn(word))
    )  # noqa: E501


# -- listeners ----------------------------------------------------------------------------------


def on_global_shortcut(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:  # noqa: E501
    """ "New Salesforce record": choose the kind of record first (opportunity preselected)."""
    ack()
    client.views_open(trigger_id=body.get("trigger_id"), view=chooser_modal(metadata="{}"))


def on_choose_object(
    ack: Ack, view: dict[str, Any], body: dict[str, Any], context: BoltContext
) -> None:  # noqa: E501
    values = (view.get("state") or {}).get("values") or {}
    entry = (values.get(ids.NEW_RECORD_OBJECT_BLOCK) or {}).get(ids.NEW_RECORD_OBJECT_ACTION) or {}
    chosen = (entry.get("selected_option") or {}).get("value") or "Opportunity"
    services: Services = context["services"]
    if chosen != "Opportunity":
        ack(response_action="update", view=generic_form(services, context, chosen))
        return
    try:
        modal = build_modal(
            _view(services, team_id=context.team_id or "", user_id=context.user_id or ""), Draft()
        )
    except ConnectionUnavailable:
        modal = note_blocks.message_modal(
            title=messages.NOTE_NEEDS_CONNECTION_TITLE, text=messages.NOTE_NEEDS_CONNECTION
        )
    ack(response_action="update", view=modal)


def generic_form(services: Services, context: BoltContext, sobject: str) -> Any:
    """The records feature's generic form for any other object (or how to get one)."""
    from bot.slack.record_modal import FormState
    from bot.slack.records.modal import form_for

    try:
        view = _view(services, team_id=context.team_id or "", user_id=context.user_id or "")
        return form_for(view, FormState(sobject=sobject, connection_id=view.connection_id))
    except ConnectionUnavailable:
        return note_blocks.message_modal(
            title=messages.NOTE_NEEDS_CONNECTION_TITLE, text=messages.NOTE_NEEDS_CONNECTION
        )


def _opener(command: SlashCommand, view: OrgView, sobject: str) -> Reply | None:
    del view, sobject
    return open_for_command(command)


def on_new_opportunity_button(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:  # noqa: E501
    """The "New opportunity" button: on an account reply (pre-filled) or in the App Home."""
    ack()
    try:
        data = json.loads(action.get("value") or "{}")
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    container = body.get("container") or {}
    draft = Draft(
        account=(data["a"], str(data.get("n") or data["a"])) if data.get("a") else None,
        channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
        response_url=body.get("response_url"),
        home=(body.get("view") or {}).get("type") == "home",
    )
    open_modal(
        context["services"],
        client,
        trigger_id=body.get("trigger_id") or "",
        team_id=context.team_id or "",
        user_id=context.user_id or "",
        draft=draft,
    )


def on_record_type(
    ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:  # noqa: E501
    """A new record type: the same modal with that process's stages, entered values kept."""
    ack()
    current = body.get("view") or {}
    draft = Draft.from_view(current)
    draft.record_type_id = (action.get("selected_option") or {}).get("value")
    services: Services = context["services"]
    modal = build_modal(
        _view(services, team_id=context.team_id or "", user_id=context.user_id or ""), draft
    )
    client.views_update(view_id=current.get("id"), hash=current.get("hash"), view=modal)


def _suggest(sobject: str, label: str) -> Any:
    def suggest(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        services: Services = context["services"]
        try:
            view = _view(services, team_id=context.team_id or "", user_id=context.user_id or "")
            found = picker.search(view.sf, str(body.get("value") or ""), objects=[(sobject, label)])
        except ConnectionUnavailable:
            found = []
        except Exception:  # a typeahead always answers; the log has the cause
            logger.exception("%s search failed", sobject)
            found = []
        options = [
            {
                "text": {"type": "plain_text", "text": note_blocks.option_text(f)},
                "value": f.record_id,
            }  # noqa: E501
            for f in found
        ]
        ack(options=options)

    return suggest


def on_submit(
    ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, context: BoltContext
) -> None:  # noqa: E501
    """Check everything, then create (waiting briefly so Salesforce's answer lands here too)."""
    services: Services = context["services"]
    team_id, user_id = context.team_id or "", context.user_id or ""
    draft = Draft.from_view(view)
    org = _view(services, team_id=team_id, user_id=user_id)
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
    user = context_user(services, client, team_id=team_id, user_id=user_id)
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


def context_user(services: Services, client: WebClient, *, team_id: str, user_id: str) -> Any:
    return context.user_context(services, client, team_id=team_id, user_id=user_id)


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


# -- results ------------------------------------------------------------------------------------


def render(services: Services, intent: WriteIntent) -> Reply:
    """The message for a created opportunity (or its undo)."""
    original = write_results.original_of(services, intent)
    done = original or intent
    payload = done.payload or {}
    fields = payload.get("fields") or {}
    name = escape_mrkdwn(str(fields.get("Name") or "")).replace("|", "¦")
    base = write_results.instance_url(services, done)
    link = None
    if base and done.record_id:
        link = record_url(instance_url=base, object_name="Opportunity", record_id=done.record_id)
    shown = f"*<{link}|{name}>*" if link else f"*{name}*"
    if original is not None:
        if intent.status == SUCCEEDED:
            return notice(messages.OPP_UNDONE.format(name=shown))
        reason = from_stored(intent.error or {}).message
        return notice(messages.UNDO_FAILED.format(reason=reason))
    if intent.status == NEEDS_CONNECTION:
        return notice(messages.WRITE_WAITING_FOR_CONNECTION)
    if intent.status != SUCCEEDED:
        reason = from_stored(intent.error or {}).message
        return notice(messages.OPP_FAILED.format(name=shown, reason=reason))
    shown_keys = ("StageName", "Amount", "CloseDate")
    parts = [_shown_field(k, fields[k]) for k in shown_keys if fields.get(k)]
    details = f" ({escape_mrkdwn(' · '.join(parts))})" if parts else ""
    count = len(payload.get("contacts") or [])
    if count:
        details += messages.OPP_WITH_ROLES.format(count=count)
    return write_results.result_reply(
        text=messages.OPP_CREATED.format(name=shown, details=details),
        link=link,
        intent_id=intent.id,
        undo_minutes=services.settings.sfbot_undo_minutes,
    )


def register(app: App) -> None:
    """The shortcut, the modal's actions, typeaheads and submission; `/sf new` if unclaimed."""
    from bot.slack.records.modal import register_form_opener

    register_form_opener("Opportunity", _opener)  # `/sf new opportunity` opens this modal
    if find_verb("new") is None:  # the records feature's generic form takes `new` when present
        register_verb(
            "new",
            new_command,
            summary="Open a form to create a record (opportunity).",
            usage="/sf new opportunity",
            needs_salesforce=True,
        )
    app.shortcut(ids.NEW_RECORD_CALLBACK)(on_global_shortcut)
    app.view(ids.NEW_RECORD_CHOOSER_CALLBACK)(on_choose_object)
    app.action(ids.NEW_OPPORTUNITY_ACTION)(on_new_opportunity_button)
    app.action(ids.OPP_RECORD_TYPE_ACTION)(on_record_type)
    app.options(ids.OPP_ACCOUNT_ACTION)(_suggest("Account", "Accounts"))
    app.options(ids.OPP_CONTACTS_ACTION)(_suggest("Contact", "Contacts"))
    app.view(ids.OPP_MODAL_CALLBACK)(on_submit)
    write_results.register_result_renderer(OPPORTUNITY, render)


def _shown_field(name: str, value: Any) -> str:
    if name == "Amount" and isinstance(value, int | float):
        return format_currency(value)
    return str(value)
