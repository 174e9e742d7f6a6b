"""Worker threads that execute write intents, and resume those a dead process left behind.

Exactly once: an intent is claimed by one worker at a time (see `claim_next`). If a worker dies
after claiming, the claim goes stale and another worker takes over; before re-executing a write
that is not idempotent (a create) it asks Salesforce whether the lost attempt already landed
(`Operation.find_landed`). Updates store their before-values and deletes their snapshot before the
write is sent, so a re-execution restores the true previous state on Undo.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from bot.store.models import WriteIntent
from bot.writes import intents
from bot.writes.intents import FINAL_STATUSES, SUCCEEDED, SessionFactory
from bot.writes.outcome import classify
from bot.writes.registry import OPERATIONS, LostClaim, OperationRegistry, WriteContext

logger = logging.getLogger(__name__)
_HOST = socket.gethostname()
# Worker ids created in this process: alive even though they share our pid.
_LOCAL_IDS: set[str] = set()

SalesforceFor = Callable[[WriteIntent], Any]
CompletionCallback = Callable[[WriteIntent], None]


@dataclass
class WorkerHooks:
    """Seams for tests that simulate a crash at a precise point (e.g. ``os._exit``)."""

    after_claim: Callable[[WriteIntent], None] | None = None
    after_execute: Callable[[WriteIntent, dict[str, Any]], None] | None = None


class WriteWorker:
    """Executes pending write intents on background threads.

    One dispatcher thread claims as many intents as there are idle threads, in one statement,
    and hands them to the pool: a woken worker costs one query however many threads it has, and
    an idle one polls once per ``poll_interval`` (for intents stored by other processes).

    Args:
        session_factory: Sessions on the bot's database (SQLite or PostgreSQL).
        salesforce_for: Returns a simple_salesforce.Salesforce acting as the intent's user, or
            raises `ConnectionUnavailable`.
        registry: Operations by name (default: the process-wide one).
        threads: Number of writes run at once (threads mostly waiting on Salesforce).
        poll_interval: Seconds between looks at the table for intents from other processes.
        stale_after: Seconds after which a ``running`` claim is taken to be from a dead worker.
        retry_delays: Waits between attempts after a transient failure (5xx, network).
        on_complete: Called with the finished intent (Slack posts it to response_url/views).
        hooks: Test seams.
        scope: Entered around each intent's run and its completion callbacks, on their thread
            (the connection store's `one_request`: a write reads its connection once).
    """

    def __init__(
        self,
        session_factory: SessionFactory,
        *,
        salesforce_for: SalesforceFor,
        registry: OperationRegistry | None = None,
        threads: int = 4,
        poll_interval: float = 0.5,
        stale_after: float = 120.0,
        retry_delays: tuple[float, ...] = (0.5, 1.0, 2.0),
        on_complete: CompletionCallback | None = None,
        hooks: WorkerHooks | None = None,
        worker_id: str | None = None,
        scope: Callable[[], AbstractContextManager[Any]] = nullcontext,
    ) -> None:
        self._session_factory = session_factory
        self._salesforce_for = salesforce_for
        self._registry = registry if registry is not None else OPERATIONS
        self._threads_wanted = threads
        self._poll_interval = poll_interval
        self.stale_after = stale_after
        self._retry_delays = retry_delays
        self._listeners: list[CompletionCallback] = [on_complete] if on_complete else []
        self._hooks = hooks or WorkerHooks()
        self._scope = scope
        # host:pid:random, so a restarted process can tell its dead predecessors' claims apart.
        self.worker_id = worker_id or f"{_HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        _LOCAL_IDS.add(self.worker_id)
        self._wake = threading.Condition()
        self._wake_count = 0
        self._stopping = threading.Event()
        self._dispatcher: threading.Thread | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._idle = threading.Semaphore(threads)
        self._running: set[Future[None]] = set()
        self._done_lock = threading.Lock()
        self._done: dict[int, threading.Event] = {}
        # SQLite has one writer at a time and its busy handler backs off by sleeping; taking
        # turns inside the process is much faster than colliding (PostgreSQL needs no turns).
        self._db_turn: AbstractContextManager[Any] = nullcontext()
        with session_factory() as session:
            if session.get_bind().dialect.name == "sqlite":
                self._db_turn = threading.Lock()

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the threads; they first pick up whatever a previous process left pending."""
        self.recover()
        self._stopping.clear()
        self._pool = ThreadPoolExecutor(self._threads_wanted, thread_name_prefix="write-worker")
        self._dispatcher = threading.Thread(
            target=self._dispatch, name="write-dispatcher", daemon=True
        )
        self._dispatcher.start()

    def recover(self) -> int:
        """Release intents a dead process on this host left ``running``, without waiting for
        ``stale_after``; claims from other hosts still go stale on their own.

        Returns:
            How many intents went back to pending.
        """
        dead = [
            claimed_by
            for claimed_by in intents.running_claims(
                self._session_factory, claimed_by_prefix=f"{_HOST}:"
            )
            if claimed_by != self.worker_id and not _alive(claimed_by)
        ]
        released = intents.release_claims(self._session_factory, dead)
        if released:
            logger.info("resuming %d write intent(s) left running by a dead process", released)
        return released

    def stop(self, timeout: float = 10.0) -> None:
        """Stop taking intents and wait for the ones in flight to finish."""
        self._stopping.set()
        self.wake()
        deadline = time.monotonic() + timeout
        if self._dispatcher is not None:
            self._dispatcher.join(timeout)
            self._dispatcher = None
        if self._pool is not None:
            wait_for_futures(list(self._running), max(0.0, deadline - time.monotonic()))
            self._pool.shutdown(wait=False)
            self._pool = None

    def add_completion_listener(self, callback: CompletionCallback) -> None:
        """Also call ``callback(intent)`` when an intent finishes (e.g. to post to Slack)."""
        self._listeners.append(callback)

    def wake(self) -> None:
        """Tell idle threads there is work (called after a submit in this process)."""
        with self._wake:
            self._wake_count += 1
            self._wake.notify_all()

    def submit(self, **kwargs: Any) -> tuple[WriteIntent, bool]:
        """`intents.submit_intent` on this worker's database, then wake a thread."""
        intent, created = intents.submit_intent(self._session_factory, **kwargs)
        if created:
            self.wake()
        return intent, created

    def wait_for_result(self, intent_id: int, timeout: float) -> WriteIntent | None:
        """Wait up to ``timeout`` seconds for an intent to finish.

        Returns the finished intent, or None if it is still pending or running (the modal
        path then shows "Saving…" and the completion callback delivers the result later).
        Intents run by other processes are seen by polling the table.
        """
        deadline = time.monotonic() + timeout
        with self._done_lock:
            event = self._done.setdefault(intent_id, threading.Event())
        try:
            while True:
                intent = intents.get_intent(self._session_factory, intent_id)
                if intent is None or intent.status in FINAL_STATUSES:
                    return intent
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                event.wait(min(remaining, 0.25))
        finally:
            with self._done_lock:
                if self._done.get(intent_id) is event:
                    del self._done[intent_id]

    # -- the loop ----------------------------------------------------------------------------

    def _dispatch(self) -> None:
        while not self._stopping.is_set():
            with self._wake:
                seen = self._wake_count
            if not self._idle.acquire(timeout=self._poll_interval):
                continue  # every thread is busy; look again (and at _stopping)
            idle = 1
            while idle < self._threads_wanted and self._idle.acquire(blocking=False):
                idle += 1
            try:
                with self._db_turn:
                    claimed = intents.claim_batch(
                        self._session_factory,
                        worker_id=self.worker_id,
                        stale_after=self.stale_after,
                        limit=idle,
                    )
            except Exception:
                logger.exception("claiming write intents failed; retrying")
                claimed = []
            for _ in range(idle - len(claimed)):
                self._idle.release()
            for intent in claimed:
                self._hand_over(intent)
            if len(claimed) == idle:
                continue  # maybe more waiting
            with self._wake:
                if self._wake_count == seen and not self._stopping.is_set():
                    self._wake.wait(self._poll_interval)

    def _hand_over(self, intent: WriteIntent) -> None:
        assert self._pool is not None
        future = self._pool.submit(self._run_claimed, intent)
        with self._done_lock:
            self._running.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: Future[None]) -> None:
        with self._done_lock:
            self._running.discard(future)

    def _run_claimed(self, intent: WriteIntent) -> None:
        try:
            self._run_and_notify(intent)
        except Exception:
            logger.exception("write intent %s failed outside its operation", intent.id)
        finally:
            self._idle.release()

    def run_once(self) -> bool:
        """Claim and run one intent. Returns False when there was nothing to do."""
        with self._db_turn:
            intent = intents.claim_next(
                self._session_factory, worker_id=self.worker_id, stale_after=self.stale_after
            )
        if intent is None:
            return False
        self._run_and_notify(intent)
        return True

    def _run_and_notify(self, intent: WriteIntent) -> None:
        if self._hooks.after_claim:
            self._hooks.after_claim(intent)
        with self._scope():
            finished = self._run(intent)
            if finished is not None:
                self._notify(finished)

    def _run(self, intent: WriteIntent) -> WriteIntent | None:
        operation = self._registry.get(intent.operation)
        if operation is None:
            return self._finish(
                intent,
                status=intents.FAILED,
                error={"kind": "internal", "message": f"unknown operation {intent.operation}"},
            )
        # attempts > 1: an earlier claim existed, so an earlier attempt may have written.
        resumed = intent.attempts > 1
        try:
            sf = self._salesforce_for(intent)
            context = WriteContext(
                intent=intent, sf=sf, checkpoint=self._checkpointer(intent), resumed=resumed
            )
            result = self._attempt(operation, context)
        except LostClaim:
            logger.warning("intent %s: claim lost, leaving it to its new worker", intent.id)
            return None
        except Exception as exc:
            outcome = classify(exc)
            if outcome.error.get("kind") == "internal":
                logger.exception("intent %s (%s) failed", intent.id, intent.operation)
            return self._finish(intent, status=outcome.status, error=outcome.error)
        if self._hooks.after_execute:
            self._hooks.after_execute(intent, result)
        return self._finish(intent, status=SUCCEEDED, result=result)

    def _finish(self, intent: WriteIntent, **outcome: Any) -> WriteIntent | None:
        with self._db_turn:
            return intents.finish_intent(self._session_factory, intent, **outcome)

    def _attempt(self, operation: Any, context: WriteContext) -> dict[str, Any]:
        delays = list(self._retry_delays)
        while True:
            try:
                if context.resumed and operation.find_landed is not None:
                    landed = operation.find_landed(context)
                    if landed is not None:
                        logger.info("intent %s had already landed", context.intent.id)
                        return landed
                return operation.execute(context)
            except Exception as exc:
                if not classify(exc).transient or not delays or self._stopping.is_set():
                    raise
                # The failed attempt may have been committed before the answer was lost.
                context.resumed = True
                time.sleep(delays.pop(0))
                if not intents.heartbeat(self._session_factory, context.intent):
                    raise LostClaim() from exc

    def _checkpointer(self, intent: WriteIntent) -> Callable[[dict[str, Any]], None]:
        def checkpoint(before_values: dict[str, Any]) -> None:
            if not intents.save_checkpoint(self._session_factory, intent, before_values):
                raise LostClaim()

        return checkpoint

    def _notify(self, intent: WriteIntent) -> None:
        with self._done_lock:
            event = self._done.get(intent.id)
        if event is not None:
            event.set()
        for listener in self._listeners:
            try:
                listener(intent)
            except Exception:
                logger.exception("completion callback failed for intent %s", intent.id)


def _alive(worker_id: str) -> bool:
    """Is the process behind a worker id of this host still running?

    Our own pid with another random suffix is a previous incarnation (containers restart with
    the same pid), so it is dead; an unknown shape is assumed alive (it will go stale instead).
    """
    if worker_id in _LOCAL_IDS:
        return True
    parts = worker_id.split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return True
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
