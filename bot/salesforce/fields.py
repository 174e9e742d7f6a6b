"""User field names → Salesforce API names, from an object's describe.

People type API names or labels in any case, with `_`, spaces or dots (`close_date`, `CloseDate`,
"close date"), or short words for common fields (`close`, `stage`, `account`). A near miss gets
"did you mean StageName?".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from bot.escape import escape_mrkdwn, quote_user_text

# Short words for common fields; each applies only where the object has that field.
ALIASES: dict[str, tuple[str, ...]] = {
    "close": ("CloseDate",),
    "stage": ("StageName",),
    "amount": ("Amount",),
    "account": ("AccountId",),
    "owner": ("OwnerId",),
    "first": ("FirstName",),
    "last": ("LastName",),
    "email": ("Email",),
    "phone": ("Phone",),
    "company": ("Company",),
    "status": ("Status",),
    "subject": ("Subject",),
    "due": ("ActivityDate",),
    "priority": ("Priority",),
    "contact": ("ContactId", "WhoId"),
    "opportunity": ("OpportunityId", "WhatId"),
    "recordtype": ("RecordTypeId",),
    "duration": ("DurationInMinutes", "CallDurationInSeconds"),
}
_IGNORED = re.compile(r"[\s_.\-]+")

MESSAGES = {
    "unknown": "{object} has no field {typed}.",
    "did_you_mean": " Did you mean {suggestions}?",
}


def normalize_name(name: str) -> str:
    """Case-fold and drop `_`, spaces, dots and dashes: `Close_Date`, "close date" → `closedate`."""
    return _IGNORED.sub("", name).casefold()


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field; `message` is Slack-safe and names the field by label.

    Attributes:
        field: The API name, or what the user typed when no field matched.
        label: The field's label (or the typed name).
        message: What is wrong and what would be valid.
        valid_values: The allowed values, when there is a short list.
        example: An example of a valid value.
        suggestions: Field API names that are close to an unknown name.
    """

    field: str
    label: str
    message: str
    valid_values: tuple[str, ...] = ()
    example: str | None = None
    suggestions: tuple[str, ...] = ()


class UnknownField(LookupError):
    """No field of the object matches the typed name."""

    def __init__(self, problem: FieldProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _writable(spec: Mapping[str, Any]) -> bool:
    return bool(spec.get("createable") or spec.get("updateable"))


class FieldIndex:
    """Looks up the fields of one object's describe by whatever name a user types."""

    def __init__(self, describe: Mapping[str, Any]) -> None:
        self.object_name: str = describe.get("name", "")
        self.object_label: str = describe.get("label", self.object_name)
        self.fields: dict[str, Mapping[str, Any]] = {f["name"]: f for f in describe["fields"]}
        # Lookup levels, strongest first; a later level never overrides an earlier one.
        self._levels: list[dict[str, str]] = []
        by_name = {normalize_name(n): n for n in self.fields}
        aliases = {
            key: next(n for n in names if n in self.fields)
            for key, names in ALIASES.items()
            if any(n in self.fields for n in names)
        }
        self._levels += [by_name, aliases]
        for keys in (
            lambda f: [f.get("relationshipName") or ""],
            lambda f: [f.get("label") or ""],
            lambda f: [re.sub(r"\s+ID$", "", f.get("label") or ""), f["name"].removesuffix("__c")],
        ):
            level: dict[str, str] = {}
            for spec in sorted(self.fields.values(), key=lambda f: not _writable(f)):
                for key in keys(spec):
                    if key:
                        level.setdefault(normalize_name(key), spec["name"])
            self._levels.append(level)
        self._choices = {key: api for level in reversed(self._levels) for key, api in level.items()}

    def find(self, typed: str) -> Mapping[str, Any] | None:
        """The field spec for a typed name (a writable match preferred), or None."""
        key = normalize_name(typed)
        matches = [self.fields[level[key]] for level in self._levels if key in level]
        # "forecast category" is the read-only ForecastCategory by name, and the writable
        # ForecastCategoryName by label: people typing it want the one they can write.
        return next((f for f in matches if _writable(f)), matches[0] if matches else None)

    def suggest(self, typed: str, *, limit: int = 3) -> list[str]:
        """API names of writable fields whose name or label is close to `typed`."""
        found: list[str] = []
        matches = process.extract(
            normalize_name(typed), list(self._choices), scorer=fuzz.ratio, limit=20, score_cutoff=70
        )
        for key, _score, _ in matches:
            api = self._choices[key]
            if api not in found and _writable(self.fields[api]):
                found.append(api)
        return found[:limit]

    def _shown(self, name: str) -> str:
        """A suggested field as people know it: its label, then the API name when it differs."""
        label = escape_mrkdwn(str(self.fields[name].get("label") or name))
        if normalize_name(label) == normalize_name(name):
            return label
        return f"{label} (`{name}`)"

    def resolve(self, typed: str) -> Mapping[str, Any]:
        """The field spec for a typed name.

        Raises:
            UnknownField: Nothing matches; the problem carries close suggestions.
        """
        spec = self.find(typed)
        if spec is not None:
            return spec
        suggestions = self.suggest(typed)
        message = MESSAGES["unknown"].format(
            object=escape_mrkdwn(self.object_label), typed=quote_user_text(typed)
        )
        if suggestions:
            named = " or ".join(self._shown(s) for s in suggestions)
            message += MESSAGES["did_you_mean"].format(suggestions=named)
        raise UnknownField(
            FieldProblem(field=typed, label=typed, message=message, suggestions=tuple(suggestions))
        )


def resolve_fields(
    names: Iterable[str], *, describe: Mapping[str, Any] | FieldIndex
) -> tuple[dict[str, str], list[FieldProblem]]:
    """Resolve many typed names at once, collecting every unknown one.

    Args:
        names: Field names as typed.
        describe: The object's describe (or a `FieldIndex` built from it).

    Returns:
        `{typed: api_name}` for the names that matched, and a problem per name that did not.
    """
    index = describe if isinstance(describe, FieldIndex) else FieldIndex(describe)
    resolved: dict[str, str] = {}
    problems: list[FieldProblem] = []
    for typed in names:
        try:
            resolved[typed] = index.resolve(typed)["name"]
        except UnknownField as exc:
            problems.append(exc.problem)
    return resolved, problems


def closest(typed: str, choices: Sequence[str], *, limit: int = 3, cutoff: int = 70) -> list[str]:
    """Choices close to `typed` (case-insensitive), best first: for "did you mean …" on values."""
    lowered = {c.casefold(): c for c in choices}
    found = process.extract(typed.casefold(), list(lowered), scorer=fuzz.WRatio, limit=limit,
                            score_cutoff=cutoff)  # fmt: skip
    return [lowered[k] for k, _s, _ in found]
