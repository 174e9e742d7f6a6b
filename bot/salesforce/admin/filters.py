"""`where field=value …` typed by an admin → a SOQL condition, checked against the describe.

Field names are read like everywhere else (API names or labels, any case, "did you mean");
picklist values must be values of the picklist; other values are parsed for their field type
(`50k`, `yes`, `2026-12-31`); lookups take a name (resolved as for updates) or an id; an empty
value (`industry=`) means "is blank". Every literal goes through `format_soql`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from simple_salesforce import format_soql

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.convert import label_of
from bot.salesforce.fields import FieldIndex, FieldProblem, UnknownField, closest
from bot.salesforce.ids import is_record_id
from bot.salesforce.orgview import OrgView
from bot.salesforce.plan import plan_write
from bot.salesforce.search import api_name
from bot.salesforce.values import UserContext, ValueProblem, parse_value

MESSAGES = {
    "not_filterable": "{label} can't be used to pick records; choose another field.",
    "picklist": "{typed} isn't a {label} value.",
    "reference": "{label}: use the name or id of the record (e.g. an 18-character id).",
    "twice": "{label} is given twice; keep one.",
    "did_you_mean": "Did you mean `{value}`?",
}


class FilterProblems(ValueError):
    """Some conditions can't be used; each problem names the field and what would be valid."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Filter:
    """Checked conditions: the SOQL (AND-ed) and how to show them (escaped)."""

    soql: str
    shown: str
    fields: tuple[str, ...]


def _literal(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime | date | bool | int | float | str) or value is None:
        return value
    return str(value)


def _shown(value: Any) -> str:
    if value is None:
        return "blank"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return escape_mrkdwn(str(_literal(value)))


def _problem(spec: Mapping[str, Any], message: str, **extra: Any) -> FieldProblem:
    return FieldProblem(field=spec["name"], label=label_of(spec), message=message, **extra)


def _value(
    view: OrgView, sobject: str, spec: Mapping[str, Any], typed: str, ctx: UserContext | None
) -> tuple[Any, str]:
    """The value to compare with and how to show it; raises FilterProblems."""
    label = label_of(spec)
    if not typed.strip():
        return None, "blank"
    kind = spec.get("type")
    if kind in ("picklist", "multipicklist"):
        values = [
            str(v["value"]) for v in spec.get("picklistValues") or [] if v.get("active", True)
        ]
        match = next((v for v in values if v.casefold() == typed.strip().casefold()), None)
        if match is None:
            message = MESSAGES["picklist"].format(typed=quote_user_text(typed), label=label)
            close = closest(typed, values, limit=1)
            if close:
                message += " " + MESSAGES["did_you_mean"].format(value=escape_mrkdwn(close[0]))
            raise FilterProblems([_problem(spec, message, valid_values=tuple(values))])
        return match, escape_mrkdwn(match)
    if kind == "reference":
        if is_record_id(typed.strip()):
            return typed.strip(), escape_mrkdwn(typed.strip())
        if not spec.get("updateable"):
            raise FilterProblems([_problem(spec, MESSAGES["reference"].format(label=label))])
        plan = plan_write(view, sobject=sobject, operation="update", fields={spec["name"]: typed})
        if plan.problems:
            raise FilterProblems(plan.problems)
        if plan.choices or spec["name"] not in plan.values:
            raise FilterProblems([_problem(spec, MESSAGES["reference"].format(label=label))])
        found = plan.values[spec["name"]]
        return found, escape_mrkdwn(plan.names.get(spec["name"], str(found)))
    try:
        value = parse_value(typed, field_type=str(kind), ctx=ctx)
    except ValueProblem as problem:
        raise FilterProblems([_problem(spec, f"{label}: {problem.message}")]) from None
    return value, _shown(value)


def build_filter(
    view: OrgView,
    *,
    sobject: str,
    pairs: Sequence[tuple[str, str]],
    ctx: UserContext | None = None,
) -> Filter:
    """Check typed ``field=value`` conditions on ``sobject`` and build the SOQL condition.

    Raises:
        FilterProblems: Every condition that can't be used, each with what would be valid.
    """
    index = FieldIndex(view.describe(sobject))
    problems: list[FieldProblem] = []
    parts: list[str] = []
    shown: list[str] = []
    used: list[str] = []
    for typed_name, typed_value in pairs:
        try:
            spec = index.resolve(typed_name)
        except UnknownField as unknown:
            problems.append(unknown.problem)
            continue
        if spec["name"] in used:
            problems.append(_problem(spec, MESSAGES["twice"].format(label=label_of(spec))))
            continue
        if spec.get("filterable") is False:
            message = MESSAGES["not_filterable"].format(label=label_of(spec))
            problems.append(_problem(spec, message))
            continue
        try:
            value, text = _value(view, sobject, spec, typed_value, ctx)
        except FilterProblems as found:
            problems += found.problems
            continue
        used.append(spec["name"])
        parts.append(format_soql("{:literal} = {}", api_name(spec["name"]), _literal(value)))
        shown.append(f"{label_of(spec)} = {text}")
    if problems:
        raise FilterProblems(problems)
    return Filter(soql=" AND ".join(parts), shown=", ".join(shown), fields=tuple(used))
