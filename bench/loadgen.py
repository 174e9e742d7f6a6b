"""An open-loop Slack load generator for bench/writes.py: signed `/sf` commands straight to the app.

Commands start on a fixed schedule (command i at ``t0 + i / rate``), whatever the app's acks are
doing, as Slack's users do: a slow ack never delays the next command unless every sender thread is
busy, and how late each command started against its schedule is recorded so that a generator that
fell behind shows. Each sender thread keeps one kept-alive `http.client.HTTPConnection` to the app,
and the request bodies are built and signed before the clock starts, so a request costs the
generator one send and one read (its CPU per request is measured and reported).

The slash commands carry response URLs issued by the Slack simulator (``POST
/_sim/response_urls``), so the bot's results land in the simulator as a user would see them; the
simulator records when each post to a response URL arrived, which matches a result to its command.
"""

from __future__ import annotations

import http.client
import json
import math
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import requests

from devkit.slack.signing import signed_headers

_STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


@dataclass
class Command:
    """One command's times, in `time.perf_counter` seconds (``nan`` until it happens)."""

    index: int
    response_url: str
    body: bytes
    headers: dict[str, str]
    scheduled: float = math.nan
    sent: float = math.nan
    acked: float = math.nan
    status: int = 0
    reply: bytes = b""
    shown: float = math.nan  # the result reached the simulator
    result: str = ""

    @property
    def ack_ms(self) -> float:
        return (self.acked - self.sent) * 1000


@dataclass
class _Progress:
    """Shared by the sender threads of one run, under ``lock``."""

    lock: threading.Lock
    next: int = 0
    cpu: float = 0.0
    reconnects: int = 0


@dataclass
class Run:
    """The commands of one run and what the generator itself cost."""

    commands: list[Command]
    t0: float
    sender_cpu: float  # CPU seconds of the sender threads while they ran
    reconnects: int  # kept-alive connections the app had closed, opened again


class SlackLoad:
    """Sends signed slash commands to ``events_url`` from ``senders`` threads.

    Args:
        events_url: The app's ``/slack/events``.
        control_url: The Slack simulator's ``/_sim/`` (issues response URLs, reports results).
        signing_secret: The app's signing secret.
        team, channel, user, user_name: Who sends the commands.
        senders: Sender threads, each with its own kept-alive connection.
    """

    def __init__(
        self,
        *,
        events_url: str,
        control_url: str,
        signing_secret: str,
        team: str,
        channel: str,
        user: str,
        user_name: str,
        senders: int,
    ) -> None:
        parts = urlsplit(events_url)
        self.host, self.port, self.path = parts.hostname or "", parts.port or 80, parts.path
        self.control = requests.Session()
        self.control.trust_env = False
        self.control_url = control_url
        self.signing_secret = signing_secret
        self.team, self.channel, self.user, self.user_name = team, channel, user, user_name
        self.connections = [self._connect() for _ in range(senders)]
        self._feed_seen = self.control.get(control_url + "feed").json()["next"]

    def _connect(self) -> http.client.HTTPConnection:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.connect()  # http.client sets TCP_NODELAY itself; be explicit, it matters here
        assert connection.sock is not None
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection

    def commands(self, texts: list[str]) -> list[Command]:
        """Signed requests for ``texts``, each with a response URL the simulator issued."""
        urls = self.control.post(
            self.control_url + "response_urls",
            json={"count": len(texts), "user": self.user, "channel": self.channel},
        ).json()["urls"]
        out = []
        for index, (text, url) in enumerate(zip(texts, urls, strict=True)):
            body = urlencode(
                {
                    "team_id": self.team,
                    "channel_id": self.channel,
                    "user_id": self.user,
                    "user_name": self.user_name,
                    "command": "/sf",
                    "text": text,
                    "response_url": url,
                    "trigger_id": uuid.uuid4().hex,
                }
            ).encode()
            # Signed now: Slack's 5-minute window outlasts any run, and signing is not the
            # generator's cost to measure.
            headers = signed_headers(
                signing_secret=self.signing_secret,
                body=body,
                content_type="application/x-www-form-urlencoded",
            )
            out.append(Command(index, url, body, headers))
        return out

    def run(
        self,
        commands: list[Command],
        *,
        rate: float,
        on_start: Callable[[], object] | None = None,
    ) -> Run:
        """Send ``commands`` at ``rate`` per second; return when every one is acked.

        ``on_start`` is called just before the clock starts (every sender is ready).
        """
        count = len(commands)
        progress = _Progress(threading.Lock())
        t0 = [0.0]

        def schedule() -> None:  # runs once, as the last sender reaches the barrier
            progress.reconnects = 0  # count those on the clock only
            if on_start is not None:
                on_start()
            t0[0] = time.perf_counter() + 0.05
            for command in commands:
                command.scheduled = t0[0] + command.index / rate

        ready = threading.Barrier(len(self.connections), action=schedule)

        def sender(slot: int) -> None:
            # Refresh the connection first (the app closes idle ones), off the clock.
            self._exchange(slot, "GET", "/healthz", None, {}, progress)
            ready.wait()
            cpu = time.thread_time()
            while True:
                with progress.lock:
                    index = progress.next
                    progress.next += 1
                if index >= count:
                    break
                command = commands[index]
                delay = command.scheduled - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                command.sent = time.perf_counter()
                command.status, command.reply = self._exchange(
                    slot, "POST", self.path, command.body, command.headers, progress
                )
                command.acked = time.perf_counter()
            with progress.lock:
                progress.cpu += time.thread_time() - cpu

        threads = [
            threading.Thread(target=sender, args=(slot,), name=f"sender-{slot}")
            for slot in range(len(self.connections))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return Run(commands, t0[0], progress.cpu, progress.reconnects)

    def _exchange(
        self,
        slot: int,
        method: str,
        path: str,
        body: bytes | None,
        headers: dict[str, str],
        progress: _Progress,
    ) -> tuple[int, bytes]:
        for attempt in range(2):
            connection = self.connections[slot]
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                return response.status, response.read()
            except _STALE:
                # The app closed this kept-alive connection while it was idle: it never read
                # the request, so sending it again on a fresh connection is safe.
                if attempt:
                    raise
                connection.close()
                self.connections[slot] = self._connect()
                with progress.lock:
                    progress.reconnects += 1
        raise AssertionError("unreachable")

    def wait_results(self, count: int, *, timeout: float) -> None:
        """Long-poll the simulator's feed until ``count`` more posts reached response URLs."""
        deadline = time.monotonic() + timeout
        seen = 0
        while seen < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{seen} of {count} results reached Slack in {timeout:.0f} s")
            feed = self.control.get(
                self.control_url + "feed", params={"since": self._feed_seen, "wait": 5}
            ).json()
            self._feed_seen = feed["next"]
            seen += sum(1 for event in feed["events"] if event["kind"] == "response_url")
            time.sleep(0.1)  # batch the events: each poll costs the simulator's CPU too

    def collect(self, run: Run, *, wall_offset: float, is_result: Callable[[str], bool]) -> None:
        """Fill in when each command's result reached the simulator (and its text).

        Args:
            run: The run whose commands to complete.
            wall_offset: ``time.time() - time.perf_counter()`` (the simulator stamps wall time).
            is_result: Which posted texts are the command's result (not a progress note).
        """
        by_url = {command.response_url: command for command in run.commands}
        posts = self.control.get(
            self.control_url + "response_url_posts", params={"user": self.user}
        ).json()
        for post in posts:
            command = by_url.get(post["url"])
            body = post["body"] if isinstance(post["body"], dict) else {}
            text = str(body.get("text", ""))
            if command is None or post["status"] != 200 or not math.isnan(command.shown):
                continue
            command.result = text
            if is_result(text):
                command.shown = float(post["time"]) - wall_offset


def ack_text(command: Command) -> str:
    """The text of the app's ack (``""`` when it is not a JSON message)."""
    try:
        return str(json.loads(command.reply).get("text", ""))
    except (ValueError, AttributeError):
        return ""
