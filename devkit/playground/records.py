"""Which demo-org records the visitor's last action touched, read from devkit/salesforce's log.

The side panel lists them with a link to the emulator's plain record view, so a visitor sees the
write land in the org and not just a friendly message in Slack.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# /services/data/vNN.N/sobjects/<Object>[/<Id>]
_SOBJECT = re.compile(r"/services/data/v[\d.]+/sobjects/(?P<object>\w+)(?:/(?P<id>\w{15,18}))?/?$")
_OPERATIONS = {"POST": "created", "PATCH": "updated", "PUT": "updated", "DELETE": "deleted"}


class RecordTracker:
    """Marks where each visitor action starts in the emulator's request log.

    Writes run after Slack is acked (a worker thread), so the records are read lazily: whatever
    the log holds after the last mark, each time the page asks.
    """

    def __init__(self, emu: Any) -> None:
        self.emu = emu
        self._mark = len(emu.requests())
        self._lock = threading.Lock()

    @contextmanager
    def action(self) -> Iterator[None]:
        """Around a visitor action: the records it touches replace the previous action's."""
        with self._lock:
            mark = len(self.emu.requests())
        yield
        with self._lock:
            self._mark = mark

    def last(self) -> list[dict[str, str]]:
        """The records written since the last action began, newest last, one row per record."""
        with self._lock:
            mark = self._mark
        rows: dict[str, dict[str, str]] = {}
        for entry in self.emu.requests()[mark:]:
            row = self._row(entry)
            if row is not None:
                rows[row["id"]] = {**rows.get(row["id"], {}), **row}
        return list(rows.values())

    def _row(self, entry: dict[str, Any]) -> dict[str, str] | None:
        method = str(entry.get("method", "")).upper()
        status = int(entry.get("status") or 0)
        if method not in _OPERATIONS or not 200 <= status < 300:
            return None
        match = _SOBJECT.search(str(entry.get("path", "")).split("?", 1)[0])
        if match is None:
            return None
        record_id = match.group("id") or entry.get("record_id") or entry.get("id")
        if not record_id:
            return None
        return {
            "object": match.group("object"),
            "id": str(record_id),
            "operation": _OPERATIONS[method],
            "name": str(entry.get("record_name") or record_id),
            "url": self.record_url(str(record_id)),
        }

    def record_url(self, record_id: str) -> str:
        """The emulator's plain HTML view of one record."""
        view = getattr(self.emu, "record_view_url", None)
        if callable(view):
            return str(view(record_id))
        return f"{self.emu.base_url}/__devkit/records/{record_id}"
