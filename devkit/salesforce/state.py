"""Mutable server state shared by the request handlers: org, grants, faults, usage, request log."""

from __future__ import annotations

import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from devkit.salesforce.api.tokens import TokenStore
from devkit.salesforce.org.core import Org

DEFAULT_API_LIMIT = 15000


@dataclass
class Faults:
    """Switches for failure testing (``POST /__devkit/faults`` or ``Emulator.set_faults``).

    ``drop_after_commit``: ``True`` drops the connection after every committed write until
    cleared; an integer drops the next N writes.
    """

    latency_ms: int = 0
    error_rate: float = 0.0
    error_status: int = 503
    drop_after_commit: int | bool = 0
    request_limit: int | None = None

    def update(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if not hasattr(self, key):
                raise ValueError(
                    f"unknown fault {key!r}; known: latency_ms, error_rate, "
                    "error_status, drop_after_commit, request_limit"
                )
            setattr(self, key, value)


@dataclass
class ServerState:
    org: Org
    tokens: TokenStore
    base_url: str = ""
    faults: Faults = field(default_factory=Faults)
    api_used: int = 0
    log: list[dict[str, Any]] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    rng: random.Random = field(default_factory=lambda: random.Random(4))
    lock: threading.Lock = field(default_factory=threading.Lock)
    signing_key: Any = None  # api/openid.py, made when an id_token is first needed

    @property
    def api_max(self) -> int:
        limit = self.faults.request_limit
        return DEFAULT_API_LIMIT if limit is None else int(limit)

    def count_api_call(self) -> bool:
        """Count one API call; False when the daily limit is already used up."""
        with self.lock:
            if self.api_used >= self.api_max:
                return False
            self.api_used += 1
            return True

    def should_fail(self) -> bool:
        with self.lock:
            return self.faults.error_rate > 0 and self.rng.random() < self.faults.error_rate

    def take_drop(self) -> bool:
        with self.lock:
            drop = self.faults.drop_after_commit
            if drop is True:
                return True
            if drop and drop > 0:
                self.faults.drop_after_commit = drop - 1
                return True
            return False

    def record(self, entry: dict[str, Any]) -> None:
        with self.lock:
            self.log.append(entry)
            if len(self.log) > 50000:
                del self.log[:10000]
