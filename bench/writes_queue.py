"""Write-intent queue: the cost of storing an intent before the ack, and how fast workers drain.

Usage: PYTHONPATH=. python bench/writes_queue.py [DATABASE_URL]  (default: a temp SQLite file)

Prints, measured in this run:
- submit p50/p99 in ms (the part of the ack budget the write path takes) and its ratio to a bare
  INSERT of the same row;
- the ratio of a repeated submit (idempotent hit) to a first submit;
- intents per second drained by one worker process with 4 threads and a no-op operation.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bot.store.db import make_engine, make_session_factory
from bot.store.models import Base, WriteIntent
from bot.writes import OperationRegistry, WriteWorker, submit_intent

N = 500


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{Path(tempfile.mkdtemp()) / 'b.db'}"
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    factory = make_session_factory(engine)
    row = {"team_id": "T1", "operation": "noop", "sobject": "Account"}

    bare: list[float] = []
    for _ in range(N):
        start = time.perf_counter()
        with factory() as session:
            session.add(WriteIntent(idempotency_key=uuid.uuid4().hex, slack_user_id="U1", **row))
            session.commit()
        bare.append(time.perf_counter() - start)

    first: list[float] = []
    keys = [uuid.uuid4().hex for _ in range(N)]
    for key in keys:
        start = time.perf_counter()
        submit_intent(factory, idempotency_key=key, user_id="U1", **row)
        first.append(time.perf_counter() - start)
    repeat: list[float] = []
    for key in keys:
        start = time.perf_counter()
        submit_intent(factory, idempotency_key=key, user_id="U1", **row)
        repeat.append(time.perf_counter() - start)

    registry = OperationRegistry()
    done = threading.Semaphore(0)
    registry.register("noop", lambda ctx: {})
    worker = WriteWorker(
        factory,
        salesforce_for=lambda intent: None,
        registry=registry,
        threads=4,
        on_complete=lambda intent: done.release(),
    )
    start = time.perf_counter()
    worker.start()
    for _ in range(2 * N):
        done.acquire()
    drained = time.perf_counter() - start
    worker.stop()

    print(f"database: {engine.dialect.name}")
    print(
        f"submit p50 {_percentile(first, 0.5) * 1000:.2f} ms, "
        f"p99 {_percentile(first, 0.99) * 1000:.2f} ms"
    )
    print(
        f"submit / bare insert (median): {statistics.median(first) / statistics.median(bare):.2f}"
    )
    print(
        f"repeated submit / first submit (median): "
        f"{statistics.median(repeat) / statistics.median(first):.2f}"
    )
    print(f"drain: {2 * N / drained:.0f} intents/s (4 threads, no-op operation)")


if __name__ == "__main__":
    main()
