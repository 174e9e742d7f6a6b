"""Posting to a response_url reuses one connection, and survives one the server dropped."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.slack import response_url


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.connections = 0
        self.bodies: list[Any] = []
        self.drop_after_reply = False  # close without saying so, as an idle timeout would


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Recorder

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        length = int(self.headers["Content-Length"])
        self.server.bodies.append(json.loads(self.rfile.read(length)))
        status = 404 if self.path.endswith("/expired") else 200
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
        if self.server.drop_after_reply:
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def recorder() -> Iterator[_Recorder]:
    server = _Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _url(server: _Recorder, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/{path}"


def test_posts_share_one_kept_alive_connection(recorder: _Recorder) -> None:
    statuses = [response_url.post(_url(recorder, f"r/{i}"), {"text": str(i)}) for i in range(5)]
    assert statuses == [200] * 5
    assert recorder.bodies == [{"text": str(i)} for i in range(5)]
    assert recorder.connections == 1


def test_a_connection_the_server_dropped_is_replaced(recorder: _Recorder) -> None:
    recorder.drop_after_reply = True
    statuses = [response_url.post(_url(recorder, f"r/{i}"), {"text": str(i)}) for i in range(3)]
    assert statuses == [200] * 3
    assert recorder.bodies == [{"text": str(i)} for i in range(3)]  # each posted once
    assert recorder.connections == 3


def test_refusal_is_a_status_and_unreachable_is_an_os_error(recorder: _Recorder) -> None:
    assert response_url.post(_url(recorder, "expired"), {"text": "late"}) == 404
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(OSError):
        response_url.post(f"http://127.0.0.1:{port}/gone", {"text": "nobody"})
