"""A record's key fields, read with one SOQL query (lookups shown by the related record's name).

Used by `/sf show`, the delete confirmation, and anything else that shows a record card
(unfurls, App Home).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from simple_salesforce import format_soql

from bot.escape import escape_mrkdwn
from bot.salesforce.convert import label_of
from bot.salesforce.orgview import OrgView, name_field_of
from bot.salesforce.plan import KEY_FIELDS, shown_value
from bot.salesforce.search import api_name

MAX_KEY_FIELDS = 8
_ALWAYS = ("OwnerId",)
_SKIPPED_TYPES = frozenset({"address", "location", "base64", "textarea", "id"})


@dataclass(frozen=True)
class Summary:
    """A record as cards show it.

    Attributes:
        sobject: Its object's API name.
        object_label: The object's label (escaped).
        record_id: Its id.
        name: Its name (raw; builders escape it).
        fields: ``(api name, label, shown value)`` for its key fields, labels and values escaped.
        record_type_id: Its record type, when it has one.
    """

    sobject: str
    object_label: str
    record_id: str
    name: str
    fields: tuple[tuple[str, str, str], ...]
    record_type_id: str | None = None

    def display(self, *, instance_url: str) -> dict[str, Any]:
        """The JSON a write intent stores to describe this record in its result."""
        return {
            "object_label": self.object_label,
            "name": self.name,
            "fields": [list(f) for f in self.fields],
            "labels": {api: label for api, label, _shown in self.fields},
            "instance_url": instance_url,
        }


def key_fields(describe: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The fields a card shows: the usual ones of standard objects, then custom ones, then owner."""
    fields = {f["name"]: f for f in describe.get("fields", [])}
    name = name_field_of(describe)
    chosen = [fields[n] for n in KEY_FIELDS if n in fields and n != name]
    chosen += [
        f
        for f in describe.get("fields", [])
        if f["name"].endswith("__c") and f.get("type") not in _SKIPPED_TYPES
    ]
    chosen += [fields[n] for n in _ALWAYS if n in fields]
    return chosen[:MAX_KEY_FIELDS]


def _related(spec: Mapping[str, Any]) -> str | None:
    """`Account.Name` for a lookup, so the card shows a name rather than an id."""
    relationship = spec.get("relationshipName")
    if spec.get("type") != "reference" or not relationship:
        return None
    return f"{api_name(relationship)}.Name"


def _get(row: Mapping[str, Any], path: str) -> Any:
    value: Any = row
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def fetch_summary(view: OrgView, *, sobject: str, record_id: str) -> Summary | None:
    """Read a record's name and key fields (one query); None when it is not visible."""
    describe = view.describe(sobject)
    name = name_field_of(describe)
    specs = key_fields(describe)
    columns = [api_name(c) for c in ("Id", name, *[f["name"] for f in specs])]
    if len([i for i in describe.get("recordTypeInfos") or [] if not i.get("master")]) > 0:
        columns += [n for n in ("RecordTypeId",) if n in {f["name"] for f in describe["fields"]}]
    columns += [r for f in specs if (r := _related(f))]
    selected = ", ".join(dict.fromkeys(columns))
    soql = format_soql(
        "SELECT {:literal} FROM {:literal} WHERE Id = {}", selected, api_name(sobject), record_id
    )
    rows = view.sf.query(soql).get("records", [])
    if not rows:
        return None
    row = rows[0]
    shown = []
    for spec in specs:
        related = _related(spec)
        value = row.get(spec["name"])
        display_name = _get(row, related) if related else None
        if value in (None, ""):
            continue
        shown.append((spec["name"], label_of(spec), _shown(spec, value, display_name)))
    return Summary(
        sobject=sobject,
        object_label=escape_mrkdwn(str(describe.get("label", sobject))),
        record_id=str(row["Id"]),
        name=str(row.get(name) or row["Id"]),
        fields=tuple(shown),
        record_type_id=row.get("RecordTypeId"),
    )


def format_currency(value: int | float) -> str:
    """An amount as people read it: thousands separators, cents only when there are some."""
    return f"{value:,.2f}".removesuffix(".00")


def _shown(spec: Mapping[str, Any], value: Any, related_name: Any) -> str:
    if related_name:
        return escape_mrkdwn(str(related_name))
    if spec.get("type") == "currency" and isinstance(value, int | float):
        return format_currency(value)
    if spec.get("type") == "percent" and isinstance(value, int | float):
        return f"{value:g}%"
    return shown_value(value)
