"""Serve a small bolt app over HTTP on loopback, for the simulator's own end-to-end tests."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


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


@pytest.fixture
def recorder(slack_sim):
    """A loopback app for ``slack_sim``: records ``(headers, raw body)`` of every request and
    answers with ``reply["body"]`` (``reply["type"]`` content type, ``reply["status"]``)."""
    got: list[tuple[dict, bytes]] = []
    reply = {"body": b"", "type": "text/plain", "status": 200}

    def app(environ, start_response):
        req = Request(environ)
        got.append((dict(req.headers), req.get_data()))
        resp = Response(reply["body"], status=reply["status"], content_type=reply["type"])
        return resp(environ, start_response)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    slack_sim.app_url = f"http://127.0.0.1:{server.server_port}/slack/events"
    yield got, reply
    server.shutdown()
    server.server_close()
