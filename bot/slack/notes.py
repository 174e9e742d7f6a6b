"""Notes from Slack: `/sf note <record> <text>` and the "Log as note" message shortcut.

Listeners stay thin: they read the payload, call `bot.salesforce` functions (target lookup,
picker search, note payload) and submit a write intent; `write_results` reports the result.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.escape import escape_mrkdwn
from bot.salesforce import picker
from bot.salesforce.errors import from_stored
from bot.salesforce.links import record_url
from bot.salesforce.mrkdwn_html import (
    first_line,
    from_input,
    label_mentions,
    to_editable,
    to_html,
    to_plain,
)
from bot.salesforce.notes import CLASSIC, MAX_RECORDS, note_kind, note_payload
from bot.slack import ids, intent_submit, messages, note_blocks, people, write_results
from bot.slack.activities import command_view, submit_for_command, target_or_reply
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand, register_verb
from bot.slack.connect import handles_reconnect
from bot.slack.grammar import GrammarError, parse_command
from bot.slack.note_blocks import NoteSource
from bot.slack.records import context, writing
from bot.slack.records.context import org_view
from bot.store.connection_types import UnknownOrg
from bot.store.models import WriteIntent
from bot.writes import FAILED, NEEDS_CONNECTION, SUCCEEDED, ConnectionUnavailable
from bot.writes.note_operations import NOTE

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)


# -- /sf note -----------------------------------------------------------------------------------


def note_command(command: SlashCommand) -> Reply | None:
    """`/sf note <record> <text>`: a note with that text on that record."""
    # Mentions are named first: the grammar shows markup by its label, and so does the note.
    names = people.mention_names(command.client, command.text)
    try:
        parsed = parse_command(label_mentions(command.text, names=names))
    except GrammarError as error:
        return notice(error.render())
    if parsed.target is None or not parsed.text:
        return notice(messages.NOTE_USAGE)
    key = writing.idempotency_key(command)
    view = command_view(command, parsed)
    kind = note_kind(view.describe_global())
    if kind is None:
        return notice(messages.NOTE_NOT_AVAILABLE)
    target = target_or_reply(view, parsed, parsed.target, key)
    if isinstance(target, Reply):
        return target
    mrkdwn = from_input(parsed.text)  # the grammar's text is as shown: unescaped
    payload = note_payload(
        title=first_line(mrkdwn) or target.name,
        body_html=to_html(mrkdwn),
        body_text=to_plain(mrkdwn),
        record_ids=[target.record_id],
        kind=kind,
    )
    payload.update(_display([(target.sobject, target.record_id, target.name)], source="command"))
    submit_for_command(
        command, view, key=f"note:{key}", operation=NOTE, sobject=_sobject(kind), payload=payload
    )
    return notice(messages.NOTE_WORKING)


def _sobject(kind: str) -> str:
    """What the intent (and the audit log) says was written."""
    return "Note" if kind == CLASSIC else "ContentNote"


def _display(records: list[tuple[str, str, str]], *, source: str) -> dict[str, Any]:
    """What the result message shows, kept with the intent (names as picked or found)."""
    return {
        "source": source,
        "objects": {rid: sobject for sobject, rid, _ in records},
        "names": {rid: name for _, rid, name in records},
    }


# -- the "Log as note" shortcut -------------------------------------------------------------------


def open_note_modal(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    """Open the modal for the message the shortcut was used on."""
    ack()
    services: Services = context["services"]
    team_id, user_id = context.team_id or "", context.user_id or ""
    trigger_id = body.get("trigger_id")
    if not _can_use_salesforce(services, team_id=team_id, user_id=user_id):
        view = note_blocks.message_modal(
            title=messages.NOTE_NEEDS_CONNECTION_TITLE, text=messages.NOTE_NEEDS_CONNECTION
        )
        client.views_open(trigger_id=trigger_id, view=view)
        return
    message = body.get("message") or {}
    channel_id = (body.get("channel") or {}).get("id") or context.channel_id
    text = str(message.get("text") or "")
    files = [
        str(f.get("name") or f.get("title"))
        for f in message.get("files") or []
        if f.get("name") or f.get("title")
    ]
    names = people.mention_names(client, text)
    editable = to_editable(text, names=names)
    if files:
        listing = messages.NOTE_FILES.format(names=", ".join(files))
        editable = f"{editable}\n\n{listing}" if editable else listing
    source = NoteSource(
        channel_id=channel_id,
        message_ts=message.get("ts") or body.get("message_ts"),
        response_url=body.get("response_url"),
        permalink=_permalink(client, channel_id, message.get("ts")),
    )
    title = first_line(text, names=names) or (files[0] if files else "")
    view = note_blocks.note_modal(
        title=title, body=editable, source=source, body_cut=len(editable) > note_blocks.INPUT_LIMIT
    )
    client.views_open(trigger_id=trigger_id, view=view)


def _can_use_salesforce(services: Services, *, team_id: str, user_id: str) -> bool:
    connection = services.connections.find(team_id=team_id, user_id=user_id)
    if connection is None:
        return bool(services.salesforce_oauth.integration_configured)
    return not connection.is_broken


def _permalink(client: WebClient, channel_id: str | None, ts: str | None) -> str | None:
    if not channel_id or not ts:
        return None
    try:
        return client.chat_getPermalink(channel=channel_id, message_ts=ts).get("permalink")
    except (SlackApiError, OSError) as error:
        logger.info("chat.getPermalink failed (%s)", type(error).__name__)
        return None


def suggest_records(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """The record picker's typeahead: SOSL across the usual and custom objects, grouped."""
    services: Services = context["services"]
    try:
        org = org_view(services, team_id=context.team_id or "", user_id=context.user_id or "")
        objects = picker.picker_objects(org.describe_global())
        found = picker.search(org.sf, str(body.get("value") or ""), objects=objects)
    except (ConnectionUnavailable, UnknownOrg):
        found = []
    except Exception:  # a typeahead answers something, always; the log has the cause
        logger.exception("record search failed")
        found = []
    ack(**note_blocks.record_options(found))


def submit_note(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    """Check the modal, write the note (waiting briefly), and answer the modal."""
    services: Services = context["services"]
    values = (view.get("state") or {}).get("values") or {}
    source = NoteSource.load(view.get("private_metadata"))
    title = _value(values, ids.NOTE_TITLE_BLOCK, ids.NOTE_TITLE_ACTION) or ""
    raw_body = _value(values, ids.NOTE_BODY_BLOCK, ids.NOTE_BODY_ACTION) or ""
    picked = note_blocks.picked_records(
        (values.get(ids.NOTE_RECORDS_BLOCK) or {})
        .get(ids.NOTE_RECORDS_ACTION, {})
        .get("selected_options")
        or []
    )
    errors = {}
    if not title.strip():
        errors[ids.NOTE_TITLE_BLOCK] = messages.NOTE_TITLE_LABEL + " can't be empty."
    if not picked:
        errors[ids.NOTE_RECORDS_BLOCK] = messages.NOTE_RECORDS_REQUIRED
    elif len(picked) > MAX_RECORDS:
        errors[ids.NOTE_RECORDS_BLOCK] = messages.NOTE_RECORDS_TOO_MANY.format(
            limit=MAX_RECORDS, count=len(picked)
        )
    if errors:
        ack(response_action="errors", errors=errors)
        return
    team_id, user_id = context.team_id or "", context.user_id or ""
    try:
        org = org_view(services, team_id=team_id, user_id=user_id)
        kind = note_kind(org.describe_global())
    except ConnectionUnavailable:
        ack(
            response_action="errors",
            errors={ids.NOTE_RECORDS_BLOCK: messages.NOTE_NEEDS_CONNECTION},
        )
        return
    if kind is None:
        ack(response_action="errors", errors={ids.NOTE_RECORDS_BLOCK: messages.NOTE_NOT_AVAILABLE})
        return
    mrkdwn = from_input(raw_body)
    body_html, body_text = to_html(mrkdwn), to_plain(mrkdwn)
    checked = (values.get(ids.NOTE_LINK_BLOCK) or {}).get(ids.NOTE_LINK_ACTION, {})
    if source.permalink and checked.get("selected_options"):
        href = source.permalink.replace("&", "&amp;").replace('"', "&quot;")
        body_html += f'<p><a href="{href}">{messages.NOTE_PERMALINK}</a></p>'
        body_text += f"\n\n{messages.NOTE_PERMALINK}: {source.permalink}"
    payload = note_payload(
        title=title,
        body_html=body_html,
        body_text=body_text,
        record_ids=[rid for _, rid, _ in picked],
        kind=kind,
    )
    payload.update(_display(picked, source=write_results.MODAL))
    digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]
    intent, _ = intent_submit.submit(
        services,
        org,
        key=f"note:{view.get('id')}:{digest}",
        team_id=team_id,
        user_id=user_id,
        enterprise_id=context.enterprise_id,
        operation=NOTE,
        sobject=_sobject(kind),
        payload=payload,
        channel_id=source.channel_id,
        response_url=source.response_url,
    )
    finished = write_results.wait_or_hand_over(services, intent, view_id=str(view.get("id")))
    _answer_modal(ack, services, finished)


def _answer_modal(ack: Ack, services: Services, finished: WriteIntent | None) -> None:
    if finished is None:
        saving = note_blocks.message_modal(
            title=messages.NOTE_SAVING_TITLE, text=messages.NOTE_SAVING
        )
        ack(response_action="update", view=saving)
        return
    if finished.status == FAILED:
        reason = from_stored(finished.error or {}).message
        field = _failed_block(finished)
        ack(response_action="errors", errors={field: reason[:2000]})
        return
    if finished.status == NEEDS_CONNECTION:
        ack(
            response_action="errors",
            errors={ids.NOTE_RECORDS_BLOCK: messages.WRITE_WAITING_FOR_CONNECTION},
        )
        return
    ack()
    reply = write_results.render(services, finished)
    if reply is not None:
        write_results.deliver(services, finished, reply)


def _failed_block(intent: WriteIntent) -> str:
    fields = {f for e in (intent.error or {}).get("errors", []) for f in e.get("fields") or []}
    if "Title" in fields:
        return ids.NOTE_TITLE_BLOCK
    if "Content" in fields or "Body" in fields:
        return ids.NOTE_BODY_BLOCK
    return ids.NOTE_RECORDS_BLOCK


def _value(values: dict[str, Any], block: str, action: str) -> str | None:
    entry = (values.get(block) or {}).get(action) or {}
    value = entry.get("value")
    return str(value) if value is not None else None


# -- results ------------------------------------------------------------------------------------


def render_note(services: Services, intent: WriteIntent) -> Reply:
    """The message for a finished note (or for its undo)."""
    original = write_results.original_of(services, intent)
    note = original or intent
    payload = note.payload or {}
    title = f"*{escape_mrkdwn(payload.get('title', ''))}*"
    minutes = services.settings.sfbot_undo_minutes
    if original is not None:
        if intent.status == SUCCEEDED:
            return notice(messages.NOTE_UNDONE.format(title=title))
        reason = from_stored(intent.error or {}).message
        return notice(messages.UNDO_FAILED.format(reason=reason))
    if intent.status == NEEDS_CONNECTION:
        return notice(messages.WRITE_WAITING_FOR_CONNECTION)
    if intent.status != SUCCEEDED:
        reason = from_stored(intent.error or {}).message
        return notice(messages.NOTE_FAILED.format(title=title, reason=reason))
    base = write_results.instance_url(services, intent)
    objects, names = payload.get("objects") or {}, payload.get("names") or {}
    links = []
    for rid in payload.get("record_ids") or []:
        name = escape_mrkdwn(names.get(rid) or rid).replace("|", "¦")
        sobject = objects.get(rid)
        if base and sobject:
            url = record_url(instance_url=base, object_name=sobject, record_id=rid)
            links.append(f"<{url}|{name}>")
        else:
            links.append(name)
    template = (
        messages.NOTE_ADDED_CLASSIC if payload.get("kind") == CLASSIC else messages.NOTE_ADDED
    )
    text = template.format(title=title, records=", ".join(links))
    first = (payload.get("record_ids") or [None])[0]
    link = None
    if base and first and objects.get(first):
        link = record_url(instance_url=base, object_name=objects[first], record_id=first)  # noqa: E501
    return write_results.result_reply(
        text=text, link=link, intent_id=intent.id, undo_minutes=minutes
    )  # noqa: E501


def register(app: App) -> None:
    """The verb, the shortcut, the picker's typeahead, the modal submission, the result."""
    register_verb(
        "note",
        handles_reconnect(context.answers_salesforce_errors(note_command)),
        summary="Add a note to a record (or use the *Log as note* message shortcut).",
        usage='/sf note <record> "text"',
        needs_salesforce=True,
    )
    app.shortcut(ids.LOG_AS_NOTE_CALLBACK)(open_note_modal)
    app.options(ids.NOTE_RECORDS_ACTION)(suggest_records)
    app.view(ids.NOTE_MODAL_CALLBACK)(submit_note)
    write_results.register_result_renderer(NOTE, render_note)
