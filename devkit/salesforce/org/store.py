"""Records in memory, with savepoints for all-or-none requests and optional SQLite persistence.

Every change goes through :meth:`Store.put`, which logs the previous version so a savepoint can be
rolled back (composite ``allOrNone``). Committing the outermost savepoint writes the changed rows
to SQLite when the store has a file (``--data FILE``).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (id TEXT PRIMARY KEY, sobject TEXT NOT NULL,
                                    data TEXT NOT NULL, meta TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Store:
    """Id → record dict (field API names → JSON values), grouped by sObject type."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.lock = threading.RLock()
        self.records: dict[str, dict[str, Any]] = {}
        self.types: dict[str, str] = {}
        self.meta: dict[str, dict[str, Any]] = {}
        self.by_type: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self._log: list[tuple[str, dict | None, str | None, dict | None]] = []
        self._depth = 0
        self._dirty: set[str] = set()
        self._db: sqlite3.Connection | None = None
        if path is not None:
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.executescript(_SCHEMA)

    # -- reading -----------------------------------------------------------------------------
    def get(self, record_id: str) -> dict[str, Any] | None:
        return self.records.get(record_id)

    def type_of(self, record_id: str) -> str | None:
        return self.types.get(record_id)

    def of_type(self, sobject: str) -> Iterator[dict[str, Any]]:
        return iter(list(self.by_type.get(sobject, {}).values()))

    # -- writing -----------------------------------------------------------------------------
    def put(self, sobject: str, record: dict[str, Any], meta: dict[str, Any] | None = None) -> None:
        """Insert or replace a record (its ``Id`` is the key)."""
        rid = record["Id"]
        self._remember(rid)
        self.records[rid] = record
        self.types[rid] = sobject
        self.by_type[sobject][rid] = record
        if meta is not None:
            self.meta[rid] = meta
        self._dirty.add(rid)

    def remove(self, record_id: str) -> None:
        """Forget a record entirely (used for hard deletes and rollbacks)."""
        self._remember(record_id)
        self._drop(record_id)
        self._dirty.add(record_id)

    def _drop(self, record_id: str) -> None:
        sobject = self.types.pop(record_id, None)
        self.records.pop(record_id, None)
        self.meta.pop(record_id, None)
        if sobject is not None:
            self.by_type[sobject].pop(record_id, None)

    def _remember(self, rid: str) -> None:
        if self._depth:
            old = self.records.get(rid)
            self._log.append(
                (
                    rid,
                    dict(old) if old is not None else None,
                    self.types.get(rid),
                    dict(self.meta[rid]) if rid in self.meta else None,
                )
            )

    # -- savepoints --------------------------------------------------------------------------
    def begin(self) -> int:
        """Open a savepoint; returns a mark for :meth:`rollback`/:meth:`commit`."""
        self._depth += 1
        return len(self._log)

    def rollback(self, mark: int) -> None:
        """Undo every change made since ``mark`` and close the savepoint."""
        while len(self._log) > mark:
            rid, old, sobject, meta = self._log.pop()
            self._drop(rid)
            if old is not None and sobject is not None:
                self.records[rid] = old
                self.types[rid] = sobject
                self.by_type[sobject][rid] = old
                if meta is not None:
                    self.meta[rid] = meta
        self._depth -= 1
        self._finish()

    def commit(self, mark: int) -> None:
        """Close the savepoint, keeping its changes."""
        del mark
        self._depth -= 1
        self._finish()

    def _finish(self) -> None:
        if self._depth == 0:
            self._log.clear()
            self.flush()

    # -- persistence -------------------------------------------------------------------------
    def flush(self) -> None:
        """Write changed records to SQLite (no-op in memory)."""
        if self._db is None or not self._dirty:
            self._dirty.clear()
            return
        rows_put, rows_del = [], []
        for rid in self._dirty:
            if rid in self.records:
                rows_put.append(
                    (
                        rid,
                        self.types[rid],
                        json.dumps(self.records[rid]),
                        json.dumps(self.meta.get(rid, {})),
                    )
                )
            else:
                rows_del.append((rid,))
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?)", rows_put)
            self._db.executemany("DELETE FROM records WHERE id = ?", rows_del)
        self._dirty.clear()

    def load(self) -> bool:
        """Read every record from SQLite; False when the file holds no records yet."""
        if self._db is None:
            return False
        rows = self._db.execute("SELECT id, sobject, data, meta FROM records").fetchall()
        for rid, sobject, data, meta in rows:
            record = json.loads(data)
            self.records[rid] = record
            self.types[rid] = sobject
            self.by_type[sobject][rid] = record
            self.meta[rid] = json.loads(meta)
        return bool(rows)

    def kv_get(self, key: str) -> Any:
        if self._db is None:
            return None
        row = self._db.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def kv_put(self, key: str, value: Any) -> None:
        if self._db is not None:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO kv VALUES (?, ?)", (key, json.dumps(value))
                )

    def clear(self) -> None:
        """Drop every record (reset), in memory and on disk."""
        self.records.clear()
        self.types.clear()
        self.meta.clear()
        self.by_type.clear()
        self._log.clear()
        self._dirty.clear()
        if self._db is not None:
            with self._db:
                self._db.execute("DELETE FROM records")
                self._db.execute("DELETE FROM kv")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
