"""Operations a write intent can name, and what an operation's executor receives.

Records (create/update/delete/undelete) register in `bot.writes.operations`; notes, activities and
contact roles register their own from their modules with `register_operation`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.store.models import WriteIntent


class ConnectionUnavailable(Exception):
    """The Slack user has no usable Salesforce connection; the intent waits for a reconnect."""


class LostClaim(Exception):
    """Another worker took this intent over (our claim went stale); stop without writing."""


@dataclass
class WriteContext:
    """What an executor gets: the claimed intent, the user's Salesforce, and a checkpoint.

    Attributes:
        intent: The claimed row (detached; read it, do not modify it).
        sf: A simple_salesforce.Salesforce acting as the intent's Salesforce user.
        checkpoint: Persists before-values (or a delete snapshot) *before* the write is sent,
            so a resumed intent still knows what the record looked like before.
        resumed: True when an earlier attempt may already have reached Salesforce.
    """

    intent: WriteIntent
    sf: Any
    checkpoint: Callable[[dict[str, Any]], None]
    resumed: bool = False


Executor = Callable[[WriteContext], dict[str, Any]]
LandedCheck = Callable[[WriteContext], dict[str, Any] | None]


@dataclass(frozen=True)
class Operation:
    """A named write.

    Attributes:
        name: The intent's ``operation`` value.
        execute: Performs the write; returns the result stored on the intent
            (``{"record_id": ...}`` and whatever the reply needs).
        find_landed: For writes that are not idempotent (creates): looks in Salesforce for the
            effect of an earlier attempt that died before its result was stored, and returns that
            result, or None when the write has not happened. Called before re-executing.
    """

    name: str
    execute: Executor
    find_landed: LandedCheck | None = None


@dataclass
class OperationRegistry:
    """Operation name → Operation."""

    operations: dict[str, Operation] = field(default_factory=dict)

    def register(
        self, name: str, execute: Executor, *, find_landed: LandedCheck | None = None
    ) -> None:
        self.operations[name] = Operation(name=name, execute=execute, find_landed=find_landed)

    def get(self, name: str) -> Operation | None:
        return self.operations.get(name)


# The process-wide registry, filled by feature modules at import (like register_verb).
OPERATIONS = OperationRegistry()


def register_operation(
    name: str, execute: Executor, *, find_landed: LandedCheck | None = None
) -> None:
    """Register a write operation in the process-wide registry.

    Args:
        name: The ``operation`` an intent names (e.g. ``"note"``).
        execute: Called by the worker with a `WriteContext`; raises simple-salesforce errors
            or returns the result dict.
        find_landed: Optional check that an earlier, interrupted attempt already wrote.
    """
    OPERATIONS.register(name, execute, find_landed=find_landed)
