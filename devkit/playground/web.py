"""The playground's web server: the static page, and a JSON API bridging it to devkit/slack."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, send_from_directory
from werkzeug.serving import BaseWSGIServer, make_server

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_web_app() -> Flask:
    """The Flask app serving the playground page and the Block Kit gallery."""
    app = Flask(__name__, static_folder=None)

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


def serve(app: Flask, *, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve `app` on a daemon thread (port 0 picks a free port) and return where it listens."""
    server = make_server(host, port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="playground-web", daemon=True)
    thread.start()
    return RunningServer(server=server, thread=thread)
