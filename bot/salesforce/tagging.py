"""People in Salesforce for tagging: contacts and users found by email, and contact roles.

Slack users are matched by the email address Slack knows for them (users.info); a contact can
also be named directly (an email address, a name, an id). SOQL literals go through
`format_soql`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simple_salesforce import format_soql

from bot.escape import quote_user_text
from bot.salesforce.convert import label_of, picklist_values
from bot.salesforce.fields import FieldProblem, closest
from bot.salesforce.validate import check_write

MAX_EMAILS = 50
# The standard values; Role is an unrestricted picklist, so an org's own values work too.
ROLE_EXAMPLE = "Decision Maker"
# Stricter than field-name suggestions: an org's own roles are legitimate, only typos are flagged.
ROLE_TYPO_CUTOFF = 85
ROLE_NEAR_MISS = (
    "{typed} isn't one of the {label} values. Did you mean {suggestion}? "
    "Fix it, or add `force` at the end to save {typed} as typed."
)


@dataclass(frozen=True)
class Person:
    """A contact, lead or user: object, id, name and email."""

    sobject: str
    record_id: str
    name: str
    email: str = ""


def looks_like_email(text: str) -> bool:
    local, _, domain = text.strip().partition("@")
    return bool(local) and "." in domain and " " not in text.strip()


def people_by_email(
    sf: Any, emails: Sequence[str], *, objects: Sequence[str] = ("Contact",)
) -> dict[str, list[Person]]:
    """Email (lower case) → the records of ``objects`` with that email (one query per object)."""
    wanted = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))[:MAX_EMAILS]
    found: dict[str, list[Person]] = {email: [] for email in wanted}
    if not wanted:
        return found
    for sobject in objects:
        active = " AND IsActive = true" if sobject == "User" else ""
        soql = format_soql(
            "SELECT Id, Name, Email FROM {:literal} WHERE Email IN {}", sobject, wanted
        )
        for row in sf.query(soql + active + " LIMIT 200").get("records", []):
            email = str(row.get("Email") or "").lower()
            if email in found:
                found[email].append(
                    Person(sobject, str(row["Id"]), str(row.get("Name") or ""), email)
                )  # noqa: E501
    return found


def user_by_email(sf: Any, email: str) -> Person | None:
    """The active Salesforce user with this email (an assignee), if exactly one."""
    matches = people_by_email(sf, [email], objects=("User",)).get(email.strip().lower(), [])
    return matches[0] if len(matches) == 1 else None


@dataclass
class TagPlan:
    """A checked tag: the write-intent payload or the problems."""

    payload: dict[str, Any]
    problems: list[FieldProblem]


def plan_contact_role(
    *,
    describe: Mapping[str, Any],
    opportunity_id: str,
    contact_id: str,
    role: str | None,
    primary: bool,
    force: bool = False,
) -> TagPlan:
    """An OpportunityContactRole, its Role checked against the org's describe.

    Role is an unrestricted picklist, so Salesforce would store a typo as a new value; a near
    miss of a known value is a problem unless ``force`` says it was meant.
    """
    typed = {"Role": role} if role else {}
    # Checked as an update: the ids are set here, only the typed Role needs checking.
    check = check_write(describe=describe, operation="update", fields=typed)
    near_miss = None if force or check.problems else _role_near_miss(describe, check.values)
    if near_miss is not None:
        check.problems.append(near_miss)
    fields: dict[str, Any] = {
        **check.values,
        "OpportunityId": opportunity_id,
        "ContactId": contact_id,
        "IsPrimary": primary,
    }
    payload = {"sobject": "OpportunityContactRole", "fields": fields}
    return TagPlan(payload=payload, problems=list(check.problems))


def _role_near_miss(describe: Mapping[str, Any], values: Mapping[str, Any]) -> FieldProblem | None:
    spec = next((f for f in describe.get("fields") or [] if f.get("name") == "Role"), None)
    role = values.get("Role")
    if spec is None or not isinstance(role, str):
        return None
    known = picklist_values(spec)
    if role in known:
        return None
    suggestion = closest(role, known, limit=1, cutoff=ROLE_TYPO_CUTOFF)
    if not suggestion:
        return None
    message = ROLE_NEAR_MISS.format(
        typed=quote_user_text(role), label=label_of(spec), suggestion=quote_user_text(suggestion[0])
    )
    return FieldProblem(field="Role", label=label_of(spec), message=message,
                        valid_values=tuple(known), example=suggestion[0])  # fmt: skip


def relation_payload(*, activity_object: str, activity_id: str, person_id: str) -> dict[str, Any]:
    """A TaskRelation/EventRelation adding a person to an existing activity."""
    relation, parent = ("TaskRelation", "TaskId") if activity_object == "Task" else (
        "EventRelation", "EventId")  # fmt: skip
    return {"sobject": relation, "fields": {parent: activity_id, "RelationId": person_id}}
