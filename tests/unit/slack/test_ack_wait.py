"""The request thread answers as soon as the listener acks, and not before."""

from __future__ import annotations

import threading
from urllib.parse import urlencode

from slack_bolt import BoltRequest
from slack_bolt.authorization import AuthorizeResult

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


def _command(text: str) -> BoltRequest:
    body = urlencode(
        {"command": "/sf", "text": text, "team_id": "T1", "user_id": "U1", "channel_id": "C1"}
    )
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
