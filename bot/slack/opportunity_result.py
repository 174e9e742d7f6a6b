"""The reply for a created opportunity (or its undo), posted where the modal was opened from."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.escape import escape_mrkdwn
from bot.salesforce.errors import from_stored
from bot.salesforce.links import record_url
from bot.salesforce.summary import format_currency
from bot.slack import messages, write_results
from bot.slack.blocks import Reply, notice
from bot.store.models import WriteIntent
from bot.writes import NEEDS_CONNECTION, SUCCEEDED

if TYPE_CHECKING:
    from bot.services import Services


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


def _shown_field(name: str, value: Any) -> str:
    if name == "Amount" and isinstance(value, int | float):
        return format_currency(value)
    return str(value)
