"""The opportunity modal: `/sf new opportunity`, the "New Salesforce record" shortcut, and the
"New opportunity" button (account replies, App Home).

This module opens and refreshes the modal and wires its listeners; checking and creating on
submit is `opportunity_submit`, the reply for the created record is `opportunity_result`.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.escape import escape_mrkdwn
from bot.salesforce import picker
from bot.salesforce.convert import picklist_values
from bot.salesforce.opportunities import record_types
from bot.salesforce.orgview import OrgView
from bot.slack import (
    ids,
    messages,
    note_blocks,
    opportunity_result,
    opportunity_submit,
    write_results,
)
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand, find_verb, register_verb
from bot.slack.opportunity_blocks import (
    Draft,
    chooser_modal,
    opportunity_modal,
)
from bot.slack.records import context
from bot.writes import ConnectionUnavailable
from bot.writes.note_operations import OPPORTUNITY

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

OPPORTUNITY_WORDS = frozenset({"opportunity", "opportunities", "opp", "opps", "deal"})


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
    app.view(ids.OPP_MODAL_CALLBACK)(opportunity_submit.on_submit)
    write_results.register_result_renderer(OPPORTUNITY, opportunity_result.render)
