"""A write worker run in a child process that dies (os._exit) at a chosen point.

Used by the crash tests:
``python -m tests.integration.crash_worker DB_URL POINT ledger LEDGER_FILE`` runs an operation that
appends the intent id to a file (a stand-in external system);
``python -m tests.integration.crash_worker DB_URL POINT salesforce INSTANCE_URL CA_FILE TOKEN``
runs the real record operations against the Salesforce emulator.
POINT is ``after_claim`` (die before executing) or ``after_execute`` (die after the write
reached the external system, before its result is stored).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bot.store.db import make_engine, make_session_factory
from bot.writes import OPERATIONS, OperationRegistry, WorkerHooks, WriteContext, WriteWorker


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
    url, point, mode = sys.argv[1:4]
    if mode == "ledger":
        registry = ledger_registry(Path(sys.argv[4]))
        sf = None
    else:
        from tests.integration.conftest import salesforce_with_token

        registry = OPERATIONS
        sf = salesforce_with_token(*sys.argv[4:7])

    def die(*_args: object) -> None:
        os._exit(17)

    hooks = WorkerHooks(**{point: die})
    worker = WriteWorker(
        make_session_factory(make_engine(url)),
        salesforce_for=lambda intent: sf,
        registry=registry,
        hooks=hooks,
        threads=1,
    )
    worker.run_once()
    os._exit(3)  # nothing was claimed: the test expected a crash


if __name__ == "__main__":
    main()
