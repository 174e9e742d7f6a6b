"""The App Home: connection status, quick actions, the user's last 10 writes with Undo, and
configuration health for admins (SFBOT_ADMINS). Published on ``app_home_opened`` and after
changes made from it."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View
from sqlalchemy import func, select

from bot.doctor import check_configuration
from bot.salesforce import activities, picker
from bot.salesforce.errors import from_stored
from bot.salesforce.links import record_url
from bot.slack import ids, intent_submit, messages, note_blocks, write_results
from bot.slack.connect_blocks import org_label
from bot.slack.home_blocks import ConnectionLine, WriteLine, call_modal, home_view
from bot.slack.records.context import org_view
from bot.store.migrate import current_revision
from bot.store.models import WriteIntent
from bot.writes import FAILED, PENDING, SUCCEEDED, ConnectionUnavailable
from bot.writes.intents import as_utc, utcnow
from bot.writes.note_operations import ACTIVITY
from bot.writes.undo import UNDO_OPERATIONS

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

RECENT = 10


def recent_writes(services: Services, *, team_id: str, user_id: str) -> list[WriteIntent]:
    """The user's last writes (undos are shown on the write they undid)."""
    with services.sessions() as session:
        rows = session.scalars(
            select(WriteIntent)
            .where(
                WriteIntent.team_id == team_id,
                WriteIntent.slack_user_id == user_id,
                WriteIntent.undo_of_id.is_(None),
            )
            .order_by(WriteIntent.id.desc())
            .limit(RECENT)
        )
        return list(rows)


def _what(intent: WriteIntent) -> str:
    payload = intent.payload or {}
    fields = payload.get("fields") or {}
    if intent.operation == "note":
        return f"Note “{payload.get('title', '')}”"
    if intent.operation == ACTIVITY:
        return f"{str(payload.get('kind', 'task')).title()} “{fields.get('Subject', '')}”"
    if intent.operation == "tag":
        target = (payload.get("target") or {}).get("name") or ""
        return f"Contact role on {target}"
    name = fields.get("Name") or fields.get("LastName") or fields.get("Subject") or ""
    verb = {
        "opportunity": "Created",
        "create": "Created",
        "update": "Updated",
        "delete": "Deleted",
        "undelete": "Restored",
    }.get(intent.operation, intent.operation)
    return f"{verb} {intent.sobject} {name}".strip()


def _when(intent: WriteIntent) -> str:
    created = as_utc(intent.created_at) or utcnow()
    minutes = int((utcnow() - created).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    return created.strftime("%Y-%m-%d %H:%M UTC")


def write_lines(services: Services, intents: list[WriteIntent]) -> list[WriteLine]:
    window = timedelta(minutes=services.settings.sfbot_undo_minutes)
    lines = []
    for intent in intents:
        link = None
        base = write_results.instance_url(services, intent)
        record: str | None = intent.record_id
        sobject: str | None = intent.sobject
        if intent.operation == "note":
            target = ((intent.payload or {}).get("record_ids") or [None])[0]
            record, sobject = target, ((intent.payload or {}).get("objects") or {}).get(target)
        if base and record and sobject and intent.operation != "delete":
            link = record_url(instance_url=base, object_name=sobject, record_id=record)
        completed = as_utc(intent.completed_at)
        undoable = (
            intent.status == SUCCEEDED
            and intent.operation in UNDO_OPERATIONS
            and completed is not None
            and utcnow() - completed <= window
        )
        status = messages.HOME_STATUS.get(intent.status, intent.status)
        lines.append(WriteLine(intent.id, _what(intent), status, _when(intent), link, undoable))
    return lines


def health(services: Services) -> list[str]:
    """Configuration checks, database revision and write-queue counts, for admins."""
    lines = [
        f"{c.status.upper()} {c.name}: {c.detail}" for c in check_configuration(services.settings)
    ]  # noqa: E501
    try:
        lines.append(f"OK database: revision {current_revision(services.engine)}")
        since = utcnow() - timedelta(hours=24)
        with services.sessions() as session:
            pending = session.scalar(select(func.count()).where(WriteIntent.status == PENDING))
            failed = session.scalar(
                select(func.count()).where(
                    WriteIntent.status == FAILED, WriteIntent.created_at >= since
                )
            )
        lines.append(messages.HOME_HEALTH_QUEUE.format(pending=pending or 0, failed=failed or 0))
    except Exception as error:  # the Home still opens; the admin sees what failed
        lines.append(f"FAIL database: {type(error).__name__}")
    return lines


def build(services: Services, *, team_id: str, user_id: str) -> View:
    connections = [
        ConnectionLine(
            c.id, c.sf_username or c.sf_display_name, org_label(c), c.is_default, c.is_broken
        )
        for c in services.connections.find_all(team_id=team_id, user_id=user_id)
    ]
    writes = write_lines(services, recent_writes(services, team_id=team_id, user_id=user_id))
    admin = health(services) if user_id in services.settings.admins else None
    return home_view(connections=connections, writes=writes, health=admin)


def publish(services: Services, client: WebClient, *, team_id: str, user_id: str) -> None:
    """Build and publish the user's Home."""
    try:
        client.views_publish(
            user_id=user_id, view=build(services, team_id=team_id, user_id=user_id)
        )  # noqa: E501
    except (SlackApiError, OSError) as error:
        logger.info("views.publish failed (%s)", type(error).__name__)


# -- listeners ----------------------------------------------------------------------------------


def on_home_opened(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    if event.get("tab", "home") != "home":
        return
    publish(context["services"], client, team_id=context.team_id or "", user_id=event["user"])


def on_connect(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    from bot.slack.connect import connect_prompt

    services: Services = context["services"]
    reply = connect_prompt(
        services,
        team_id=context.team_id or "",
        user_id=context.user_id or "",
        enterprise_id=context.enterprise_id,
        intro=messages.CONNECT_INTRO,
    )
    view = View(
        type="modal",
        title=messages.HOME_CONNECT_MODAL_TITLE,
        close="Close",
        blocks=list(reply.blocks),
    )
    client.views_open(trigger_id=body.get("trigger_id"), view=view)


def on_disconnect(
    ack: Ack, action: dict[str, Any], client: WebClient, context: BoltContext
) -> None:  # noqa: E501
    ack()
    services: Services = context["services"]
    team_id, user_id = context.team_id or "", context.user_id or ""
    try:
        connection = services.connections.find_by_id(int(action.get("value") or 0))
    except ValueError:
        connection = None
    if connection is not None and (connection.team_id, connection.slack_user_id) == (
        team_id,
        user_id,
    ):  # noqa: E501
        services.salesforce_oauth.revoke(
            login_url=connection.login_url,
            token=connection.refresh_token or connection.access_token,
        )
        services.connections.delete(team_id=team_id, user_id=user_id, connection_id=connection.id)
    publish(services, client, team_id=team_id, user_id=user_id)


def on_log_call(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
    ack()
    client.views_open(trigger_id=body.get("trigger_id"), view=call_modal())


def on_new_contact(ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    ack()
    from bot.slack.opportunity_modal import generic_form

    try:
        client.views_open(
            trigger_id=body.get("trigger_id"),
            view=generic_form(context["services"], context, "Contact"),
        )
        return
    except Exception:  # the generic form could not be built: say how to create one instead
        logger.exception("the contact form failed")
    view = note_blocks.message_modal(
        title=messages.HOME_NEW_CONTACT_BUTTON, text=messages.HOME_NEW_CONTACT_HINT
    )
    client.views_open(trigger_id=body.get("trigger_id"), view=view)


def suggest_call_records(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    services: Services = context["services"]
    try:
        org = org_view(services, team_id=context.team_id or "", user_id=context.user_id or "")
        objects = picker.picker_objects(org.describe_global())
        found = picker.search(org.sf, str(body.get("value") or ""), objects=objects)
    except ConnectionUnavailable:
        found = []
    ack(**note_blocks.record_options(found))


def on_call_submit(ack: Ack, view: dict[str, Any], client: WebClient, context: BoltContext) -> None:  # noqa: E501
    """Log the call from the Home's modal, then refresh the Home."""
    services: Services = context["services"]
    team_id, user_id = context.team_id or "", context.user_id or ""
    values = (view.get("state") or {}).get("values") or {}

    def value(block: str, action: str) -> dict[str, Any]:
        return (values.get(block) or {}).get(action) or {}

    picked = note_blocks.picked_records(
        [value(ids.CALL_RECORD_BLOCK, ids.CALL_RECORD_ACTION).get("selected_option") or {}]
    )  # noqa: E501
    if not picked:
        ack(
            response_action="errors", errors={ids.CALL_RECORD_BLOCK: messages.NOTE_RECORDS_REQUIRED}
        )  # noqa: E501
        return
    sobject, record, name = picked[0]
    typed = {
        "Subject": value(ids.CALL_SUBJECT_BLOCK, ids.CALL_SUBJECT_ACTION).get("value") or "Call"
    }  # noqa: E501
    duration = value(ids.CALL_DURATION_BLOCK, ids.CALL_DURATION_ACTION).get("value")
    if duration:
        typed["duration"] = duration
    org = org_view(services, team_id=team_id, user_id=user_id)
    plan = activities.plan_activity(
        kind=activities.CALL,
        describe=org.describe("Task"),
        typed=typed,
        text=value(ids.CALL_NOTES_BLOCK, ids.CALL_NOTES_ACTION).get("value"),
        target=(sobject, record),
    )
    if plan.problems:
        blocks = {
            "duration": ids.CALL_DURATION_BLOCK,
            "Subject": ids.CALL_SUBJECT_BLOCK,
            "Description": ids.CALL_NOTES_BLOCK,
        }
        errors: dict[str, str] = {}
        for problem in plan.problems:
            errors.setdefault(
                blocks.get(problem.field, ids.CALL_RECORD_BLOCK), problem.message[:2000]
            )  # noqa: E501
        ack(response_action="errors", errors=errors)
        return
    payload = {
        **plan.payload,
        "source": write_results.MODAL,
        "target": {"sobject": sobject, "id": record, "name": name},
    }
    intent, _ = intent_submit.submit(
        services,
        org,
        key=f"call:{view.get('id')}",
        team_id=team_id,
        user_id=user_id,
        enterprise_id=context.enterprise_id,
        operation=ACTIVITY,
        sobject="Task",
        payload=payload,
    )
    finished = write_results.wait_or_hand_over(services, intent, view_id=str(view.get("id")))
    if finished is not None and finished.status == FAILED:
        reason = from_stored(finished.error or {}).message
        ack(response_action="errors", errors={ids.CALL_RECORD_BLOCK: reason[:2000]})
        return
    ack()
    publish(services, client, team_id=team_id, user_id=user_id)


def register(app: App) -> None:
    """Home listeners; the Undo buttons are `write_results`'s, New opportunity the modal's."""
    app.event("app_home_opened")(on_home_opened)
    app.action(ids.HOME_CONNECT_ACTION)(on_connect)
    app.action(ids.HOME_DISCONNECT_ACTION)(on_disconnect)
    app.action(ids.HOME_LOG_CALL_ACTION)(on_log_call)
    app.action(ids.HOME_NEW_CONTACT_ACTION)(on_new_contact)
    app.options(ids.CALL_RECORD_ACTION)(suggest_call_records)
    app.view(ids.CALL_MODAL_CALLBACK)(on_call_submit)
