"""The simulator's HTTP server: the Web API, response URLs and the ``/_sim`` control API."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

logger = logging.getLogger(__name__)

# (method, path, query, body, headers) -> (status, headers, body bytes)
Route = Callable[[str, str, str, bytes, dict[str, str]], tuple[int, dict[str, str], bytes]]


def json_response(status: int, data: object, headers: dict[str, str] | None = None):
    body = json.dumps(data).encode()
    return status, {"Content-Type": "application/json; charset=utf-8", **(headers or {})}, body


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        # Headers and body are two writes: without this, a kept-alive client's delayed ACK
        # holds the body back ~40 ms (Nagle), which no real Slack server does.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            status, out_headers, out = self.server.route(
                self.command, parts.path, parts.query, body, headers
            )
        except Exception:  # a simulator bug must still answer, and be visible in the test log
            logger.exception("slack simulator failed on %s %s", self.command, parts.path)
            status, out_headers, out = json_response(500, {"ok": False, "error": "internal_error"})
        self.send_response(status)
        for key, value in out_headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        logger.debug("slack simulator: " + format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], route: Route) -> None:
        super().__init__(address, _Handler)
        self.route = route


class HttpServer:
    """A threaded loopback server on an ephemeral port calling ``route`` for every request."""

    def __init__(self, route: Route, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = _Server((host, port), route)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="slack-simulator", daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
