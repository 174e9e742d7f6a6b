"""A write worker run in a child process that dies (os._exit) at a chosen point.

Used by the crash tests: ``python -m tests.integration.crash_worker DB_URL LEDGER POINT``.
The operation appends the intent id to LEDGER (a stand-in external system with no undo of its
own); POINT is ``after_claim`` (die before executing) or ``after_execute`` (die after the write,
before its result is stored).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bot.store.db import make_engine, make_session_factory
from bot.writes import OperationRegistry, WorkerHooks, WriteContext, WriteWorker


def ledger_registry(ledger: Path) -> OperationRegistry:
    """An operation whose effect is visible outside the database, like a Salesforce create."""

    def execute(ctx: WriteContext) -> dict[str, str]:
        with ledger.open("a") as handle:
            handle.write(f"{ctx.intent.id}\n")
        return {"record_id": f"L{ctx.intent.id}"}

    def find_landed(ctx: WriteContext) -> dict[str, str] | None:
        lines = ledger.read_text().split() if ledger.exists() else []
        return {"record_id": f"L{ctx.intent.id}"} if str(ctx.intent.id) in lines else None

    registry = OperationRegistry()
    registry.register("append", execute, find_landed=find_landed)
    return registry


def main() -> None:
    url, ledger, point = sys.argv[1], Path(sys.argv[2]), sys.argv[3]

    def die(*_args: object) -> None:
        os._exit(17)

    hooks = WorkerHooks(**{point: die})
    worker = WriteWorker(
        make_session_factory(make_engine(url)),
        salesforce_for=lambda intent: None,
        registry=ledger_registry(ledger),
        hooks=hooks,
        threads=1,
    )
    worker.run_once()
    os._exit(3)  # nothing was claimed: the test expected a crash


if __name__ == "__main__":
    main()
