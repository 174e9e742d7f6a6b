"""Prepare a create or update: check typed values against the describe and resolve lookups.

The result (`WritePlan`) says everything the Slack layer needs to decide: write now, ask for
missing fields in a form, ask which of several records was meant, or list every problem.
With warm caches, checking costs no Salesforce call; each lookup typed costs one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.escape import escape_mrkdwn
from bot.salesforce.convert import (
    ConversionProblem,
    ReferenceToResolve,
    convert,
    field_labels,
)
from bot.salesforce.fields import FieldIndex, FieldProblem
from bot.salesforce.orgview import OrgView, name_field_of
from bot.salesforce.resolve import Candidate, resolve_reference
from bot.salesforce.validate import Operation, check_write
from bot.salesforce.values import UserContext

# The fields a confirmation shows first, where the object has them.
KEY_FIELDS = (
    "StageName",
    "Amount",
    "CloseDate",
    "AccountId",
    "Email",
    "Phone",
    "Title",
    "Company",
    "Status",
    "Industry",
    "Type",
    "Priority",
    "Subject",
)
SHOWN_FIELDS = 6


@dataclass
class Choice:
    """A lookup that matched several records: the user picks one."""

    field: str
    label: str
    typed: str
    candidates: list[Candidate]


@dataclass
class WritePlan:
    """A checked write.

    Attributes:
        sobject: The object's API name.
        object_label: Its label (escaped).
        operation: `create` or `update`.
        values: API name → value to send (lookups resolved to ids).
        problems: Everything wrong, in the order typed.
        missing_required: Required fields not given (a form can ask for them).
        typed: API name → what was typed (to pre-fill a form).
        choices: Lookups that matched several records.
        names: Lookup field → the name of the record it now points to.
        describe: The object's describe.
        record_type_id: The record type whose picklist values were checked (None: the
            object's default, or an object without record types).
    """

    sobject: str
    object_label: str
    operation: Operation
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[FieldProblem] = field(default_factory=list)
    missing_required: list[str] = field(default_factory=list)
    typed: dict[str, str] = field(default_factory=dict)
    choices: list[Choice] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    describe: dict[str, Any] = field(default_factory=dict, repr=False)
    record_type_id: str | None = None

    @property
    def ready(self) -> bool:
        return not self.problems and not self.choices

    @property
    def only_missing(self) -> bool:
        """True when the only problems are required fields left out."""
        return bool(self.missing_required) and all(
            p.field in self.missing_required for p in self.problems
        )

    def display(self, *, instance_url: str, record_name: str | None = None) -> dict[str, Any]:
        """What a confirmation shows, stored with the intent (JSON): name, labels, values."""
        labels = field_labels(self.describe)
        order = [n for n in KEY_FIELDS if n in self.values] + [
            n for n in self.values if n not in KEY_FIELDS
        ]
        shown = [
            [
                name,
                labels.get(name, escape_mrkdwn(name)),
                shown_value(self.values[name], self.names.get(name)),
            ]
            for name in order
            if name != name_field_of(self.describe) and name != "RecordTypeId"
        ][:SHOWN_FIELDS]
        return {
            "object_label": self.object_label,
            "name": record_name or self.record_name(),
            "fields": shown,
            "labels": {name: labels.get(name, name) for name in self.values},
            "instance_url": instance_url,
        }

    def intent_payload(self, display: dict[str, Any]) -> dict[str, Any]:
        """The write intent's payload: values to send, what to show, and what a form needs."""
        return {
            "fields": self.values,
            "display": display,
            "typed": self.typed,
            "record_type_id": self.record_type_id,
        }

    def record_name(self) -> str:
        """The new record's name from the values (`Name`, or first and last name)."""
        name = self.values.get(name_field_of(self.describe))
        if name:
            return str(name)
        parts = [self.values.get("FirstName"), self.values.get("LastName")]
        return " ".join(str(p) for p in parts if p) or self.object_label


def shown_value(value: Any, name: str | None = None) -> str:
    """A value as replies show it (escaped): names for lookups, yes/no, grouped numbers."""
    if name is not None:
        return escape_mrkdwn(name)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:,}"
    return escape_mrkdwn("" if value is None else str(value))


def typed_record_type(describe: Mapping[str, Any], fields: Mapping[str, str]) -> str | None:
    """The record type id a user typed (`recordtype=Renewal`), when it names one."""
    if not any(not info.get("master") for info in describe.get("recordTypeInfos") or []):
        return None  # no record types to choose from (and no index to build)
    index = FieldIndex(describe)
    for typed_name, value in fields.items():
        spec = index.find(typed_name)
        if spec is None or spec["name"] != "RecordTypeId":
            continue
        wanted = value.strip().casefold()
        for info in describe.get("recordTypeInfos") or []:
            names = (info.get("name"), info.get("developerName"), info.get("recordTypeId"))
            if wanted in {str(n).casefold() for n in names if n}:
                return str(info["recordTypeId"])
    return None


def plan_write(
    view: OrgView,
    *,
    sobject: str,
    operation: Operation,
    fields: Mapping[str, str],
    ctx: UserContext | None = None,
    record_type_id: str | None = None,
    resolved: Mapping[str, str] | None = None,
) -> WritePlan:
    """Check a write and resolve its lookups, collecting every problem.

    Args:
        view: The user's org.
        sobject: The object's API name.
        operation: `create` or `update`.
        fields: Typed name → typed value, in the order typed.
        ctx: The user's locale and time zone.
        record_type_id: The record's record type (updates); creates use the typed or default one.
        resolved: Lookup fields already resolved to ids (a form's typeahead, a pick), by API name.

    Returns:
        The plan; `ready` when it can be written.
    """
    describe = view.describe(sobject)
    rt = typed_record_type(describe, fields) if operation == "create" else record_type_id
    rt_values = view.record_type_values(describe, rt)
    check = check_write(
        describe=describe,
        operation=operation,
        fields=fields,
        ctx=ctx,
        record_type_values=rt_values,
        key_prefixes=view.key_prefixes(),
    )
    plan = WritePlan(
        sobject=sobject,
        object_label=escape_mrkdwn(str(describe.get("label", sobject))),
        operation=operation,
        values=dict(check.values),
        problems=list(check.problems),
        missing_required=list(check.missing_required),
        typed=dict(check.typed),
        describe=describe,
        record_type_id=rt,
    )
    for ref in check.references:
        if resolved and ref.field in resolved:
            plan.values[ref.field] = resolved[ref.field]
            continue
        outcome = resolve_reference(view, ref)
        if outcome.record is not None:
            plan.values[ref.field] = outcome.record.record_id
            plan.names[ref.field] = outcome.record.name
        elif outcome.ambiguous:
            plan.choices.append(Choice(ref.field, ref.label, ref.typed, outcome.choices))
        else:
            message = f"{ref.label}: {outcome.problem}"
            plan.problems.append(FieldProblem(field=ref.field, label=ref.label, message=message))
    return plan


def prefill(
    view: OrgView,
    *,
    describe: Mapping[str, Any],
    typed: Mapping[str, str],
    ctx: UserContext | None = None,
    record_type_values: Mapping[str, list[str]] | None = None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """Each typed field's value on its own (for a form), skipping the ones that are wrong.

    `check_write` reports problems for the write as a whole; a form still shows every value
    that was fine. Lookups are resolved (one request each) so the form can show their names.

    Returns:
        (API name → value, lookup API name → record name).
    """
    specs = {f["name"]: f for f in describe.get("fields", [])}
    values: dict[str, Any] = {}
    names: dict[str, str] = {}
    for api, text in typed.items():
        spec = specs.get(api)
        if spec is None or not str(text).strip():
            continue
        try:
            value = convert(
                spec,
                str(text),
                ctx=ctx,
                allowed=(record_type_values or {}).get(api),
                key_prefixes=view.key_prefixes(),
            )
        except ConversionProblem:
            continue
        if isinstance(value, ReferenceToResolve):
            found = resolve_reference(view, value)
            if found.record is not None:
                values[api], names[api] = found.record.record_id, found.record.name
            continue
        values[api] = value
    return values, names
