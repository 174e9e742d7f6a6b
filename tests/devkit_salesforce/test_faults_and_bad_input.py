"""Fault switches, limits, the request log, and bad input that must never crash the server."""

from __future__ import annotations

import socket
import ssl
import threading
import time

import pytest
import requests


def test_sforce_limit_info_and_request_limit(emu, rep):
    first = rep.get("limits/")
    used, total = first.headers["Sforce-Limit-Info"].removeprefix("api-usage=").split("/")
    assert int(total) == 15000 and int(used) >= 1
    assert first.json()["DailyApiRequests"]["Max"] == 15000
    emu.set_faults(request_limit=int(used) + 1)
    assert rep.get("limits/").status_code == 200
    over = rep.get("limits/")
    assert over.status_code == 403
    assert over.json() == [
        {"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}
    ]


def test_error_rate_and_latency(emu, rep):
    emu.set_faults(error_rate=1.0, error_status=503)
    resp = rep.get("sobjects/Account/describe")
    assert resp.status_code == 503 and resp.json()[0]["errorCode"] == "SERVER_UNAVAILABLE"
    emu.set_faults(error_rate=0.0, latency_ms=150)
    started = time.perf_counter()
    assert rep.get("limits/").status_code == 200
    assert time.perf_counter() - started >= 0.15
    emu.set_faults()


def test_drop_after_commit_loses_the_answer_not_the_write(emu, rep):
    emu.set_faults(drop_after_commit=1)
    with pytest.raises(requests.exceptions.ConnectionError):
        rep.post("sobjects/Lead/", {"LastName": "Dropped", "Company": "D"})
    assert [r["LastName"] for r in emu.records("Lead") if r["LastName"] == "Dropped"] == ["Dropped"]
    assert rep.post("sobjects/Lead/", {"LastName": "Kept", "Company": "D"}).status_code == 201


def test_control_endpoints_over_http(emu, rep):
    control = emu.session()
    url = emu.base_url + "/__devkit/"
    rep.get("limits/")
    log = control.get(url + "requests", timeout=30).json()
    assert log[-1]["path"] == "/services/data/v59.0/limits/"
    assert log[-1]["status"] == 200 and log[-1]["user"] == "rep@demo.example"
    faults = control.post(
        url + "faults", json={"error_rate": 1, "error_status": 500}, timeout=30
    ).json()
    assert faults["error_status"] == 500
    assert rep.get("limits/").status_code == 500
    assert control.post(url + "faults", json={"nonsense": 1}, timeout=30).status_code == 400
    control.post(url + "reset", timeout=30)
    assert rep.get("limits/").status_code == 401  # reset drops every grant
    control_token = control.post(
        url + "token", json={"username": "rep@demo.example"}, timeout=30
    ).json()["access_token"]
    control.post(url + "expire-tokens", timeout=30)
    resp = control.get(
        emu.base_url + "/services/data/v59.0/limits/",
        headers={"Authorization": f"Bearer {control_token}"},
        timeout=30,
    )
    assert resp.status_code == 401


def test_malformed_json_and_wrong_content_type(rep):
    resp = rep.request(
        "POST",
        "sobjects/Account/",
        data=b'{"Name" "x"}',
        headers={"Content-Type": "application/json"},
    )
    assert resp.status_code == 400 and resp.json()[0]["errorCode"] == "JSON_PARSER_ERROR"
    assert "fields" not in resp.json()[0]
    resp = rep.request(
        "POST",
        "sobjects/Account/",
        data=b"Name=x",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert resp.status_code == 415 and resp.json()[0]["errorCode"] == "UNSUPPORTED_MEDIA_TYPE"
    resp = rep.post("sobjects/Account/", ["not", "an", "object"])
    assert resp.status_code == 400 and resp.json()[0]["errorCode"] == "JSON_PARSER_ERROR"


def test_unknown_versions_and_paths(emu, rep):
    for path in (
        "/services/data/v20.0/sobjects",
        "/services/data/latest/sobjects",
        "/services/data/v59.0/nothing/here",
        "/no/such/thing",
    ):
        resp = rep.get(path)
        assert resp.status_code == 404, path
        assert resp.json()[0]["errorCode"] == "NOT_FOUND"
    versions = rep.get("/services/data/").json()
    assert {"label", "url", "version"} <= set(versions[0]) and versions[0]["version"] == "50.0"
    resp = rep.request("PUT", "sobjects/Account/describe")
    assert resp.status_code == 405


def test_huge_body_is_refused_without_reading_it(emu):
    ctx = ssl.create_default_context(cafile=emu.ca_file)
    port = int(emu.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            tls.sendall(
                b"POST /services/data/v59.0/sobjects/Account/ HTTP/1.1\r\n"
                b"Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b"Content-Length: 60000000\r\n\r\n{"
            )
            chunks = []
            while chunk := tls.recv(65536):
                chunks.append(chunk)
            reply = b"".join(chunks).decode()
    assert reply.startswith("HTTP/1.1 413")
    assert "REQUEST_ENTITY_TOO_LARGE" in reply


def test_garbage_and_concurrency_do_not_break_the_server(emu, rep):
    port = int(emu.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        raw.sendall(b"\x00\xffnot tls at all\r\n\r\n")
    ctx = ssl.create_default_context(cafile=emu.ca_file)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            tls.sendall(b"BLAH / HTTP/9\r\n\r\n")
            tls.recv(1024)
    errors: list[BaseException] = []
    statuses: list[int] = []

    def worker(n: int) -> None:
        try:
            session = emu.session("rep@demo.example")
            for i in range(5):
                resp = session.post(
                    emu.base_url + "/services/data/v59.0/sobjects/Lead/",
                    json={"LastName": f"T{n}-{i}", "Company": "C"},
                    timeout=30,
                )
                statuses.append(resp.status_code)
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors and statuses == [201] * 40
    assert len({r["Id"] for r in emu.records("Lead")}) == len(emu.records("Lead"))
    assert rep.get("limits/").status_code == 200
