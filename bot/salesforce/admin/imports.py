"""Pasted CSV → a checked import plan for contacts or leads, matched on email.

Each row whose email matches an existing record updates the fields that differ (blank cells
leave a field as it is); other rows create a record. Values are checked against the describe
as typed values are (`check_write`): a bad row is reported with its number and skipped.
Lookups (AccountId) take record ids, as an export from `/sf export` has them.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from simple_salesforce import format_soql

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.admin.changes import chunks
from bot.salesforce.admin.csvio import COLUMNS
from bot.salesforce.fields import FieldIndex
from bot.salesforce.orgview import OrgView, field_names
from bot.salesforce.validate import check_write
from bot.salesforce.values import UserContext

MATCH_FIELD = "Email"
MAX_ROWS = 1000
MESSAGES = {
    "empty": "Paste CSV text with a header row, e.g. `Email,FirstName,LastName`.",
    "no_email": "The header needs an Email column: rows are matched on email.",
    "column": "Column {column} isn't one I import for {noun}. Columns: {columns}.",
    "twice": "Column {column} appears twice.",
    "too_many": "That is {count:,} rows; import at most {limit:,} at a time.",
    "unreadable": "I can't read that as CSV ({reason}).",
    "cells": "has {count} cells but the header has {expected}.",
    "no_row_email": "has no email, so I can't match it.",
    "same_email": "has the same email as row {other}.",
    "several": "matches {count} existing {noun} with this email; fix the duplicates first.",
    "reference": "{label}: use the record's id (an export has it).",
}


class CsvProblem(ValueError):
    """The pasted text can't be used at all; ``message`` is Slack-safe."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Row:
    """One data row: its line number in the paste, its email and its non-blank cells."""

    number: int
    email: str
    cells: dict[str, str]


@dataclass
class ImportPlan:
    """What an import will do. Creates/updates are ``{"row", "name", "email", "fields"}``
    (updates also ``"id"``); problems are ``(row number, escaped message)``."""

    sobject: str
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def read_csv(text: str, *, sobject: str, describe: dict[str, Any]) -> tuple[list[Row], list]:
    """Rows of pasted CSV with API-named columns, and per-row problems.

    Raises:
        CsvProblem: No header, no Email column, unknown columns, too many rows.
    """
    if not text.strip():
        raise CsvProblem(MESSAGES["empty"])
    try:
        lines = list(csv.reader(io.StringIO(text.strip("\n"))))
    except csv.Error as error:
        raise CsvProblem(MESSAGES["unreadable"].format(reason=escape_mrkdwn(str(error)))) from None
    index = FieldIndex(describe)
    allowed = [c for c in COLUMNS[sobject] if c in field_names(describe)]
    header: list[str | None] = []
    for typed in lines[0]:
        spec = index.find(typed.strip()) if typed.strip() else None
        name = spec["name"] if spec is not None else None
        if name not in allowed:
            noun = escape_mrkdwn(str(describe.get("labelPlural", sobject))).lower()
            raise CsvProblem(
                MESSAGES["column"].format(
                    column=quote_user_text(typed), noun=noun, columns=", ".join(allowed)
                )
            )
        if name in header:
            raise CsvProblem(MESSAGES["twice"].format(column=quote_user_text(typed)))
        header.append(name)
    if MATCH_FIELD not in header:
        raise CsvProblem(MESSAGES["no_email"])
    data = [
        (n, cells) for n, cells in enumerate(lines[1:], start=2) if any(c.strip() for c in cells)
    ]
    if len(data) > MAX_ROWS:
        raise CsvProblem(MESSAGES["too_many"].format(count=len(data), limit=MAX_ROWS))
    rows: list[Row] = []
    problems: list[tuple[int, str]] = []
    for number, cells in data:
        if len(cells) != len(header):
            problems.append(
                (number, MESSAGES["cells"].format(count=len(cells), expected=len(header)))
            )
            continue
        values = {
            name: cell.strip()
            for name, cell in zip(header, cells, strict=True)
            if name and name != "Id" and cell.strip()
        }
        email = values.get(MATCH_FIELD, "").casefold()
        if not email:
            problems.append((number, MESSAGES["no_row_email"]))
            continue
        rows.append(Row(number=number, email=email, cells=values))
    return rows, problems


def _existing(view: OrgView, sobject: str, emails: Sequence[str], columns: Sequence[str]) -> dict:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    selected = ", ".join(dict.fromkeys(["Id", "Name", *columns]))
    converted = " AND IsConverted = false" if sobject == "Lead" else ""
    for batch in chunks(list(emails)):
        soql = format_soql(
            "SELECT {:literal} FROM {:literal} WHERE Email IN {}{:literal}",
            selected,
            sobject,
            list(batch),
            converted,
        )
        for record in view.sf.query_all(soql).get("records", []):
            found[str(record.get("Email") or "").casefold()].append(record)
    return found


def _same(current: Any, new: Any) -> bool:
    if current is None or new is None:
        return current is None and new is None
    if isinstance(new, bool) or isinstance(current, bool):
        return current is new
    if isinstance(new, int | float) and isinstance(current, int | float):
        return float(current) == float(new)
    return str(current).strip().casefold() == str(new).strip().casefold()


def plan_import(
    view: OrgView, *, sobject: str, rows: Sequence[Row], ctx: UserContext | None = None
) -> ImportPlan:
    """Match rows on email, check their values, and decide create / update / unchanged."""
    describe = view.describe(sobject)
    noun = escape_mrkdwn(str(describe.get("labelPlural", sobject))).lower()
    plan = ImportPlan(sobject=sobject)
    columns = [c for c in COLUMNS[sobject] if c in field_names(describe) and c != "Id"]
    existing = _existing(view, sobject, sorted({row.email for row in rows}), columns)
    seen: dict[str, int] = {}
    for row in rows:
        if row.email in seen:
            plan.problems.append((row.number, MESSAGES["same_email"].format(other=seen[row.email])))
            continue
        seen[row.email] = row.number
        matches = existing.get(row.email, [])
        if len(matches) > 1:
            text = MESSAGES["several"].format(count=len(matches), noun=noun)
            plan.problems.append((row.number, text))
            continue
        check = check_write(
            describe=describe,
            operation="update" if matches else "create",
            fields=row.cells,
            ctx=ctx,
            key_prefixes=view.key_prefixes(),
        )
        messages = [p.message for p in check.problems]
        values = dict(check.values)
        for ref in check.references:
            if ref.record_id:
                values[ref.field] = ref.record_id
            else:
                messages.append(MESSAGES["reference"].format(label=escape_mrkdwn(ref.label)))
        if messages:
            plan.problems.append((row.number, " ".join(messages)))
            continue
        name = " ".join(str(values.get(k) or "") for k in ("FirstName", "LastName")).strip()
        entry = {"row": row.number, "email": row.email, "fields": values}
        if not matches:
            plan.creates.append({**entry, "name": name or row.email})
            continue
        current = matches[0]
        changed = {k: v for k, v in values.items() if not _same(current.get(k), v)}
        if not changed:
            plan.unchanged += 1
            continue
        plan.updates.append(
            {**entry, "id": current["Id"], "name": current.get("Name") or name, "fields": changed}
        )
    return plan
