"""Which demo-org records the visitor's last action touched, read back from devkit/salesforce.

The side panel lists them with a link to the emulator's plain record view, so a visitor sees the
write land in the org and not only a friendly message in Slack.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# /services/data/vNN.N/sobjects/<Object>[/<Id>]
_SOBJECT = re.compile(r"/services/data/v[\d.]+/sobjects/(?P<object>\w+)(?:/|$)")
_COMPOSITE = re.compile(r"/services/data/v[\d.]+/composite")
_WRITES = {"POST", "PATCH", "PUT", "DELETE"}
# Composite requests do not name their objects in the URL; these are the ones the bot writes.
_COMMON_OBJECTS = (
    "Account",
    "Contact",
    "Opportunity",
    "OpportunityContactRole",
    "Lead",
    "Case",
    "Task",
    "Event",
    "ContentNote",
    "ContentDocumentLink",
)
_NAME_FIELDS = ("Name", "Title", "Subject", "CaseNumber")
# Salesforce's fixed key prefixes of the objects a note is attached to.
_PREFIXES = {"001": "Account", "003": "Contact", "006": "Opportunity", "00Q": "Lead", "500": "Case"}


class RecordTracker:
    """Marks where each visitor action starts, in the request log and on the org's clock.

    Writes run after Slack is acked (a worker thread), so records are read lazily: whatever
    changed since the last mark, each time the page asks.
    """

    def __init__(self, emu: Any) -> None:
        self.emu = emu
        self._mark = (len(emu.requests()), emu.org.now())
        self._lock = threading.Lock()
        self.acted = False  # whether a visitor did anything yet ("nothing yet" vs "nothing")

    @contextmanager
    def action(self) -> Iterator[None]:
        """Around a visitor action: the records it touches replace the previous action's."""
        mark = (len(self.emu.requests()), self.emu.org.now())
        yield
        with self._lock:
            self._mark = mark
            self.acted = True

    def last(self) -> list[dict[str, str]]:
        """Records written since the last action began, oldest first."""
        with self._lock:
            position, since = self._mark
        objects: list[str] = []
        for entry in self.emu.requests()[position:]:
            if entry.get("method") not in _WRITES or not 200 <= int(entry.get("status", 0)) < 300:
                continue
            path = str(entry.get("path", ""))
            match = _SOBJECT.search(path)
            found = [match.group("object")] if match else []
            if not found and _COMPOSITE.search(path):
                found = list(_COMMON_OBJECTS)
            objects += [name for name in found if name not in objects]
        rows = []
        for sobject in objects:
            try:
                records = self.emu.records(sobject, include_deleted=True)
            except KeyError:
                continue  # an object this org does not have: the write failed anyway
            for record in records:
                if str(record.get("SystemModstamp") or "") >= since:
                    rows.append(self._row(sobject, record, since))
        rows.sort(key=lambda row: row.pop("_at"))
        return rows

    def _row(self, sobject: str, record: dict[str, Any], since: str) -> dict[str, str]:
        if record.get("IsDeleted"):
            operation = "deleted"
        elif str(record.get("CreatedDate") or "") >= since:
            operation = "created"
        else:
            operation = "updated"
        record_id = str(record["Id"])
        row = {
            "object": sobject,
            "label": self._label(sobject),
            "id": record_id,
            "operation": operation,
            "name": _name(record) or record_id,
            "url": self.record_url(sobject, record_id),
            "_at": str(record.get("SystemModstamp") or ""),
        }
        linked = record.get("LinkedEntityId")
        if sobject == "ContentDocumentLink" and linked:
            # A note's link (it has no CreatedDate): name and link the record it attaches to.
            target = self.emu.record(str(linked)) or {}
            target_object = self._object_of(str(linked))
            row["operation"] = "deleted" if record.get("IsDeleted") else "linked"
            row["name"] = f"note on {_name(target) or linked}"
            row["label"] = self._label(target_object)
            row["linked_id"] = str(linked)
            row["url"] = self.record_url(target_object, str(linked))
        return row

    def _label(self, sobject: str) -> str:
        """The object's label in the org ("Note" for ContentNote), as Salesforce shows it."""
        try:
            return str(self.emu.org.definition.object(sobject).base.get("label") or sobject)
        except (AttributeError, KeyError, LookupError):
            return sobject

    def _object_of(self, record_id: str) -> str:
        try:
            return str(self.emu.org.definition.object_for_id(record_id).name)
        except (AttributeError, KeyError, LookupError):
            return _PREFIXES.get(record_id[:3], "Record")

    def record_url(self, sobject: str, record_id: str) -> str:
        """The emulator's plain HTML view of one record (the path of a Lightning record page)."""
        return f"{self.emu.base_url}/lightning/r/{sobject or 'Record'}/{record_id}/view"


def _name(record: dict[str, Any]) -> str:
    for field in _NAME_FIELDS:
        if record.get(field):
            return str(record[field])
    return ""
