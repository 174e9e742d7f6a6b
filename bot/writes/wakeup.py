"""Waking write workers in other processes (PostgreSQL LISTEN/NOTIFY).

`sfbot serve` acks Slack in its web processes and runs writes in a separate write process, so
the process that stored an intent is not the one that runs it. Storing an intent on
PostgreSQL also sends a notification on `CHANNEL` (in the same statement, delivered once the
insert is committed), and each write process keeps one connection listening, to start the
write at once instead of at its next poll. Lost notifications only cost that wait: the workers
still poll.

A notification names the intent. With several write processes, each starts at once only the
intents of its share (id modulo their number), so one claim answers one intent instead of every
process racing for it; the others' intents still reach it through its polls.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Callable
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine, Executable, Insert, Select, String, cast, func, select

logger = logging.getLogger(__name__)

CHANNEL = "sfbot_write_intents"
# "index/count": this process starts at once the intents whose id % count == index.
SHARE_VARIABLE = "SFBOT_WRITER_SHARE"


def insert_and_notify(connection: Connection, insert: Insert) -> Executable:
    """``insert`` (``RETURNING`` the new row), sending the notification in the same statement
    on PostgreSQL: ``WITH stored AS (INSERT …) SELECT stored.*, pg_notify(…) FROM stored``.

    One round trip instead of two; listeners get it once the row is committed. On SQLite (no
    listeners) ``insert`` itself.
    """
    if connection.dialect.name != "postgresql":
        return insert
    return _insert_and_notify(insert)


@functools.lru_cache(maxsize=8)  # built once per insert statement: it keeps its cache key
def _insert_and_notify(insert: Insert) -> Select[Any]:
    stored = insert.cte("stored")
    notify = func.pg_notify(CHANNEL, cast(stored.c.id, String))
    return select(*stored.c, notify.label("notified"))


def share_from_environment() -> tuple[int, int] | None:
    """This write process's share of new intents, as `sfbot serve` set it (None: all)."""
    index, _, count = os.environ.get(SHARE_VARIABLE, "").partition("/")
    if not (index.isdigit() and count.isdigit()) or not int(index) < int(count):
        return None
    return int(index), int(count)


class IntentListener:
    """A thread that calls ``on_notify`` whenever another process stores an intent.

    Args:
        engine: The bot's PostgreSQL engine (its URL is reused for one dedicated connection).
        on_notify: Called on the listener thread (e.g. `WriteWorker.wake`).
        timeout: How long one wait for notifications lasts (also how soon `stop` is seen).
        share: ``(index, count)``: only intents whose id % count == index call ``on_notify``
            (see the module docstring); None: every intent.
    """

    def __init__(
        self,
        engine: Engine,
        on_notify: Callable[[], None],
        *,
        timeout: float = 1.0,
        share: tuple[int, int] | None = None,
    ) -> None:
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._on_notify = on_notify
        self._timeout = timeout
        self._share = share
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="intent-listener", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._on_notify()  # anything stored while we were not listening
                    self.listening.set()
                    while not self._stopping.is_set():
                        for notice in connection.notifies(timeout=self._timeout, stop_after=1):
                            if self._is_ours(notice.payload):
                                self._on_notify()
            except psycopg.Error:
                self.listening.clear()
                logger.warning("listening for new write intents failed; retrying", exc_info=True)
                self._stopping.wait(self._timeout)

    def _is_ours(self, payload: str) -> bool:
        if self._share is None or not payload.isdigit():
            return True
        index, count = self._share
        return int(payload) % count == index
