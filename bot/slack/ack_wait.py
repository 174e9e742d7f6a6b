"""Answer Slack the moment a listener acks, instead of on bolt's next 10 ms poll.

With ``process_before_response=False`` bolt runs each listener on its ``listener_executor`` and
the request thread checks ``ack.response`` every 10 ms until it is set. That adds up to 10 ms to
every ack, and with many requests in flight the pollers wake thousands of times a second and
compete for the GIL with the listeners they wait for; bolt's default executor also has only 5
threads, so requests queue behind listeners still busy after their ack.

Here the request thread instead blocks in `AckWaitingExecutor.submit` on an event that the
request's `SignallingAck` sets when the listener acks (or that the listener's end sets, for one
that never acks). By the time bolt's poll loop runs, the response is there and it never sleeps.
`InstrumentedApp.dispatch` calls `expect_ack` for each request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.context.ack import Ack

# Slack's own limit: bolt gives up waiting for an ack after 3 s too.
ACK_WAIT_SECONDS = 3.0
# Listeners may keep working after their ack (answering through response_url, calling
# Salesforce); enough threads that such work does not hold up new requests' acks.
LISTENER_THREADS = 32

_request = threading.local()


class SignallingAck(Ack):
    """bolt's `Ack`, plus an event set as soon as a response is recorded."""

    def __init__(self) -> None:
        self.acked = threading.Event()
        super().__init__()

    @property  # type: ignore[override]
    def response(self) -> BoltResponse | None:
        return self._response

    @response.setter
    def response(self, value: BoltResponse | None) -> None:
        self._response = value
        if value is not None:
            self.acked.set()


def expect_ack(context: Any) -> None:
    """Give this request a `SignallingAck`; call in the thread that dispatches it."""
    ack = SignallingAck()
    context["ack"] = ack
    _request.ack = ack


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
            ack.acked.wait(ACK_WAIT_SECONDS)
        return future
