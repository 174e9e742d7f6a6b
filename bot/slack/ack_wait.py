"""Answer Slack the moment a listener acks, and at a deadline when a listener is too slow.

With ``process_before_response=False`` bolt runs each listener on its ``listener_executor`` and
the request thread checks ``ack.response`` every 10 ms until it is set. That adds up to 10 ms to
every ack, and with many requests in flight the pollers wake thousands of times a second and
compete for the GIL with the listeners they wait for; bolt's default executor also has only 5
threads, so requests queue behind listeners still busy after their ack.

Here the request thread instead blocks in `AckWaitingExecutor.submit` on an event that the
request's `SignallingAck` sets when the listener acks (or that the listener's end sets, for one
that never acks). By the time bolt's poll loop runs, the response is there and it never sleeps.
`InstrumentedApp.dispatch` calls `expect_ack` for each request.

That same wait enforces Slack's deadline (no thread or timer per request): a listener still
working at `ACK_DEADLINE_SECONDS` (e.g. a command resolving a name on a slow Salesforce) is
acked on its behalf, so Slack never shows its own error and never drops the command. Its real
reply, when it comes, goes through the request's ``response_url`` in place of that answer.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.context.ack import Ack

from bot.slack import messages, response_url
from bot.slack.blocks import notice

logger = logging.getLogger(__name__)

# Slack's own limit: bolt gives up waiting for an ack after 3 s too.
ACK_WAIT_SECONDS = 3.0
# When the request thread acks for a listener that has not yet. Slack's 3 s run from when it
# sent the request, which reached us a little earlier than `expect_ack`; a busy box may also
# take a while to write the answer back, so half a second is kept in hand.
ACK_DEADLINE_SECONDS = 2.5
# Listeners may keep working after their ack (answering through response_url, calling
# Salesforce); enough threads that such work does not hold up new requests' acks.
LISTENER_THREADS = 32

# What the deadline answers, by kind of request. view_submission is left out on purpose: an
# empty ack would close the modal and lose what the user typed, while Slack keeps the modal
# open (showing its own error) when no answer comes. Options, events and the rest: as before.
_COMMAND = "command"
_EMPTY_ACK_KINDS = frozenset({"block_actions", "shortcut", "message_action"})

_request = threading.local()


def _deadline_answer(kind: str) -> BoltResponse | None:
    """The answer given on a slow listener's behalf, or None when it must not be answered."""
    probe = Ack()  # built as bolt builds an ack, so it reads exactly like one
    if kind == _COMMAND:
        probe(**notice(messages.WORKING).to_dict())
    elif kind in _EMPTY_ACK_KINDS:
        probe()
    return probe.response


class SignallingAck(Ack):
    """bolt's `Ack`, plus an event set as soon as a response is recorded.

    Exactly one answer becomes the HTTP response: the listener's, or the deadline's
    (`answer_on_behalf`). A listener answering after the deadline has its reply posted to
    the request's ``response_url`` instead (or logged when there is none).
    """

    def __init__(self, *, kind: str = "", response_url: str | None = None) -> None:
        self.acked = threading.Event()
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._on_behalf: BoltResponse | None = None
        self._kind = kind
        self._response_url = response_url
        super().__init__()

    @property  # type: ignore[override]
    def response(self) -> BoltResponse | None:
        return self._response

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        with self._lock:
            late = self._on_behalf is not None
            if not late:
                self._response = value
        if not late:
            if value is not None:
                self.acked.set()
        elif value is not None:
            # Slack has its answer already; bolt's own "already acked" None is ignored.
            self._deliver_late(value)

    @property
    def answered_on_behalf(self) -> bool:
        return self._on_behalf is not None

    def answer_on_behalf(self) -> bool:
        """Ack for the listener (the deadline passed), unless it acked or must not be.

        Returns:
            True when this answer is the one Slack gets.
        """
        answer = _deadline_answer(self._kind)
        if answer is None:
            return False
        with self._lock:
            if self._response is not None:
                return False
            self._response = answer
            self._on_behalf = answer
        self.acked.set()
        return True

    def wait(self) -> None:
        """Block until the listener acks; at the deadline, ack on its behalf where that is safe."""
        left = ACK_DEADLINE_SECONDS - (time.monotonic() - self.started)
        if self.acked.wait(max(left, 0.0)) or self.answer_on_behalf():
            return
        self.acked.wait(max(ACK_WAIT_SECONDS - (time.monotonic() - self.started), 0.0))

    def _deliver_late(self, reply: BoltResponse) -> None:
        """The listener's real reply, after Slack got the deadline's: post it where it shows."""
        on_behalf = self._on_behalf
        if not reply.body or (on_behalf is not None and reply.body == on_behalf.body):
            return  # nothing to show, or what the user already sees
        try:
            parsed = json.loads(reply.body)
        except ValueError:
            parsed = None
        body = parsed if isinstance(parsed, dict) else {"text": reply.body}
        if body.get("text") in messages.PROGRESS_NOTICES:
            # The deadline's notice already says so; posted now it could land after the
            # write's result (another process posts that) and hide it.
            return
        if self._response_url is None:
            logger.warning("a reply after Slack's deadline had no response_url (%s)", self._kind)
            return
        try:
            status = response_url.post(self._response_url, {**body, "replace_original": True})
        except OSError as error:
            logger.warning("could not post a late reply (%s)", type(error).__name__)
            return
        if status != 200:
            logger.warning("Slack refused a late reply (HTTP %s)", status)


def _ack_kind(body: dict[str, Any] | None) -> str:
    """``command`` for slash commands, else the interactive payload's type (or "")."""
    if not body:
        return ""
    if "command" in body:
        return _COMMAND
    kind = body.get("type")
    return kind if isinstance(kind, str) else ""


def expect_ack(context: Any, body: dict[str, Any] | None = None) -> SignallingAck:
    """Give this request a `SignallingAck`; call in the thread that dispatches it."""
    url = (body or {}).get("response_url")
    ack = SignallingAck(kind=_ack_kind(body), response_url=url if isinstance(url, str) else None)
    context["ack"] = ack
    _request.ack = ack
    return ack


class AckWaitingExecutor(ThreadPoolExecutor):
    """Runs listeners; ``submit`` from a dispatching thread returns once the listener acked."""

    def __init__(self, max_workers: int = LISTENER_THREADS) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="sfbot-listener")

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future = super().submit(fn, *args, **kwargs)
        ack: SignallingAck | None = getattr(_request, "ack", None)
        if ack is not None:
            # Only the request's own listener (its first submit) is waited for.
            _request.ack = None
            future.add_done_callback(lambda _done: ack.acked.set())
            ack.wait()
        return future
