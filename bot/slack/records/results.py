"""How finished record intents (create, update, delete, undelete, and their undos) read in Slack.

Registered with `bot.slack.write_results`; everything a reply shows was stored with the intent
(``payload["display"]``), so rendering needs no Salesforce call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.salesforce.errors import DuplicateRecord, from_stored
from bot.salesforce.links import record_url
from bot.salesforce.plan import shown_value
from bot.slack import messages, record_blocks
from bot.slack.blocks import Reply, notice
from bot.slack.record_blocks import RecordCard
from bot.store.models import WriteIntent
from bot.writes import FAILED, NEEDS_CONNECTION, SUCCEEDED, get_intent

if TYPE_CHECKING:
    from bot.services import Services

RECORD_OPERATIONS = ("create", "update", "delete", "undelete")
VERBS = {"create": "create", "update": "update", "delete": "delete", "undelete": "restore"}
HEADLINES = {
    "create": messages.RECORD_CREATED,
    "update": messages.RECORD_UPDATED,
    "delete": messages.RECORD_DELETED,
    "undelete": messages.RECORD_UNDELETED,
}
UNDO_HEADLINES = {
    "create": messages.UNDONE_CREATE,
    "update": messages.UNDONE_UPDATE,
    "delete": messages.UNDONE_DELETE,
}


def card_for(
    intent: WriteIntent, display: dict[str, Any], *, record_id: str | None = None
) -> RecordCard:
    """The record of an intent, as its display data describes it, with its link."""
    record = record_id or intent.record_id or (intent.result or {}).get("record_id")
    instance_url = display.get("instance_url")
    link = None
    if record and instance_url and intent.operation != "delete":
        link = record_url(instance_url=instance_url, object_name=intent.sobject, record_id=record)
    before = (
        ((intent.before_values or {}).get("fields") or {}) if intent.operation == "update" else {}
    )
    fields: list[tuple[str, str]] = []
    for api, label, shown in display.get("fields") or []:
        if api in before and intent.status == SUCCEEDED:
            shown = f"{shown_value(before[api]) or messages.SHOW_EMPTY} → {shown}"
        fields.append((label, shown))
    return RecordCard(
        object_label=str(display.get("object_label") or intent.sobject),
        name=str(display.get("name") or record or ""),
        link=link,
        fields=fields,
    )


def _labels_describe(display: dict[str, Any]) -> dict[str, Any]:
    labels = display.get("labels") or {}
    return {
        "label": display.get("object_label", ""),
        "fields": [{"name": name, "label": label} for name, label in labels.items()],
    }


def render_record(services: Services, intent: WriteIntent) -> Reply | None:
    """The reply for a finished record intent; None for intents of other features."""
    if intent.undo_of_id is not None:
        return _render_undo(services, intent)
    display = (intent.payload or {}).get("display")
    if not isinstance(display, dict) or display.get("kind", "record") != "record":
        return None
    card = card_for(intent, display)
    verb = VERBS[intent.operation]
    if intent.status == SUCCEEDED:
        return record_blocks.confirmation(
            headline=HEADLINES[intent.operation],
            card=card,
            intent_id=intent.id,
            undo_minutes=services.settings.sfbot_undo_minutes,
        )
    if intent.status == NEEDS_CONNECTION:
        text = messages.WRITE_NEEDS_CONNECTION.format(
            verb=verb, object=card.object_label.lower(), name=record_blocks.record_title(card)
        )
        return notice(text)
    if intent.status == FAILED:
        problem = from_stored(intent.error or {}, describe=_labels_describe(display))
        value = record_blocks.button_value({"i": intent.id})
        can_edit = intent.operation in ("create", "update") and not intent.payload.get("no_edit")
        save_anyway = isinstance(problem, DuplicateRecord) and problem.allow_save
        return record_blocks.failure(
            verb=verb,
            card=card,
            message=problem.message,
            save_anyway_value=value if save_anyway else None,
            edit_value=value if can_edit else None,
        )
    return None


def _render_undo(services: Services, intent: WriteIntent) -> Reply | None:
    original = get_intent(services.sessions, intent.undo_of_id) if intent.undo_of_id else None
    display = (original.payload or {}).get("display") if original is not None else None
    if original is None or not isinstance(display, dict):
        return None
    card = card_for(original, display)
    link = None
    instance_url, record = display.get("instance_url"), original.record_id
    if original.operation != "create" and instance_url and record:  # the record exists again
        link = record_url(instance_url=instance_url, object_name=original.sobject, record_id=record)
    card = RecordCard(object_label=card.object_label, name=card.name, link=link)
    if intent.status == SUCCEEDED:
        return record_blocks.outcome(headline=UNDO_HEADLINES[original.operation], card=card)
    problem = from_stored(intent.error or {}, describe=_labels_describe(display))
    return notice(messages.UNDO_FAILED.format(reason=problem.message))
