"""Serve a small bolt app over HTTP on loopback, for the simulator's own end-to-end tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from werkzeug.serving import make_server


@pytest.fixture
def serve_bolt() -> Iterator[Callable[[App], str]]:
    """``serve_bolt(app)`` → the app's ``http://127.0.0.1:PORT/slack/events`` URL."""
    servers = []

    def serve(app: App) -> str:
        server = make_server("127.0.0.1", 0, SlackRequestHandler(app), threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/slack/events"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()
