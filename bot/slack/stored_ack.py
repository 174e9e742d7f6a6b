"""Ack a click once the write it leads to is stored, or at Slack's deadline if that is later.

DESIGN.md "Writes": the write intent is stored before Slack is acked, so a process that dies
right after the ack still has the write. Clicks that run a command again (a pick, Connect's
Continue) reach the store only after the command's checks, some of them Salesforce calls: when
those outlast the deadline, Slack is acked first (never later than its 3 s) and the write is
stored when the checks end, under the same idempotency key.
"""

from __future__ import annotations

import threading
from types import TracebackType

from slack_bolt import Ack

# Slack gives up 3 s after sending; the request reached the listener a little later, and a busy
# box needs some slack of its own.
ACK_DEADLINE_SECONDS = 2.0


class StoredAck:
    """Acks Slack once: when called, at the deadline, or on leaving the ``with`` block.

    Leaving the block on an exception acks too, so the global error handler answers the user
    through ``response_url`` instead of Slack showing an error.
    """

    def __init__(self, ack: Ack, *, deadline_seconds: float = ACK_DEADLINE_SECONDS) -> None:
        self._ack = ack
        self._lock = threading.Lock()
        self._acked = False
        self._timer = threading.Timer(deadline_seconds, self)
        self._timer.daemon = True

    def __call__(self) -> None:
        with self._lock:
            if self._acked:
                return
            self._acked = True
        self._timer.cancel()
        self._ack()

    def __enter__(self) -> StoredAck:
        self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self()
