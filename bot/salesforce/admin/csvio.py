"""CSV for contacts and leads: export rows, and read pasted CSV for an import matched on email.

Columns are the fields people keep in spreadsheets (those the org has and the user can see).
Cells that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) get a
leading apostrophe on export (OWASP "CSV Injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from simple_salesforce import format_soql

from bot.salesforce.search import api_name

COLUMNS = {
    "Contact": ("Id", "FirstName", "LastName", "Email", "Phone", "Title", "AccountId"),
    "Lead": ("Id", "FirstName", "LastName", "Email", "Phone", "Title", "Company", "Status"),
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns_for(sobject: str, describe: Mapping[str, Any]) -> list[str]:
    """The export/import columns of ``sobject`` that this user's describe has."""
    present = {f["name"] for f in describe.get("fields", [])}
    return [name for name in COLUMNS[sobject] if name in present]


def safe_cell(value: Any) -> str:
    """A cell's text, defused when a spreadsheet would treat it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_rows(
    sf: Any, *, sobject: str, columns: Sequence[str], where: str | None
) -> Iterable[dict[str, Any]]:
    """Every matching record, page by page (``query_all_iter`` follows nextRecordsUrl)."""
    soql = format_soql(
        "SELECT {:literal} FROM {:literal}",
        ", ".join(api_name(c) for c in columns),
        api_name(sobject),
    )
    if where:
        soql += " WHERE " + where  # built by `bot.salesforce.admin.filters` (escaped literals)
    soql += " ORDER BY Id"
    for row in sf.query_all_iter(soql):
        yield {column: row.get(column) for column in columns}


def write_csv(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    """The CSV text in pieces (header first), for a streamed download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(row.get(column)) for column in columns])
        yield buffer.getvalue()
