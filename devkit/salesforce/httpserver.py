"""A small threaded HTTPS server for a WSGI app, with HTTP/1.1 keep-alive.

werkzeug's development server closes every connection, so each request paid a TLS handshake
(about 150 requests/s); keeping connections open lets one core serve well over 500 record GETs
per second. TLS handshakes happen in the connection's own thread, so a stalled or garbage client
never blocks the accept loop; every request has a socket timeout.
"""

from __future__ import annotations

import socket
import ssl
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import unquote

from werkzeug.wsgi import LimitedStream

_QUIET_ERRORS = (ConnectionError, TimeoutError, ssl.SSLError, OSError)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60
    server: _Server

    def setup(self) -> None:
        self.request.settimeout(self.timeout)
        self.request.do_handshake()
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the app keeps a log
        pass

    def handle_one_request(self) -> None:
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.send_error(414)
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self._run_wsgi()
            self.wfile.flush()
        except _QUIET_ERRORS:
            self.close_connection = True

    def _environ(self) -> dict[str, Any]:
        path, _, query = self.path.partition("?")
        length = self.headers.get("Content-Length")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote(path, "latin-1"),
            "QUERY_STRING": query,
            "RAW_URI": self.path,
            "REQUEST_URI": self.path,
            "SERVER_NAME": self.server.server_address[0],
            "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
            "REMOTE_ADDR": self.client_address[0],
            "REMOTE_PORT": self.client_address[1],
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "https",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "werkzeug.socket": self.connection,
        }
        if self.headers.get("Content-Type"):
            environ["CONTENT_TYPE"] = self.headers["Content-Type"]
        if length is not None:
            environ["CONTENT_LENGTH"] = length
        for key, value in self.headers.items():
            name = "HTTP_" + key.upper().replace("-", "_")
            if name in {"HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"}:
                continue
            environ[name] = f"{environ[name]},{value}" if name in environ else value
        try:
            size = max(int(length or 0), 0)
        except ValueError:
            size = 0
        environ["wsgi.input"] = LimitedStream(self.rfile, size)
        environ["wsgi.input_terminated"] = False
        return environ

    def _run_wsgi(self) -> None:
        environ = self._environ()
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None):
            del exc_info
            started[:] = [status, headers]
            return lambda data: None

        result = self.server.app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        status, headers = started
        stream: LimitedStream = environ["wsgi.input"]
        if not stream.is_exhausted:
            # The app did not read the whole body (a refused upload): close rather than desync.
            self.close_connection = True
        lines = [f"HTTP/1.1 {status}"]
        keys = set()
        for key, value in headers:
            keys.add(key.lower())
            if key.lower() == "connection" and value.lower() == "close":
                self.close_connection = True
            lines.append(f"{key}: {value}")
        if "content-length" not in keys and not status.startswith(("204", "304")):
            lines.append(f"Content-Length: {len(body)}")
        if self.close_connection:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        payload = b"" if self.command == "HEAD" else body
        self.wfile.write(head + payload)


class _Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], app: Any, context: ssl.SSLContext) -> None:
        super().__init__(address, _Handler, bind_and_activate=True)
        self.app = app
        self.socket = context.wrap_socket(
            self.socket, server_side=True, do_handshake_on_connect=False
        )

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, _QUIET_ERRORS):
            return
        super().handle_error(request, client_address)


def make_https_server(host: str, port: int, app: Any, context: ssl.SSLContext) -> _Server:
    """A threaded HTTPS server (call ``serve_forever`` in a thread, ``shutdown`` to stop)."""
    return _Server((host, port), app, context)
