"""Record search for typeahead pickers (Slack external selects): SOSL across the usual objects.

One SOSL request per keystroke batch: Account, Contact, Opportunity and Lead, then the org's
searchable custom objects, each returning Id and Name. The typed text is escaped by
`bot.salesforce.search.records_named_sosl` (reserved characters, operator words).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.salesforce.search import records_named_sosl
from bot.salesforce.values import ValueProblem

STANDARD_OBJECTS = ("Account", "Contact", "Opportunity", "Lead")
MAX_OBJECTS = 8  # keeps the SOSL RETURNING list, and the picker's groups, short
MAX_RESULTS = 100  # Slack shows at most 100 options in an external select


@dataclass(frozen=True)
class Found:
    """One record for a picker option."""

    sobject: str
    label: str
    record_id: str
    name: str


def picker_objects(
    global_describe: Mapping[str, Any], *, standard: Sequence[str] = STANDARD_OBJECTS
) -> list[tuple[str, str]]:
    """``(API name, plural label)`` of the objects to search: ``standard`` first, then custom ones
    the user can search (custom objects always have a ``Name`` field)."""
    entries = {str(e.get("name")): e for e in global_describe.get("sobjects", [])}
    found = [
        (name, str(entries[name].get("labelPlural") or name))
        for name in standard
        if name in entries and entries[name].get("searchable", True)
    ]
    custom = sorted(
        (name, str(e.get("labelPlural") or e.get("label") or name))
        for name, e in entries.items()
        if e.get("custom") and e.get("searchable") and name.endswith("__c")
        and not e.get("customSetting")
    )  # fmt: skip
    return (found + custom)[:MAX_OBJECTS]


def search(
    sf: Any, text: str, *, objects: Sequence[tuple[str, str]], limit: int = MAX_RESULTS
) -> list[Found]:
    """Records whose name matches ``text`` (words typed so far, the last as a prefix).

    Returns:
        At most ``limit`` records, grouped by object in ``objects`` order; empty when the text
        is too short to search (fewer than 2 letters or digits).
    """
    if not objects:
        return []
    per_object = max(5, limit // len(objects))
    try:
        query = records_named_sosl(
            text=text,
            returning={name: ["Id", "Name"] for name, _label in objects},
            limit=per_object,
            prefix=True,
        )
    except ValueProblem:
        return []
    rows = sf.search(query).get("searchRecords", [])
    labels = dict(objects)
    by_object: dict[str, list[Found]] = {name: [] for name, _label in objects}
    for row in rows:
        sobject = (row.get("attributes") or {}).get("type")
        if sobject in by_object:
            name = str(row.get("Name") or row["Id"])
            by_object[sobject].append(Found(sobject, labels[sobject], str(row["Id"]), name))
    ordered = [found for name, _label in objects for found in by_object[name]]
    return ordered[:limit]
