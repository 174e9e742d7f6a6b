"""The request thread answers as soon as the listener acks, and not before."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import BoltRequest
from slack_bolt.authorization import AuthorizeResult

from bot.slack import ack_wait, messages
from bot.slack.ack_wait import AckWaitingExecutor, expect_ack
from bot.slack.instrumented import InstrumentedApp


def _app() -> InstrumentedApp:
    return InstrumentedApp(
        signing_secret="unused",
        # No Slack to ask: every request is authorized as one bot.
        authorize=lambda **_kwargs: AuthorizeResult(
            enterprise_id=None, team_id="T1", bot_token="xoxb-unused", bot_user_id="UBOT"
        ),
        request_verification_enabled=False,
        process_before_response=False,
        listener_executor=AckWaitingExecutor(max_workers=4),
    )


def _command(text: str, *, response_url: str | None = None) -> BoltRequest:
    fields = {"command": "/sf", "text": text, "team_id": "T1", "user_id": "U1", "channel_id": "C1"}
    if response_url is not None:
        fields["response_url"] = response_url
    body = urlencode(fields)
    return BoltRequest(body=body, headers={"content-type": ["application/x-www-form-urlencoded"]})


def test_the_ack_is_answered_while_the_listener_keeps_working() -> None:
    app = _app()
    released = threading.Event()
    events: list[str] = []

    @app.command("/sf")
    def listener(ack, body):  # type: ignore[no-untyped-def]
        ack(text=f"working on {body['text']}")
        released.wait(10)
        events.append("listener finished")

    response = app.dispatch(_command("create contact last=Ada"))
    events.append("answered")
    released.set()
    assert response.status == 200
    assert "working on create contact last=Ada" in response.body
    app._listener_runner.listener_executor.shutdown(wait=True)  # type: ignore[attr-defined]
    assert events == ["answered", "listener finished"]


def test_a_listener_that_never_acks_is_waited_for_until_it_ends() -> None:
    app = _app()
    events: list[str] = []

    @app.command("/sf")
    def listener(ack):  # type: ignore[no-untyped-def]
        events.append("listener finished")

    response = app.dispatch(_command("help"))
    events.append("answered")
    # bolt answers a listener that never acked with a 404 ("no ack"), after it ended.
    assert response.status == 404
    assert events == ["listener finished", "answered"]


def test_an_error_before_the_ack_is_answered_by_the_error_handler() -> None:
    app = _app()

    @app.error
    def on_error(error, response):  # type: ignore[no-untyped-def]
        response.status = 200
        response.body = f"sorry: {error}"

    @app.command("/sf")
    def listener(ack):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    response = app.dispatch(_command("help"))
    assert response.status == 200
    assert response.body == "sorry: boom"


def test_submit_returns_with_the_ack_already_recorded() -> None:
    # bolt polls `ack.response` after `submit`: it must find it set, so it never sleeps.
    executor = AckWaitingExecutor(max_workers=2)
    context: dict[str, object] = {}
    expect_ack(context)
    ack = context["ack"]
    go, released = threading.Event(), threading.Event()

    def listener() -> None:
        go.wait(10)
        ack(text="ok")  # type: ignore[operator]
        released.wait(10)

    threading.Timer(0.2, go.set).start()
    executor.submit(listener)
    try:
        assert ack.response is not None  # type: ignore[attr-defined]
        assert not released.is_set()
    finally:
        released.set()
        executor.shutdown(wait=True)


class _Recorder(BaseHTTPRequestHandler):
    """A response_url: records each JSON body posted to it."""

    posts: list[dict[str, Any]]

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        length = int(self.headers.get("Content-Length") or 0)
        self.server.posts.append(json.loads(self.rfile.read(length)))  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def response_url() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.posts = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", server.posts  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def _interactive(kind: str, url: str | None) -> BoltRequest:
    payload: dict[str, Any] = {
        "type": kind,
        "team": {"id": "T1"},
        "user": {"id": "U1"},
        "actions": [{"action_id": "go", "type": "button"}],
        "view": {"id": "V1", "type": "modal", "callback_id": "form", "state": {"values": {}}},
        "callback_id": "form",
        "trigger_id": "1.2.3",
    }
    if url:
        payload["response_url"] = url
    body = urlencode({"payload": json.dumps(payload)})
    return BoltRequest(body=body, headers={"content-type": ["application/x-www-form-urlencoded"]})


def test_a_slow_command_gets_the_notice_then_its_reply_through_response_url(
    monkeypatch: pytest.MonkeyPatch, response_url: tuple[str, list[dict[str, Any]]]
) -> None:
    monkeypatch.setattr(ack_wait, "ACK_DEADLINE_SECONDS", 0.2)
    url, posts = response_url
    app = _app()
    done = threading.Event()

    @app.command("/sf")
    def listener(ack):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        ack(text="the real reply")
        done.set()

    response = app.dispatch(_command("x", response_url=url))
    assert response.status == 200
    assert json.loads(response.body)["text"] == messages.WORKING
    assert done.wait(5)
    assert posts == [{"text": "the real reply", "replace_original": True}]


def test_a_slow_click_gets_an_empty_ack_and_a_slow_form_none(
    monkeypatch: pytest.MonkeyPatch, response_url: tuple[str, list[dict[str, Any]]]
) -> None:
    monkeypatch.setattr(ack_wait, "ACK_DEADLINE_SECONDS", 0.2)
    url, posts = response_url
    app = _app()

    @app.action("go")
    def click(ack):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        ack()  # late and empty: nothing to post

    @app.view("form")
    def submit(ack):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        ack(response_action="errors", errors={"b": "wrong"})

    started = time.monotonic()
    clicked = app.dispatch(_interactive("block_actions", url))
    assert clicked.status == 200 and clicked.body == ""
    assert time.monotonic() - started < 0.45
    # A form is never closed on its behalf: its own answer, however late, is the response.
    submitted = app.dispatch(_interactive("view_submission", None))
    assert json.loads(submitted.body)["response_action"] == "errors"
    app._listener_runner.listener_executor.shutdown(wait=True)  # type: ignore[attr-defined]
    assert posts == []


def test_the_deadline_and_the_listener_acking_together_answer_once_each_way(
    response_url: tuple[str, list[dict[str, Any]]],
) -> None:
    url, posts = response_url
    deadline_won = 0
    for _ in range(200):
        ack = ack_wait.SignallingAck(kind="command", response_url=url)
        start = threading.Barrier(2)

        def listener(ack: ack_wait.SignallingAck = ack, start: threading.Barrier = start) -> None:
            start.wait()
            ack(text="real")

        thread = threading.Thread(target=listener)
        thread.start()
        start.wait()
        on_behalf = ack.answer_on_behalf()
        thread.join()
        deadline_won += on_behalf
        assert ack.response is not None
        answered = json.loads(ack.response.body)["text"] if on_behalf else ack.response.body
        assert answered == (messages.WORKING if on_behalf else "real")
    # Every reply the deadline beat went to response_url, once; the others were the answer.
    assert posts == [{"text": "real", "replace_original": True}] * deadline_won


@pytest.mark.parametrize("late", sorted(messages.PROGRESS_NOTICES))
def test_a_late_progress_notice_is_not_posted_over_a_result(
    monkeypatch: pytest.MonkeyPatch, response_url: tuple[str, list[dict[str, Any]]], late: str
) -> None:
    monkeypatch.setattr(ack_wait, "ACK_DEADLINE_SECONDS", 0.2)
    url, posts = response_url
    app = _app()
    done = threading.Event()

    @app.command("/sf")
    def listener(ack):  # type: ignore[no-untyped-def]
        time.sleep(0.5)
        ack(text=late, blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": late}}])
        done.set()

    response = app.dispatch(_command("x", response_url=url))
    assert json.loads(response.body)["text"] == messages.WORKING
    assert done.wait(5)
    time.sleep(0.2)  # a post, had there been one, has arrived
    assert posts == []
