"""`/sf log call|meeting|task <record> …` and `/sf tag <person> <record> role=… [primary]`.

The record is resolved like every record command (`bot.salesforce.resolve`: a name with pick
buttons when several match, an id, or a link); people are matched by email (Slack mentions
become the email Slack knows), by id or by contact name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from slack_bolt import App

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce import activities, tagging
from bot.salesforce.errors import from_stored
from bot.salesforce.fields import FieldProblem, normalize_name
from bot.salesforce.links import record_url
from bot.salesforce.orgview import OrgView
from bot.salesforce.resolve import Candidate, resolve_record
from bot.salesforce.values import parse_boolean
from bot.slack import intent_submit, messages, people, record_blocks, write_results
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand, register_verb
from bot.slack.connect import handles_reconnect
from bot.slack.grammar import Arg, Command, GrammarError, parse_command
from bot.slack.records import context, writing
from bot.store.models import WriteIntent
from bot.writes import NEEDS_CONNECTION, SUCCEEDED
from bot.writes.note_operations import ACTIVITY, TAG

if TYPE_CHECKING:
    from bot.services import Services

KIND_WORDS = {
    "call": activities.CALL,
    "meeting": activities.MEETING,
    "event": activities.MEETING,
    "task": activities.TASK,
    "todo": activities.TASK,
    "to-do": activities.TASK,
}
ASSIGNEE_KEYS = frozenset({"assignee", "assign", "owner", "assignedto"})
CONTACT_KEYS = frozenset({"contacts", "contact", "with", "attendees", "who"})
TAG_TARGETS = ("Opportunity",)
_PRIMARY = re.compile(r"\s+primary\s*$", re.IGNORECASE)
_FORCE = re.compile(r"\s+force\s*$", re.IGNORECASE)


def _parse(text: str) -> Command | Reply:
    try:
        return parse_command(text)
    except GrammarError as error:
        return notice(error.render())


def command_view(command: SlashCommand, parsed: Command) -> OrgView:
    """The user's org for a command (``org=`` honoured)."""
    return context.org_view(
        command.services,
        team_id=command.team_id or "",
        user_id=command.user_id,
        org=parsed.options.get("org"),
        user_name=command.user_name,
    )


def target_or_reply(
    view: OrgView, parsed: Command, arg: Arg, key: str, objects: list[str] | None = None
) -> Candidate | Reply:
    """The record ``arg`` names, or the reply: pick buttons when several match, else why not."""
    found = resolve_record(view, arg.value, objects=objects)
    if found.record is not None:
        return found.record
    if found.ambiguous:
        options = writing.pick_options(parsed, arg, found.choices, key, as_field=False)
        prompt = messages.PICK_TARGET_PROMPT.format(typed=quote_user_text(found.typed))
        return record_blocks.pick(prompt=prompt, options=options)
    return notice(found.problem or messages.PICK_STALE)


def _split_people(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;]", value) if part.strip()]


def _people(
    view: OrgView, parsed: Command, typed: list[str], *, key: str
) -> tuple[list[tagging.Person], list[str]]:
    """Contacts (or a lead) for typed emails, ids or names; unmatched ones come back as text."""
    emails = [t for t in typed if tagging.looks_like_email(t)]
    by_email = tagging.people_by_email(view.sf, emails, objects=("Contact", "Lead"))
    found: list[tagging.Person] = []
    missing: list[str] = []
    for text in typed:
        if tagging.looks_like_email(text):
            matches = by_email.get(text.lower(), [])
            if len(matches) == 1:
                found.append(matches[0])
            else:
                missing.append(text)
            continue
        resolved = resolve_record(view, text, objects=["Contact", "Lead"])
        if resolved.record is not None:
            record = resolved.record
            found.append(tagging.Person(record.sobject, record.record_id, record.name))
        else:
            missing.append(text)
    return found, missing


def _problems_reply(verb: str, label: str, problems: list[FieldProblem]) -> Reply:
    return record_blocks.problems(verb=verb, object_label=label, found=problems)


# -- /sf log ------------------------------------------------------------------------------------


def log(command: SlashCommand) -> Reply | None:
    """`/sf log call|meeting|task <record> field=value … [description]`."""
    text = people.mentions_to_emails(command.client, command.text)
    parsed = _parse(text)
    if isinstance(parsed, Reply):
        return parsed
    kind = KIND_WORDS.get((parsed.kind or "").casefold())
    if kind is None or parsed.target is None:
        usage = '/sf log call "Acme Corporation" subject="Pricing call" duration=30m'
        return notice(activities.MESSAGES["kind"].format(usage=usage))
    key = writing.idempotency_key(command)
    view = command_view(command, parsed)
    target = target_or_reply(view, parsed, parsed.target, key)
    if isinstance(target, Reply):
        return target
    typed: dict[str, str] = {}
    assignee: str | None = None
    contact_words: list[str] = []
    for arg in parsed.fields:
        name = normalize_name(arg.key or "")
        if name in ASSIGNEE_KEYS:
            assignee = arg.value
        elif name in CONTACT_KEYS:
            contact_words += _split_people(arg.value)
        else:
            typed[arg.key or ""] = arg.value
    problems: list[FieldProblem] = []
    owner_id = None
    if assignee:
        owner = (
            tagging.user_by_email(view.sf, assignee) if tagging.looks_like_email(assignee) else None
        )  # noqa: E501
        if owner is None:
            problems.append(
                FieldProblem(
                    "OwnerId",
                    "Assigned To",
                    messages.ACTIVITY_NO_USER.format(typed=quote_user_text(assignee)),
                )
            )  # noqa: E501
        else:
            owner_id = owner.record_id
    found, missing = _people(view, parsed, contact_words, key=key)
    for text in missing:
        problems.append(
            FieldProblem(
                "WhoId", "Name", messages.ACTIVITY_NO_CONTACT.format(typed=quote_user_text(text))
            )
        )  # noqa: E501
    sobject = activities.SOBJECT[kind]
    describe = view.describe(sobject)
    ctx = context.user_context(
        command.services, command.client, team_id=command.team_id or "", user_id=command.user_id
    )
    plan = activities.plan_activity(
        kind=kind,
        describe=describe,
        typed=typed,
        text=parsed.text,
        target=(target.sobject, target.record_id),
        contacts=[(person.sobject, person.record_id) for person in found],
        owner_id=owner_id,
        ctx=ctx,
    )
    problems += plan.problems
    if problems:
        return _problems_reply("log", messages.ACTIVITY_LABELS[kind], problems)
    payload = {
        **plan.payload,
        "source": "command",
        "target": {"sobject": target.sobject, "id": target.record_id, "name": target.name},
    }
    submit_for_command(command, view, key=key, operation=ACTIVITY, sobject=sobject, payload=payload)
    return notice(messages.WORKING)


def submit_for_command(command: SlashCommand, view: OrgView, **write: Any) -> None:
    """Store a write intent answered through the command's response_url."""
    intent_submit.submit(
        command.services,
        view,
        team_id=command.team_id or "",
        user_id=command.user_id,
        enterprise_id=command.enterprise_id,
        channel_id=command.channel_id,
        response_url=command.response_url,
        **write,
    )


# -- /sf tag ------------------------------------------------------------------------------------


def tag(command: SlashCommand) -> Reply | None:
    """`/sf tag @person|email|contact <opportunity> role="Decision Maker" [primary]`."""
    text = people.mentions_to_emails(command.client, command.text, leading=True)
    # The trailing words `primary` and `force` (keep a role that looks like a typo), any order.
    force = primary_word = False
    for _ in range(2):
        force = force or bool(_FORCE.search(text))
        primary_word = primary_word or bool(_PRIMARY.search(text))
        text = _PRIMARY.sub("", _FORCE.sub("", text))
    parsed = _parse(text)
    if isinstance(parsed, Reply):
        return parsed
    if parsed.who is None or parsed.target is None:
        return notice(messages.TAG_USAGE)
    fields = {normalize_name(k): v for k, v in parsed.field_values().items()}
    role = fields.pop("role", None)
    primary = primary_word
    if "primary" in fields:
        try:
            primary = parse_boolean(fields.pop("primary"))
        except ValueError:
            primary = False
    if fields:
        return notice(messages.TAG_USAGE)
    key = writing.idempotency_key(command)
    view = command_view(command, parsed)
    target = target_or_reply(
        view, parsed, parsed.target, key, objects=list(TAG_TARGETS) + ["Task", "Event"]
    )
    if isinstance(target, Reply):
        return target
    found, missing = _people(view, parsed, [parsed.who.value], key=key)
    if missing or not found:
        return notice(messages.ACTIVITY_NO_CONTACT.format(typed=quote_user_text(parsed.who.value)))  # noqa: E501
    person = found[0]
    person_object, person_id = person.sobject, person.record_id
    if target.sobject == "Opportunity":
        if person_object != "Contact":
            return notice(messages.TAG_CONTACTS_ONLY)
        plan = tagging.plan_contact_role(
            describe=view.describe("OpportunityContactRole"),
            opportunity_id=target.record_id,
            contact_id=person_id,
            role=role,
            primary=primary,
            force=force,
        )
        if plan.problems:
            return _problems_reply("tag", "contact role", plan.problems)
        payload = plan.payload
    else:
        payload = tagging.relation_payload(
            activity_object=target.sobject, activity_id=target.record_id, person_id=person_id
        )
    payload.update(
        source="command",
        role=payload.get("fields", {}).get("Role", role),
        primary=primary,
        person=parsed.who.value,
        person_name=person.name,
        target={"sobject": target.sobject, "id": target.record_id, "name": target.name},
    )
    submit_for_command(
        command, view, key=key, operation=TAG, sobject=payload["sobject"], payload=payload
    )
    return notice(messages.WORKING)


# -- results ------------------------------------------------------------------------------------


def _target_link(services: Services, intent: WriteIntent) -> str:
    target = (intent.payload or {}).get("target") or {}
    name = escape_mrkdwn(str(target.get("name") or target.get("id") or "")).replace("|", "¦")
    base = write_results.instance_url(services, intent)
    if base and target.get("id") and target.get("sobject"):
        url = record_url(instance_url=base, object_name=target["sobject"], record_id=target["id"])
        return f"*<{url}|{name}>*"
    return f"*{name}*"


def _person_shown(payload: dict[str, Any]) -> str:
    """The tagged person's name, with what was typed when it differs (an email, a mention)."""
    typed = str(payload.get("person") or "")
    name = str(payload.get("person_name") or "")
    if not name or name.casefold() == typed.casefold():
        return f"*{escape_mrkdwn(name or typed)}*"
    return f"*{escape_mrkdwn(name)}* ({escape_mrkdwn(typed)})"


def render(services: Services, intent: WriteIntent) -> Reply:
    """The message for a finished activity or tag (or its undo)."""
    original = write_results.original_of(services, intent)
    done = original or intent
    payload = done.payload or {}
    if original is not None:
        if intent.status == SUCCEEDED:
            return notice(messages.ACTIVITY_UNDONE.format(target=_target_link(services, done)))
        reason = from_stored(intent.error or {}).message
        return notice(messages.UNDO_FAILED.format(reason=reason))
    if intent.status == NEEDS_CONNECTION:
        return notice(messages.WRITE_WAITING_FOR_CONNECTION)
    if intent.status != SUCCEEDED:
        reason = from_stored(intent.error or {}).message
        return notice(messages.ACTIVITY_FAILED.format(reason=reason))
    target = _target_link(services, intent)
    fields = payload.get("fields") or {}
    if intent.operation == ACTIVITY:
        subject = f"*{escape_mrkdwn(str(fields.get('Subject') or ''))}*"
        template = messages.ACTIVITY_DONE[payload.get("kind", activities.TASK)]
        text = template.format(subject=subject, target=target)
        extra = len(payload.get("relations") or [])
        if extra:
            text += " " + messages.ACTIVITY_WITH_CONTACTS.format(count=extra + 1)
    else:
        role = escape_mrkdwn(str(payload.get("role") or "")) or "contact"
        text = messages.TAG_DONE.format(person=_person_shown(payload), role=role, target=target)
        if payload.get("primary"):
            text += " " + messages.TAG_PRIMARY
    base = write_results.instance_url(services, intent)
    record = intent.record_id
    link = None
    if base and record and intent.operation == ACTIVITY:
        link = record_url(instance_url=base, object_name=intent.sobject, record_id=record)
    return write_results.result_reply(
        text=text,
        link=link,
        intent_id=intent.id,
        undo_minutes=services.settings.sfbot_undo_minutes,
    )


def register(app: App) -> None:
    """The `log` and `tag` verbs and how their results read."""
    del app  # the verbs answer through the `/sf` listener; results through write_results
    register_verb(
        "log",
        handles_reconnect(context.answers_salesforce_errors(log)),
        summary="Log a call, a meeting or a task on a record.",
        usage='/sf log call|meeting|task <record> subject="…" duration=30m due=friday',
        needs_salesforce=True,
    )
    register_verb(
        "tag",
        handles_reconnect(context.answers_salesforce_errors(tag)),
        summary="Add a contact role to an opportunity (or a person to an activity).",
        usage='/sf tag @person|email|contact <opportunity> role="Decision Maker" [primary]',
        needs_salesforce=True,
    )
    write_results.register_result_renderer(ACTIVITY, render)
    write_results.register_result_renderer(TAG, render)
