"""SOQL and SOSL built from user text, with every literal escaped (pure strings, no I/O).

SOQL literals go through simple-salesforce's `format_soql` (`{}` quotes and escapes a value,
`{:like}` also escapes `%` and `_`). SOSL has no such helper: inside `FIND {…}` the reserved
characters `? & | ! { } [ ] ( ) ^ ~ * : \\ " ' + -` each need a backslash, and the words
AND, OR and NOT are operators unless quoted (Salesforce SOSL reference, "FIND {SearchQuery}").
Object and field names can't be escaped, so they must look like API names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from simple_salesforce import format_soql

from bot.salesforce.values import ValueProblem

SOSL_RESERVED = frozenset("?&|!{}[]()^~*:\\\"'+-")
SOSL_OPERATORS = frozenset({"and", "or", "not"})
SOSL_MAX_TERM = 200  # longer text is cut: nobody types a 200-character record name
_API_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,79}")
_SCOPES = frozenset({"ALL", "NAME", "EMAIL", "PHONE", "SIDEBAR"})


def api_name(name: str) -> str:
    """`name` if it is shaped like an object or field API name.

    Raises:
        ValueError: It isn't (it would not be safe to put in a query).
    """
    if not _API_NAME.fullmatch(name):
        raise ValueError(f"not a Salesforce API name: {name!r}")
    return name


def soql_literal(value: Any) -> str:
    """A SOQL literal for any value (`'O\\'Brien'`, `true`, `2026-12-31`), via `format_soql`."""
    return format_soql("{}", value)


def sosl_escape(text: str) -> str:
    """Escape SOSL's reserved characters and quote its operator words.

    Args:
        text: Search text as typed.

    Returns:
        Text safe inside `FIND {…}`: `Smith & Jones` → `Smith \\& Jones`, `and` → `"and"`.
    """
    words = []
    for word in text.split():
        escaped = "".join("\\" + ch if ch in SOSL_RESERVED else ch for ch in word)
        words.append(f'"{escaped}"' if word.casefold() in SOSL_OPERATORS else escaped)
    return " ".join(words)


def name_field(describe: Mapping[str, Any]) -> str:
    """The object's name field (`Name`, `CaseNumber`, `Subject`, `Title`) from its describe."""
    found = next((f["name"] for f in describe.get("fields", []) if f.get("nameField")), "Name")
    return api_name(found)


def records_named_soql(
    *,
    object_name: str,
    name: str,
    fields: Sequence[str] = ("Id",),
    name_field: str = "Name",
    partial: bool = False,
    limit: int = 10,
) -> str:
    """SOQL for "records of T named X": exact (case-insensitive in Salesforce) or containing X.

    Args:
        object_name: The object's API name.
        name: The name as typed.
        fields: Fields to select (the name field is added).
        name_field: The object's name field (see `name_field`).
        partial: Match names containing `name` (LIKE, with `%`/`_` escaped) instead of equal.
        limit: At most this many rows.
    """
    selected = ", ".join(dict.fromkeys(api_name(f) for f in (*fields, name_field)))
    where = "{:literal} LIKE '%{:like}%'" if partial else "{:literal} = {}"
    query = "SELECT {:literal} FROM {:literal} WHERE " + where + " ORDER BY {:literal} LIMIT {:d}"
    return format_soql(
        query, selected, api_name(object_name), name_field, name, name_field, max(1, int(limit))
    )


def records_named_sosl(
    *,
    text: str,
    returning: Mapping[str, Sequence[str]],
    limit: int = 5,
    scope: str = "NAME",
    prefix: bool = False,
) -> str:
    """SOSL to find records by what a user typed, across one or more objects.

    Args:
        text: Search text as typed (at least 2 letters or digits).
        returning: Object API name → fields to return (`{"Account": ["Id", "Name"]}`).
        limit: At most this many records per object.
        scope: `NAME` (names only, the default), `ALL`, `EMAIL` or `PHONE` fields.
        prefix: Match words starting with the last word typed (for typeahead menus).

    Raises:
        ValueProblem: The text has fewer than 2 letters or digits.
        ValueError: An object/field name or scope that isn't one.
    """
    if scope not in _SCOPES:
        raise ValueError(f"not a SOSL scope: {scope!r}")
    cut = " ".join(text.split())[:SOSL_MAX_TERM]
    if sum(ch.isalnum() for ch in cut) < 2:
        reason = "is too short to search for (type at least 2 letters)."
        raise ValueProblem(typed=text, reason=reason, example="acme")
    term = sosl_escape(cut)
    last = cut.split()[-1]
    if prefix and last.casefold() not in SOSL_OPERATORS and sum(ch.isalnum() for ch in last) >= 2:
        term += "*"
    objects = ", ".join(
        f"{api_name(obj)}({', '.join(api_name(f) for f in fields)} LIMIT {max(1, int(limit))})"
        for obj, fields in returning.items()
    )
    return f"FIND {{{term}}} IN {scope} FIELDS RETURNING {objects}"
