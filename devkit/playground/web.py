"""The playground's web server: the static page, and a JSON API bridging it to devkit/slack."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, jsonify, request, send_from_directory
from werkzeug.exceptions import BadRequest
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from devkit.playground.bridge import Playground, PlaygroundError

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
# How often a server checks for shutdown: stopping waits up to this long (the default is 0.5 s,
# which every test starting a playground would pay twice).
POLL_SECONDS = 0.05

# POST /api/<name> → Playground method; each takes the JSON body's fields as keyword arguments.
ACTIONS = {
    "slash": ("user", "channel", "command", "text"),
    "message": ("user", "channel", "text"),
    "shortcut": ("user", "channel", "message_ts", "callback_id"),
    "home": ("user",),
    "action": ("user", "action", "channel", "message_ts", "view_id", "values"),
    "suggest": ("user", "action_id", "block_id", "value", "channel", "message_ts", "view_id"),
    "submit": ("user", "view_id", "values"),
    "close": ("user", "view_id", "all"),
}
REQUIRED = {"user", "channel", "command", "text", "message_ts", "callback_id", "action", "view_id"}
OPTIONAL_BY_ACTION = {
    "action": {"channel", "message_ts", "view_id", "values"},
    "suggest": {"channel", "message_ts", "view_id"},
    "submit": {"values"},
    "close": {"all"},
}


def create_web_app(playground: Playground | None = None) -> Flask:
    """The Flask app serving the playground page, the Block Kit gallery, and its /api.

    Args:
        playground: The simulator and emulator behind the page; ``None`` serves only the static
            files (the gallery works without a bot).
    """
    app = Flask(__name__, static_folder=None)

    @app.get("/api/config")
    def config():  # type: ignore[no-untyped-def]
        return jsonify(_require(playground).config())

    @app.get("/api/state")
    def state():  # type: ignore[no-untyped-def]
        args = request.args
        since = args.get("since", "0")
        if not since.isdigit():
            raise BadRequest("since: expected a number")
        return jsonify(
            _require(playground).state(
                user=args.get("user", ""), channel=args.get("channel", ""), since=int(since)
            )
        )

    @app.post("/api/<name>")
    def act(name: str):  # type: ignore[no-untyped-def]
        if name not in ACTIONS:
            return jsonify(ok=False, error=f"Unknown playground action {name!r}."), 404
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise BadRequest("expected a JSON object")
        kwargs = _arguments(name, body)
        return jsonify(getattr(_require(playground), name)(**kwargs))

    @app.errorhandler(PlaygroundError)
    def playground_error(error: PlaygroundError):  # type: ignore[no-untyped-def]
        return jsonify(ok=False, error=str(error)), 400

    @app.errorhandler(BadRequest)
    def bad_request(error: BadRequest):  # type: ignore[no-untyped-def]
        return jsonify(ok=False, error=f"Bad request: {error.description}"), 400

    @app.get("/")
    def index():  # type: ignore[no-untyped-def]
        return send_from_directory(STATIC_DIR, "index.html")

    @app.get("/<path:name>")
    def static_file(name: str):  # type: ignore[no-untyped-def]
        return send_from_directory(STATIC_DIR, name)

    @app.after_request
    def no_cache(response):  # type: ignore[no-untyped-def]
        # The page is edited while it runs; a stale script would render stale blocks.
        response.headers["Cache-Control"] = "no-store"
        return response

    return app


def _require(playground: Playground | None) -> Playground:
    if playground is None:
        raise PlaygroundError("This server only serves the static pages (no bot is running).")
    return playground


def _arguments(name: str, body: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of one action, with a clear message for a missing or bad field."""
    optional = OPTIONAL_BY_ACTION.get(name, set())
    kwargs: dict[str, Any] = {}
    for key in ACTIONS[name]:
        if key not in body or body[key] is None:
            if key in REQUIRED and key not in optional:
                raise BadRequest(f"{key}: missing")
            continue
        value = body[key]
        if key in {"action", "values"} and not isinstance(value, dict):
            raise BadRequest(f"{key}: expected an object")
        if key == "all" and not isinstance(value, bool):
            raise BadRequest("all: expected true or false")
        if key not in {"action", "values", "all"} and not isinstance(value, str):
            raise BadRequest(f"{key}: expected a string")
        kwargs[key] = value
    return kwargs


@dataclass
class RunningServer:
    """A WSGI app served on a background thread."""

    server: BaseWSGIServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
        self.server.server_close()


class QuietHandler(WSGIRequestHandler):
    """No access log: the page long-polls, which would print a line every few seconds."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def serve(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve `app` on a daemon thread (port 0 picks a free port) and return where it listens."""
    server = make_server(host, port, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": POLL_SECONDS},
        name="playground-web",
        daemon=True,
    )
    thread.start()
    return RunningServer(server=server, thread=thread)
