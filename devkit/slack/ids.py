"""Identifiers in Slack's formats (trigger ids, message timestamps, view ids and hashes)."""

from __future__ import annotations

import itertools
import re
import secrets
import string
import threading
import time

TRIGGER_ID_RE = re.compile(r"^\d+\.\d+\.[0-9a-f]+$")
_ALNUM = string.ascii_uppercase + string.digits


class IdFactory:
    """Makes unique ids; thread-safe, so concurrent handlers never share a message ts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counter = itertools.count(1)
        self._last_ts = 0.0

    def _next(self) -> int:
        with self._lock:
            return next(self._counter)

    def trigger_id(self) -> str:
        """A trigger id shaped like ``768915595217.771150964790.bbc12e4f…`` (digits.digits.hex)."""
        head = int(time.time() * 1000) + self._next()
        return f"{head}.{secrets.randbelow(10**12)}.{secrets.token_hex(16)}"

    def message_ts(self) -> str:
        """A message timestamp (``seconds.micro``), strictly increasing across the simulator."""
        with self._lock:
            now = max(time.time(), self._last_ts + 0.000001)
            self._last_ts = now
        return f"{now:.6f}"

    def prefixed(self, prefix: str, length: int = 10) -> str:
        """An id such as ``V0A1B2C3D4`` (views) or ``Ev0123ABCD`` (events)."""
        n = self._next()
        tail = "".join(secrets.choice(_ALNUM) for _ in range(max(2, length - 6)))
        return f"{prefix}{n:05d}{tail}"[: length + len(prefix)]

    def view_hash(self) -> str:
        """A view hash like ``1569562184.10297bc3``; it changes on every update."""
        return f"{int(time.time())}.{secrets.token_hex(4)}"

    def secret(self, nbytes: int = 12) -> str:
        """An unguessable url-safe token (response_url tails, bot tokens)."""
        return secrets.token_urlsafe(nbytes).replace("-", "x").replace("_", "y")
