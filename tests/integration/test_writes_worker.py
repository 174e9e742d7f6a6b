"""Write intents and the worker on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from simple_salesforce.exceptions import SalesforceMalformedRequest
from sqlalchemy import func, select, update

from bot.store.models import WriteIntent
from bot.writes import (
    FAILED,
    NEEDS_CONNECTION,
    PENDING,
    RUNNING,
    SUCCEEDED,
    ConnectionUnavailable,
    IdempotencyConflict,
    OperationRegistry,
    WriteContext,
    WriteWorker,
    get_intent,
    requeue_intent,
    submit_intent,
)
from bot.writes.intents import utcnow
from tests.integration.crash_worker import ledger_registry

REPO = Path(__file__).resolve().parents[2]


def _submit(session_factory, key: str, **overrides):  # type: ignore[no-untyped-def]
    fields = {
        "idempotency_key": key,
        "team_id": "T1",
        "user_id": "U1",
        "operation": "record",
        "sobject": "Account",
        "payload": {"fields": {"Name": key}},
    }
    fields.update(overrides)
    return submit_intent(session_factory, **fields)


class Recorder:
    """An operation that records which worker ran which intent."""

    def __init__(self, delay: float = 0.0, gate: threading.Event | None = None) -> None:
        self.runs: list[tuple[int, str]] = []
        self.claimers: set[str] = set()  # workers that have started an intent
        self._lock = threading.Condition()
        self.delay = delay
        self.gate = gate  # when given, every run waits for it before doing its work

    def registry(self) -> OperationRegistry:
        registry = OperationRegistry()
        registry.register("record", self.execute)
        return registry

    def execute(self, ctx: WriteContext) -> dict[str, str]:
        with self._lock:
            self.claimers.add(ctx.intent.claimed_by or "")
            self._lock.notify_all()
        if self.gate is not None:
            assert self.gate.wait(30), "the test never opened the gate"
        time.sleep(self.delay)
        with self._lock:
            self.runs.append((ctx.intent.id, ctx.intent.claimed_by or ""))
        return {"record_id": f"R{ctx.intent.id}"}

    def wait_for_claimers(self, count: int, timeout: float = 30) -> bool:
        """True once ``count`` different workers have started an intent."""
        with self._lock:
            return self._lock.wait_for(lambda: len(self.claimers) >= count, timeout)


def _worker(session_factory, registry, **kwargs) -> WriteWorker:  # type: ignore[no-untyped-def]
    kwargs.setdefault("poll_interval", 0.05)
    return WriteWorker(
        session_factory, salesforce_for=lambda intent: None, registry=registry, **kwargs
    )


def test_twenty_concurrent_submits_of_one_key_store_one_intent(session_factory) -> None:
    barrier = threading.Barrier(20)
    results: list[tuple[int, bool]] = []
    lock = threading.Lock()

    def submit() -> None:
        barrier.wait()
        intent, created = _submit(session_factory, "trigger-1")
        with lock:
            results.append((intent.id, created))

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 20
    assert len({intent_id for intent_id, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    with session_factory() as session:
        assert session.scalar(select(func.count()).select_from(WriteIntent)) == 1

    recorder = Recorder()
    worker = _worker(session_factory, recorder.registry())
    while worker.run_once():
        pass
    assert [intent_id for intent_id, _ in recorder.runs] == [results[0][0]]


def test_a_key_reused_by_another_user_is_refused(session_factory) -> None:
    _submit(session_factory, "k")
    with pytest.raises(IdempotencyConflict):
        _submit(session_factory, "k", user_id="U2")


def test_two_workers_never_run_an_intent_twice(session_factory) -> None:
    ids = [_submit(session_factory, f"k{i}")[0].id for i in range(40)]
    # Runs wait at a gate until both workers hold a claim, so one fast worker cannot drain the
    # queue before the other's first poll (which would fail "both workers took work" on a busy box).
    gate = threading.Event()
    recorder = Recorder(delay=0.01, gate=gate)
    done = threading.Event()
    finished: list[int] = []

    def on_complete(intent: WriteIntent) -> None:
        finished.append(intent.id)
        if len(finished) == len(ids):
            done.set()

    workers = [
        _worker(session_factory, recorder.registry(), threads=3, on_complete=on_complete)
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    try:
        assert recorder.wait_for_claimers(2), f"only {recorder.claimers} claimed work"
        gate.set()
        assert done.wait(60), f"only {len(finished)} of {len(ids)} finished"
    finally:
        for worker in workers:
            worker.stop()

    runs = Counter(intent_id for intent_id, _ in recorder.runs)
    assert sorted(runs) == ids
    assert set(runs.values()) == {1}
    assert len({claimed_by for _, claimed_by in recorder.runs}) == 2, "both workers took work"
    with session_factory() as session:
        statuses = session.scalars(select(WriteIntent.status)).all()
    assert set(statuses) == {SUCCEEDED}


def test_wait_for_result_returns_the_finished_intent(session_factory) -> None:
    recorder = Recorder(delay=0.05)
    worker = _worker(session_factory, recorder.registry(), threads=1)
    intent, _ = worker.submit(
        idempotency_key="view-1",
        team_id="T1",
        user_id="U1",
        operation="record",
        sobject="Account",
        payload={},
    )
    assert worker.wait_for_result(intent.id, timeout=0.2) is None  # no thread running yet
    worker.start()
    try:
        finished = worker.wait_for_result(intent.id, timeout=5)
    finally:
        worker.stop()
    assert finished is not None
    assert finished.status == SUCCEEDED
    assert finished.result == {"record_id": f"R{intent.id}"}
    assert finished.record_id == f"R{intent.id}"


def test_a_fresh_running_claim_is_left_alone_and_a_stale_one_is_resumed(session_factory) -> None:
    intent, _ = _submit(session_factory, "k")
    with session_factory() as session:
        session.execute(
            update(WriteIntent)
            .where(WriteIntent.id == intent.id)
            .values(status=RUNNING, claimed_by="dead", claimed_at=utcnow(), attempts=1)
        )
        session.commit()
    recorder = Recorder()
    worker = _worker(session_factory, recorder.registry(), stale_after=60)
    assert worker.run_once() is False

    with session_factory() as session:
        session.execute(
            update(WriteIntent)
            .where(WriteIntent.id == intent.id)
            .values(claimed_at=utcnow() - timedelta(seconds=61))
        )
        session.commit()
    assert worker.run_once() is True
    finished = get_intent(session_factory, intent.id)
    assert finished.status == SUCCEEDED
    assert finished.attempts == 2
    assert recorder.runs == [(intent.id, worker.worker_id)]


@pytest.mark.parametrize("point", ["after_claim", "after_execute"])
def test_a_worker_killed_mid_intent_is_resumed_and_writes_once(
    session_factory, database_url: str, tmp_path: Path, point: str
) -> None:
    ledger = tmp_path / "ledger.txt"
    intent, _ = submit_intent(
        session_factory,
        idempotency_key="k",
        team_id="T1",
        user_id="U1",
        operation="append",
        sobject="Account",
    )
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.integration.crash_worker",
            database_url,
            point,
            "ledger",
            str(ledger),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert child.returncode == 17, child.stderr
    assert get_intent(session_factory, intent.id).status == RUNNING
    before = ledger.read_text().split() if ledger.exists() else []
    assert before == ([] if point == "after_claim" else [str(intent.id)])

    # The restarted process: the dead child's claim is released on start, not after stale_after.
    worker = _worker(session_factory, ledger_registry(ledger))
    assert worker.run_once() is False, "a fresh claim is not taken before recover()"
    assert worker.recover() == 1
    assert worker.run_once() is True
    finished = get_intent(session_factory, intent.id)
    assert finished.status == SUCCEEDED
    assert finished.result == {"record_id": f"L{intent.id}"}
    assert ledger.read_text().split() == [str(intent.id)]


def test_a_transient_failure_is_retried_after_checking_it_did_not_land(session_factory) -> None:
    calls: list[str] = []

    def execute(ctx: WriteContext) -> dict[str, str]:
        calls.append("execute")
        if len(calls) == 1:
            raise requests.exceptions.ConnectionError("connection reset")
        return {"record_id": "R"}

    def find_landed(ctx: WriteContext) -> None:
        calls.append("find_landed")
        return None

    registry = OperationRegistry()
    registry.register("record", execute, find_landed=find_landed)
    intent, _ = _submit(session_factory, "k")
    worker = _worker(session_factory, registry, retry_delays=(0.01,))
    worker.run_once()
    assert calls == ["execute", "find_landed", "execute"]
    assert get_intent(session_factory, intent.id).status == SUCCEEDED


def test_a_salesforce_rejection_is_stored_with_its_error_body(session_factory) -> None:
    body = [
        {
            "message": "Required fields are missing: [Name]",
            "errorCode": "REQUIRED_FIELD_MISSING",
            "fields": ["Name"],
        }
    ]

    def execute(ctx: WriteContext) -> dict[str, str]:
        raise SalesforceMalformedRequest("https://x/services/data", 400, "Account", body)

    registry = OperationRegistry()
    registry.register("record", execute)
    intent, _ = _submit(session_factory, "k")
    _worker(session_factory, registry).run_once()
    failed = get_intent(session_factory, intent.id)
    assert failed.status == FAILED
    assert failed.error == {"kind": "salesforce", "status": 400, "errors": body}
    assert failed.attempts == 1


def test_an_intent_without_connection_waits_and_runs_after_requeue(session_factory) -> None:
    recorder = Recorder()
    connected = False

    def salesforce_for(intent: WriteIntent) -> object:
        if not connected:
            raise ConnectionUnavailable("no Salesforce connection")
        return object()

    worker = WriteWorker(
        session_factory, salesforce_for=salesforce_for, registry=recorder.registry()
    )
    intent, _ = _submit(session_factory, "k")
    worker.run_once()
    assert get_intent(session_factory, intent.id).status == NEEDS_CONNECTION
    assert worker.run_once() is False, "a waiting intent is not retried on its own"

    connected = True
    assert requeue_intent(session_factory, intent.id)
    assert get_intent(session_factory, intent.id).status == PENDING
    worker.run_once()
    assert get_intent(session_factory, intent.id).status == SUCCEEDED
    assert [intent_id for intent_id, _ in recorder.runs] == [intent.id]


def test_an_unknown_operation_fails_cleanly(session_factory) -> None:
    intent, _ = _submit(session_factory, "k", operation="teleport")
    _worker(session_factory, OperationRegistry()).run_once()
    failed = get_intent(session_factory, intent.id)
    assert failed.status == FAILED
    assert failed.error == {"kind": "internal", "message": "unknown operation teleport"}


def test_recover_releases_only_claims_of_dead_processes_on_this_host(session_factory) -> None:
    import socket

    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(finished.stdout)
    host = socket.gethostname()
    live = _worker(session_factory, Recorder().registry())
    claims = {
        "dead": f"{host}:{dead_pid}:0badc0de",
        "live_here": live.worker_id,
        "other_host": f"elsewhere.example:{dead_pid}:0badc0de",
    }
    ids = {}
    for name, claimed_by in claims.items():
        intent, _ = _submit(session_factory, name)
        ids[name] = intent.id
        with session_factory() as session:
            session.execute(
                update(WriteIntent)
                .where(WriteIntent.id == intent.id)
                .values(status=RUNNING, claimed_by=claimed_by, claimed_at=utcnow(), attempts=1)
            )
            session.commit()
    recorder = Recorder()
    restarted = _worker(session_factory, recorder.registry())
    assert restarted.recover() == 1
    assert get_intent(session_factory, ids["dead"]).status == PENDING
    assert restarted.run_once() and not restarted.run_once()
    assert [intent_id for intent_id, _ in recorder.runs] == [ids["dead"]]
    assert get_intent(session_factory, ids["dead"]).attempts == 2
    for name in ("live_here", "other_host"):
        assert get_intent(session_factory, ids[name]).status == RUNNING


def test_a_batch_claim_takes_at_most_its_limit_oldest_first(session_factory) -> None:
    from bot.writes.intents import claim_batch

    ids = [_submit(session_factory, f"batch{i}")[0].id for i in range(7)]
    first = claim_batch(session_factory, worker_id="w1", stale_after=120, limit=3)
    second = claim_batch(session_factory, worker_id="w2", stale_after=120, limit=3)
    rest = claim_batch(session_factory, worker_id="w3", stale_after=120, limit=3)
    assert [i.id for i in first] == ids[:3]
    assert [i.id for i in second] == ids[3:6]
    assert [i.id for i in rest] == ids[6:]
    assert {i.claimed_by for i in first} == {"w1"} and {i.attempts for i in first} == {1}
    assert claim_batch(session_factory, worker_id="w4", stale_after=120, limit=3) == []
