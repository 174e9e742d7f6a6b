"""Waking write workers in other processes (PostgreSQL LISTEN/NOTIFY).

`sfbot serve` acks Slack in its web processes and runs writes in a separate write process, so
the process that stored an intent is not the one that runs it. Storing an intent on
PostgreSQL also sends a notification on `CHANNEL` (delivered when the insert commits), and each
write process keeps one connection listening, to start the write at once instead of at its
next poll. Lost notifications only cost that wait: the workers still poll.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

CHANNEL = "sfbot_write_intents"
_NOTIFY = text(f"SELECT pg_notify('{CHANNEL}', '')")


def notify_new_intent(session: Session) -> None:
    """Within the transaction that stores an intent: tell listening write processes."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_NOTIFY)


class IntentListener:
    """A thread that calls ``on_notify`` whenever another process stores an intent.

    Args:
        engine: The bot's PostgreSQL engine (its URL is reused for one dedicated connection).
        on_notify: Called on the listener thread (e.g. `WriteWorker.wake`).
        timeout: How long one wait for notifications lasts (also how soon `stop` is seen).
    """

    def __init__(
        self, engine: Engine, on_notify: Callable[[], None], *, timeout: float = 1.0
    ) -> None:
        self._conninfo = engine.url.set(drivername="postgresql").render_as_string(
            hide_password=False
        )
        self._on_notify = on_notify
        self._timeout = timeout
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
                        for _ in connection.notifies(timeout=self._timeout, stop_after=1):
                            self._on_notify()
            except psycopg.Error:
                self.listening.clear()
                logger.warning("listening for new write intents failed; retrying", exc_info=True)
                self._stopping.wait(self._timeout)
