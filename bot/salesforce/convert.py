"""One typed value → the JSON value Salesforce takes for one field, from the field's describe.

Field types and attributes follow the describe (`DescribeFieldResult`):
https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm
References are not looked up here: they come back as `ReferenceToResolve` for the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.fields import closest
from bot.salesforce.ids import is_record_id, key_prefix, parse_record_url, to_18
from bot.salesforce.per_describe import per_describe
from bot.salesforce.values import (
    EXAMPLES,
    UserContext,
    ValueProblem,
    parse_duration,
    parse_value,
)

_NUMBERS = frozenset({"int", "long", "double", "currency", "percent"})
_STRINGS = frozenset({"string", "textarea", "encryptedstring", "email", "phone", "url", "combobox"})
_UNSUPPORTED = frozenset({"address", "location", "base64", "complexvalue", "id", "datacategorygroupreference"})  # fmt: skip  # noqa: E501
_DURATION = re.compile(r"Duration(InMinutes|InSeconds)?(__c)?$", re.IGNORECASE)
LIST_LIMIT = 12  # valid values listed in a message; longer lists go to the modal

MESSAGES = {
    "too_long": "{label} is too long: {length} characters, at most {limit}.",
    "too_big": "{label} is too big: at most {digits} digits before the decimal point.",
    "not_allowed": "{typed} isn't a {label} value.",
    "not_allowed_rt": "{typed} isn't a {label} value for this record type.",
    "did_you_mean": " Did you mean {suggestion}?",
    "valid": " Valid values: {values}.",
    "wrong_object": "{label} must point to {targets}; {typed} is a {actual}.",
    "bad_id": "{typed} isn't a valid Salesforce id for {label}.",
    "unsupported": "{label} can't be set from Slack (it is a {type} field).",
    "typed_value": "{label}: {problem}",
}


class ConversionProblem(ValueError):
    """A value can't be used for a field; `message` is Slack-safe and names the field's label."""

    def __init__(
        self, message: str, *, valid_values: Sequence[str] = (), example: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.valid_values = tuple(valid_values)
        self.example = example


@dataclass(frozen=True)
class ReferenceToResolve:
    """A lookup field the caller must resolve to a record id before writing.

    Attributes:
        field: The lookup field's API name (`AccountId`).
        label: Its label (`Account ID`).
        typed: What the user typed: a name, an id or a pasted link.
        targets: The objects it may point to (`("Account",)`; several for `WhatId`).
        record_id: The 18-character id when an id or link was typed (existence still unchecked).
        object_name: The object the id or link names, when known.
    """

    field: str
    label: str
    typed: str
    targets: tuple[str, ...]
    record_id: str | None = None
    object_name: str | None = None


def label_of(spec: Mapping[str, Any]) -> str:
    """A field's label for messages (`Account ID` → `Account`), escaped for Slack."""
    label = str(spec.get("label") or spec["name"])
    if spec.get("type") == "reference":
        label = re.sub(r"\s+ID$", "", label)
    return escape_mrkdwn(label)


@per_describe
def field_labels(describe: Mapping[str, Any]) -> dict[str, str]:
    """`label_of` each field of an object, by API name."""
    return {f["name"]: label_of(f) for f in describe.get("fields", [])}


def picklist_values(spec: Mapping[str, Any]) -> list[str]:
    """The active values of a picklist field, in the describe's order."""
    return [v["value"] for v in spec.get("picklistValues") or [] if v.get("active", True)]


def _listing(values: Sequence[str]) -> str:
    shown = ", ".join(quote_user_text(v) for v in values[:LIST_LIMIT])
    return shown + (f" and {len(values) - LIST_LIMIT} more" if len(values) > LIST_LIMIT else "")


def _pick(spec: Mapping[str, Any], typed: str, allowed: Sequence[str] | None) -> str:
    """A picklist value in Salesforce's spelling; unknown values only where the field allows."""
    labels = {v["label"].casefold(): v["value"] for v in spec.get("picklistValues") or []}
    choices = list(allowed) if allowed is not None else picklist_values(spec)
    wanted = typed.strip()
    by_value = {c.casefold(): c for c in choices}
    match = by_value.get(wanted.casefold()) or by_value.get(
        labels.get(wanted.casefold(), "").casefold()
    )
    if match is not None:
        return match
    if allowed is None and not spec.get("restrictedPicklist"):
        return labels.get(wanted.casefold(), wanted)
    key = "not_allowed_rt" if allowed is not None else "not_allowed"
    message = MESSAGES[key].format(typed=quote_user_text(typed), label=label_of(spec))
    suggestion = closest(wanted, choices, limit=1)
    if suggestion:
        message += MESSAGES["did_you_mean"].format(suggestion=quote_user_text(suggestion[0]))
    message += MESSAGES["valid"].format(values=_listing(choices))
    raise ConversionProblem(message, valid_values=choices, example=choices[0] if choices else None)


def _number(spec: Mapping[str, Any], value: Decimal) -> int | float:
    kind = spec["type"]
    scale = 0 if kind in ("int", "long") else spec.get("scale") or 0
    if kind in ("int", "long"):
        integer_digits = spec.get("digits") or (18 if kind == "long" else 9)
    else:
        integer_digits = (spec.get("precision") or 18) - scale
    if value and value.adjusted() + 1 > integer_digits:
        message = MESSAGES["too_big"].format(label=label_of(spec), digits=integer_digits)
        raise ConversionProblem(message, example=EXAMPLES.get(kind, "12"))
    # Salesforce rounds to the field's scale; doing it here shows the stored value in replies.
    value = value.quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP)
    return int(value) if value == value.to_integral_value() else float(value)


def _reference(
    spec: Mapping[str, Any], typed: str, prefixes: Mapping[str, str] | None
) -> ReferenceToResolve:
    targets = tuple(spec.get("referenceTo") or ())
    label = label_of(spec)
    text = typed.strip()
    record_id, object_name = None, None
    link = parse_record_url(text) if "://" in text else None
    if link is not None:
        record_id, object_name = link.record_id, link.object_name
    elif is_record_id(text):
        record_id = to_18(text)
    elif (
        re.fullmatch(r"[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}", text) and len(re.findall(r"\d", text)) > 3
    ):
        # looks like an id (names rarely are 15 or 18 characters with many digits)
        message = MESSAGES["bad_id"].format(typed=quote_user_text(typed), label=label)
        raise ConversionProblem(message, example="0015g00000AbCdEAAV")
    if record_id is not None and object_name is None and prefixes:
        object_name = prefixes.get(key_prefix(record_id))
    if (
        object_name is not None
        and targets
        and object_name.casefold() not in {t.casefold() for t in targets}
    ):
        message = MESSAGES["wrong_object"].format(
            label=label,
            targets=" or ".join(escape_mrkdwn(t) for t in targets[:5]),
            typed=quote_user_text(typed),
            actual=escape_mrkdwn(object_name),
        )
        raise ConversionProblem(message)
    return ReferenceToResolve(
        field=spec["name"],
        label=label,
        typed=text,
        targets=targets,
        record_id=record_id,
        object_name=object_name,
    )


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M:%S.000Z")
    return value


def convert(
    spec: Mapping[str, Any],
    typed: str,
    *,
    ctx: UserContext | None = None,
    allowed: Sequence[str] | None = None,
    key_prefixes: Mapping[str, str] | None = None,
) -> Any:
    """Turn typed text into the JSON value Salesforce takes for this field.

    Args:
        spec: The field's describe.
        typed: What the user typed (not empty; emptiness is the caller's rule).
        ctx: The user's locale and time zone.
        allowed: Picklist values valid for the chosen record type, when known.
        key_prefixes: `{key prefix: object}` from the global describe, to check pasted ids.

    Returns:
        A JSON-ready value, or a `ReferenceToResolve` for lookup fields.

    Raises:
        ConversionProblem: The text is not a valid value for this field.
    """
    kind = spec.get("type", "string")
    label = label_of(spec)
    if kind in _UNSUPPORTED:
        raise ConversionProblem(MESSAGES["unsupported"].format(label=label, type=kind))
    if kind == "reference":
        return _reference(spec, typed, key_prefixes)
    if kind == "picklist":
        return _pick(spec, typed, allowed)
    if kind == "multipicklist":
        parts = [p for p in re.split(r"\s*[;,]\s*", typed.strip()) if p]
        return ";".join(dict.fromkeys(_pick(spec, p, allowed) for p in parts))
    try:
        if kind == "int" and _DURATION.search(spec["name"]):
            # `30m`, `1h30m`; a bare number means minutes, as people say "a 30 call"
            seconds = parse_duration(typed)
            return seconds if "Seconds" in spec["name"] else round(seconds / 60)
        value = parse_value(typed, field_type=kind, ctx=ctx)
    except ValueProblem as exc:
        message = MESSAGES["typed_value"].format(label=label, problem=exc.message)
        raise ConversionProblem(message, example=exc.example) from exc
    if kind in _NUMBERS:
        return _number(spec, value)
    if kind == "combobox":
        value = next((v for v in picklist_values(spec) if v.casefold() == value.casefold()), value)
    if kind in _STRINGS and spec.get("length") and len(value) > spec["length"]:
        message = MESSAGES["too_long"].format(label=label, length=len(value), limit=spec["length"])
        raise ConversionProblem(message)
    return _to_json(value)
