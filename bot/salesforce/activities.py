# Task and Event fields, TaskSubtype and Shared Activities (TaskRelation/EventRelation, at most
# 50 contacts): ../shared/salesforce/README.md §4.
"""Activities: calls (Task, subtype Call), meetings (Event) and to-dos (Task) on a record.

`plan_activity` turns what was typed (`subject=… duration=30m due=friday`) into a checked
write-intent payload against the user's own Task/Event describe; `create_activity` writes the
activity and its extra contacts (TaskRelation/EventRelation) in one all-or-none composite
request. Contact roles (`tag`) are simple creates, also here so both share their shapes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from simple_salesforce import format_soql

from bot.salesforce.fields import FieldProblem, normalize_name
from bot.salesforce.notes import run_composite
from bot.salesforce.records import CLOCK_SKEW, api_name, create_record, record_id
from bot.salesforce.validate import check_write
from bot.salesforce.values import UserContext, ValueProblem, parse_duration

CALL, MEETING, TASK = "call", "meeting", "task"
KINDS = (CALL, MEETING, TASK)
SOBJECT = {CALL: "Task", MEETING: "Event", TASK: "Task"}
RELATION = {"Task": ("TaskRelation", "TaskId"), "Event": ("EventRelation", "EventId")}
MAX_CONTACTS = 50  # Shared Activities: one lead or up to 50 contacts per activity
WHO_OBJECTS = frozenset({"Contact", "Lead"})

# Words people type → the field they mean, per kind (anything else goes to the describe).
ALIASES: dict[str, dict[str, str]] = {
    CALL: {
        "type": "CallType",
        "calltype": "CallType",
        "result": "CallDisposition",
        "disposition": "CallDisposition",
        "outcome": "CallDisposition",
        "date": "ActivityDate",
        "when": "ActivityDate",
        "on": "ActivityDate",
    },
    MEETING: {
        "start": "StartDateTime",
        "when": "StartDateTime",
        "at": "StartDateTime",
        "end": "EndDateTime",
        "location": "Location",
        "where": "Location",
        "date": "StartDateTime",
    },
    TASK: {
        "due": "ActivityDate",
        "date": "ActivityDate",
        "priority": "Priority",
        "status": "Status",
    },
}
COMMON_ALIASES = {
    "subject": "Subject",
    "description": "Description",
    "notes": "Description",
    "comments": "Description",
}
# Typed keys the Slack layer resolves (Slack users, contacts) before planning.
PEOPLE_KEYS = frozenset(
    {"assignee", "assign", "owner", "assignedto", "contacts", "contact", "with", "attendees", "who"}
)
DEFAULTS: dict[str, dict[str, Any]] = {
    CALL: {"Subject": "Call", "TaskSubtype": "Call", "Status": "Completed"},
    MEETING: {"Subject": "Meeting"},
    TASK: {"TaskSubtype": "Task"},
}
MESSAGES = {
    "kind": "Say what to log: `call`, `meeting` or `task`, e.g. `{usage}`.",
    "duration": "Duration: {problem}",
    "start": 'Start is required for a meeting, e.g. `start="tomorrow 3pm"`.',
    "subject": 'Subject is required for a task, e.g. `subject="Send the quote"`.',
    "target": "I can't log activities on {object} records.",
    "lead_and_what": "A lead can't be on the same activity as other contacts or records.",
    "too_many": "An activity can have at most {limit} contacts; you gave {count}.",
}


@dataclass
class ActivityPlan:
    """A checked activity: the intent payload, or the problems to show."""

    kind: str
    sobject: str
    payload: dict[str, Any] = field(default_factory=dict)
    problems: list[FieldProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _problem(name: str, label: str, message: str) -> FieldProblem:
    return FieldProblem(field=name, label=label, message=message)


def _api_fields(kind: str, typed: Mapping[str, str]) -> dict[str, str]:
    aliases = {**COMMON_ALIASES, **ALIASES[kind]}
    return {aliases.get(normalize_name(name), name): value for name, value in typed.items()}


def link_field(describe: Mapping[str, Any], target_sobject: str) -> str | None:
    """`WhoId` for contacts and leads, `WhatId` for what the activity's describe allows there."""
    refs = {f["name"]: set(f.get("referenceTo") or []) for f in describe.get("fields", [])}
    if target_sobject in WHO_OBJECTS and target_sobject in refs.get("WhoId", set()):
        return "WhoId"
    if target_sobject in refs.get("WhatId", set()):
        return "WhatId"
    return None


def plan_activity(
    *,
    kind: str,
    describe: Mapping[str, Any],
    typed: Mapping[str, str],
    text: str | None,
    target: tuple[str, str],
    contacts: Sequence[tuple[str, str]] = (),
    owner_id: str | None = None,
    ctx: UserContext | None = None,
) -> ActivityPlan:
    """Check an activity typed by a user and build its write-intent payload.

    Args:
        kind: ``call``, ``meeting`` or ``task``.
        describe: The Task (call, task) or Event (meeting) describe for this user.
        typed: Typed field → value, people keys (assignee, contacts) already taken out.
        text: Free text after the record: the description.
        target: ``(object, id)`` of the record the activity is about.
        contacts: ``(object, id)`` of extra people (contacts or one lead), resolved.
        owner_id: The assignee's Salesforce user id, when one was given.
        ctx: The user's locale and time zone.

    Returns:
        The plan: ``payload`` = ``{"kind", "sobject", "fields", "relations"}`` when ok.
    """
    sobject = SOBJECT[kind]
    plan = ActivityPlan(kind=kind, sobject=sobject)
    fields = _api_fields(kind, typed)
    extra: dict[str, Any] = dict(DEFAULTS[kind])
    duration = fields.pop("duration", None)
    if duration is not None:
        try:
            seconds = parse_duration(duration)
        except ValueProblem as exc:
            plan.problems.append(
                _problem("duration", "Duration", MESSAGES["duration"].format(problem=exc.message))
            )
        else:
            if kind == MEETING:
                extra["DurationInMinutes"] = max(1, round(seconds / 60))
            else:
                extra["CallDurationInSeconds"] = seconds
    if text and "Description" not in fields:
        fields["Description"] = text
    if kind == CALL and "ActivityDate" not in fields:
        extra["ActivityDate"] = (ctx or UserContext()).today().isoformat()
    check = check_write(describe=describe, operation="create", fields=fields, ctx=ctx)
    plan.problems += [p for p in check.problems if p.field not in extra]
    values = {**extra, **check.values}
    if owner_id:
        values["OwnerId"] = owner_id
    # A start or subject that was typed but is wrong already has its own problem above.
    if kind == MEETING and not values.get("StartDateTime") and "StartDateTime" not in fields:
        plan.problems.append(_problem("StartDateTime", "Start", MESSAGES["start"]))
    if kind == MEETING and "DurationInMinutes" not in values and "EndDateTime" not in values:
        values["DurationInMinutes"] = 30
    if kind == TASK and not values.get("Subject") and "Subject" not in fields:
        plan.problems.append(_problem("Subject", "Subject", MESSAGES["subject"]))
    relations = _link(plan, describe, values, target, contacts)
    if plan.ok:
        plan.payload = {"kind": kind, "sobject": sobject, "fields": values, "relations": relations}
    return plan


def _link(
    plan: ActivityPlan,
    describe: Mapping[str, Any],
    values: dict[str, Any],
    target: tuple[str, str],
    contacts: Sequence[tuple[str, str]],
) -> list[str]:
    target_object, target_id = target
    slot = link_field(describe, target_object)
    if slot is None:
        plan.problems.insert(0, _problem("", "", MESSAGES["target"].format(object=target_object)))
        return []
    values[slot] = target_id
    people = [(o, i) for o, i in contacts if i[:15] != target_id[:15]]
    people = list({i[:15]: (o, i) for o, i in people}.values())
    has_lead = any(o == "Lead" for o, _ in people) or target_object == "Lead"
    if has_lead and (len(people) + (slot == "WhatId")) > (0 if target_object == "Lead" else 1):
        plan.problems.append(_problem("WhoId", "Name", MESSAGES["lead_and_what"]))
        return []
    total = len(people) + (1 if slot == "WhoId" else 0)
    if total > MAX_CONTACTS:
        message = MESSAGES["too_many"].format(limit=MAX_CONTACTS, count=total)
        plan.problems.append(_problem("WhoId", "Name", message))
        return []
    if slot == "WhatId" and people:
        values["WhoId"] = people.pop(0)[1]
    return [i for _, i in people]


def create_activity(sf: Any, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Create the Task/Event and one relation per extra contact, all or nothing.

    Returns:
        ``{"record_id", "sobject", "relations", "undo_records"}``.

    Raises:
        bot.salesforce.notes.CompositeFailure: Salesforce refused something; nothing was kept.
    """
    sobject = api_name(payload["sobject"])
    fields = dict(payload["fields"])
    stamp = getattr(sf, "stamp", None)
    if callable(stamp):  # integration-user mode marks who wrote from Slack
        fields = stamp(sobject, fields, create=True)
    base = f"/services/data/v{sf.sf_version}"
    requests = [
        {
            "method": "POST",
            "url": f"{base}/sobjects/{sobject}",
            "referenceId": "activity",
            "body": fields,
        },
    ]
    relations = [record_id(r) for r in payload.get("relations") or []]
    if relations:
        relation_object, parent_field = RELATION[sobject]
        records = [
            {
                "attributes": {"type": relation_object},
                parent_field: "@{activity.id}",
                "RelationId": rid,
            }
            for rid in relations
        ]
        requests.append(
            {
                "method": "POST",
                "url": f"{base}/composite/sobjects",
                "referenceId": "relations",
                "body": {"allOrNone": True, "records": records},
            }
        )
    bodies = run_composite(sf, requests)
    activity = str(bodies["activity"]["id"])
    return {
        "record_id": activity,
        "sobject": sobject,
        "relations": relations,
        "undo_records": [{"sobject": sobject, "id": activity}],
    }


def find_activity(
    sf: Any, payload: Mapping[str, Any], *, since: datetime, created_by: str | None
) -> dict[str, Any] | None:
    """The activity an interrupted attempt created (same subject and links, same user)."""
    sobject = api_name(payload["sobject"])
    fields = payload["fields"]
    soql = format_soql(
        "SELECT Id FROM {:literal} WHERE Subject = {} AND CreatedDate >= {}",
        sobject,
        fields.get("Subject"),
        since - CLOCK_SKEW,
    )
    for name in ("WhoId", "WhatId"):
        if fields.get(name):
            soql += format_soql(" AND {:literal} = {}", name, fields[name])
    if created_by:
        soql += format_soql(" AND CreatedById = {}", created_by)
    rows = sf.query(soql + " ORDER BY CreatedDate DESC LIMIT 1").get("records", [])
    if not rows:
        return None
    activity = str(rows[0]["Id"])
    return {
        "record_id": activity,
        "sobject": sobject,
        "relations": list(payload.get("relations") or []),
        "undo_records": [{"sobject": sobject, "id": activity}],
    }


def create_relation(sf: Any, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Create a contact role (or an activity relation): one record, one request."""
    sobject = api_name(payload["sobject"])
    new_id = create_record(sf, sobject, dict(payload["fields"]))
    return {
        "record_id": new_id,
        "sobject": sobject,
        "undo_records": [{"sobject": sobject, "id": new_id}],
    }


def find_relation(sf: Any, payload: Mapping[str, Any], *, since: datetime) -> dict[str, Any] | None:
    """The contact role an interrupted attempt created (same opportunity and contact)."""
    sobject = api_name(payload["sobject"])
    soql = format_soql(
        "SELECT Id FROM {:literal} WHERE CreatedDate >= {}", sobject, since - CLOCK_SKEW
    )
    for name, value in payload["fields"].items():
        if name.endswith("Id"):
            soql += format_soql(" AND {:literal} = {}", api_name(name), value)
    rows = sf.query(soql + " LIMIT 1").get("records", [])
    if not rows:
        return None
    found = str(rows[0]["Id"])
    return {
        "record_id": found,
        "sobject": sobject,
        "undo_records": [{"sobject": sobject, "id": found}],
    }
