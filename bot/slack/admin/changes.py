"""Previewed admin changes: store a draft, confirm or cancel it, and tell how it went.

A command builds the exact list of records to change and stores it as a draft intent
(`bot.writes.drafts`); the preview's Confirm button queues that draft for the write worker,
and the result (with each failure and an Undo button) replaces the preview.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.escape import escape_mrkdwn
from bot.salesforce.admin.changes import ADMIN_UPDATE
from bot.salesforce.errors import from_stored
from bot.salesforce.orgview import OrgView
from bot.slack import messages
from bot.slack.admin import blocks
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.slack.records import context, writing
from bot.slack.records.actions import tell
from bot.slack.requester import requester
from bot.store.models import WriteIntent
from bot.writes import FAILED, FINAL_STATUSES, NEEDS_CONNECTION, SUCCEEDED, get_intent
from bot.writes.drafts import AWAITING, DraftRefused, cancel_draft, confirm_draft, submit_draft
from bot.writes.intents import IdempotencyConflict

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

# A preview older than this is not acted on: the records may have changed since.
PREVIEW_MINUTES = 15


@dataclass(frozen=True)
class Change:
    """A change to preview: the records with their new values, and how to describe it.

    Attributes:
        action: Key of `messages.ADMIN_PREVIEW` / `ADMIN_DONE` / `ADMIN_UNDONE`.
        sobject: The object changed (for the intent row).
        records: ``{"sobject", "id", "name", "fields"}`` per record.
        params: Escaped values for the message templates (user, noun, source, target…).
        lines: One escaped line per record for the preview.
        danger: Whether Confirm is red (locks people out).
    """

    action: str
    sobject: str
    records: list[dict[str, Any]]
    params: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    danger: bool = False


def propose(command: SlashCommand, view: OrgView, change: Change) -> Reply:
    """Store the change as a draft and answer with its preview (a retry shows the same one)."""
    services = command.services
    key = writing.idempotency_key(command)
    total = len(change.records)
    display = {"kind": "admin", "action": change.action, "params": change.params}
    try:
        intent, created = submit_draft(
            services.sessions,
            idempotency_key=f"admin:{key}",
            team_id=command.team_id or "",
            user_id=command.user_id,
            enterprise_id=command.enterprise_id,
            connection_id=view.connection_id,
            org_id=view.org_id,
            sf_user_id=view.sf_user_id,
            operation=ADMIN_UPDATE,
            sobject=change.sobject,
            payload={"records": change.records, "display": display},
            channel_id=command.channel_id,
            response_url=command.response_url,
        )
    except IdempotencyConflict:
        return notice(messages.PICK_STALE)
    if not created and intent.status != AWAITING:
        return writing.reply_for_existing(command, intent)
    params = with_noun({**change.params, "total": str(total)}, total)
    return blocks.preview(
        headline=messages.ADMIN_PREVIEW[change.action].format(**params),
        lines=change.lines,
        total=total,
        intent_id=intent.id,
        confirm_label=messages.ADMIN_CONFIRM_BUTTON[change.action].format(**params),
        danger=change.danger,
        undo_minutes=services.settings.sfbot_undo_minutes,
    )


def with_noun(params: dict[str, str], count: int) -> dict[str, str]:
    """The params with ``noun`` singular or plural for ``count`` (``noun_one``/``noun_many``)."""
    if "noun_many" not in params:
        return params
    return {**params, "noun": params["noun_one"] if count == 1 else params["noun_many"]}


def on_confirm(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    """Confirm: queue the draft once; its result replaces the preview."""
    ack()
    services: Services = context["services"]
    team_id, user_id = requester(body, context)
    try:
        confirm_draft(
            services.sessions,
            intent_id=int(action.get("value") or 0),
            team_id=team_id,
            user_id=user_id,
            max_age_minutes=PREVIEW_MINUTES,
            response_url=body.get("response_url"),
        )
    except DraftRefused as refused:
        _refused(services, body, respond, client, refused)
        return
    tell(body, respond, client, notice(messages.WORKING), replace=True)
    _wake(services)


def on_cancel(
    ack: Ack,
    body: dict[str, Any],
    action: dict[str, Any],
    respond: Respond,
    client: WebClient,
    context: BoltContext,
) -> None:
    """Cancel: the draft will never run."""
    ack()
    services: Services = context["services"]
    team_id, user_id = requester(body, context)
    try:
        cancel_draft(
            services.sessions,
            intent_id=int(action.get("value") or 0),
            team_id=team_id,
            user_id=user_id,
        )
    except DraftRefused as refused:
        _refused(services, body, respond, client, refused)
        return
    tell(body, respond, client, notice(messages.ADMIN_CANCELLED), replace=True)


def _refused(
    services: Services, body: dict[str, Any], respond: Respond, client: WebClient,
    refused: DraftRefused,
) -> None:  # fmt: skip
    intent = refused.intent
    if refused.reason == "confirmed" and intent is not None:  # a second click: show progress
        reply = render(services, intent) if intent.status in FINAL_STATUSES else None
        tell(body, respond, client, reply or notice(messages.STILL_WORKING), replace=True)
        return
    text = messages.ADMIN_DRAFT_REFUSED[refused.reason].format(minutes=PREVIEW_MINUTES)
    tell(body, respond, client, notice(text), replace=refused.reason == "expired")


def _wake(services: Services) -> None:
    context.wake(services)


def _display(services: Services, intent: WriteIntent) -> tuple[dict[str, Any], WriteIntent]:
    """The display of the change (an undo shows its original's) and that original."""
    original = intent
    if intent.undo_of_id is not None:
        found = get_intent(services.sessions, intent.undo_of_id)
        original = found if found is not None else intent
    display = (original.payload or {}).get("display")
    return (display if isinstance(display, dict) else {}), original


def _failure_lines(result: dict[str, Any]) -> list[str]:
    lines = []
    for failed in result.get("failed") or []:
        problem = from_stored({"kind": "salesforce", "status": 400, "errors": failed["errors"]})
        name = escape_mrkdwn(str(failed.get("name") or failed.get("id")))
        lines.append(messages.ADMIN_FAILURE_LINE.format(name=name, reason=problem.message))
    return lines


def render(services: Services, intent: WriteIntent) -> Reply | None:
    """The reply for a finished ``admin_update`` (or its undo); None for other intents."""
    display, original = _display(services, intent)
    if display.get("kind") != "admin":
        return None
    action = str(display.get("action"))
    is_undo = intent.undo_of_id is not None
    if intent.status == NEEDS_CONNECTION:
        return notice(messages.WRITE_WAITING_FOR_CONNECTION)
    if intent.status == FAILED:
        problem = from_stored(intent.error or {})
        template = messages.ADMIN_UNDO_FAILED if is_undo else messages.ADMIN_CHANGE_FAILED
        return notice(template.format(reason=problem.message))
    if intent.status not in (SUCCEEDED, "undone"):
        return None
    result = intent.result or {}
    count, total = int(result.get("updated", 0)), int(result.get("total", 0))
    params = {**(display.get("params") or {}), "count": str(count), "total": str(total)}
    params = with_noun(params, count if is_undo else total)
    failures = _failure_lines(result)
    if not result.get("updated"):
        headline = messages.ADMIN_NOTHING_DONE
    elif is_undo:
        headline = messages.ADMIN_UNDONE[action].format(**params)
    else:
        headline = messages.ADMIN_DONE[action].format(**params)
    undoable = not is_undo and intent.status == SUCCEEDED and bool(result.get("undo_records"))
    return blocks.result(
        headline=headline,
        failures=failures,
        failed_count=len(result.get("failed") or []),
        undo_intent_id=original.id if undoable else None,
        undo_minutes=services.settings.sfbot_undo_minutes,
    )
