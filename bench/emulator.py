"""Requests per second of the local Salesforce for record GET, create and a SOQL query.

Run: ``python bench/emulator.py [seconds-per-case]``. The emulator runs in its own process (as the
bot's benchmarks use it) and one client sends requests over a kept-alive HTTPS connection, so the
figures are the server's single-core throughput. Target: ≥ 500 record GETs/s.
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

TARGET_GETS_PER_SECOND = 500
REPO = Path(__file__).resolve().parents[1]


def _rate(seconds: float, call: Callable[[], int]) -> float:
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        status = call()
        assert status < 300, status
        done += 1
    return done / (time.perf_counter() - started)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    certs = tempfile.mkdtemp(prefix="bench-sf-")
    proc = subprocess.Popen(
        [sys.executable, "-m", "devkit.salesforce", "--port", "0", "--cert-dir", certs],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        base = proc.stdout.readline().rsplit(" ", 1)[1].strip()
        proc.stdout.readline()
        port = int(base.rsplit(":", 1)[1])
        conn = http.client.HTTPSConnection(
            "127.0.0.1", port, context=ssl.create_default_context(cafile=f"{certs}/ca.pem")
        )

        def call(method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            conn.request(method, path, body=json.dumps(body) if body else None, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read()

        token = ""
        conn.request("POST", "/__devkit/token", body=json.dumps({"username": "rep@demo.example"}))
        token = json.loads(conn.getresponse().read())["access_token"]
        api = "/services/data/v59.0/"
        found = call("GET", api + "query/?q=" + quote("SELECT Id FROM Account LIMIT 1"))[1]
        account = json.loads(found)["records"][0]["Id"]
        get = _rate(seconds, lambda: call("GET", api + f"sobjects/Account/{account}")[0])
        create = _rate(
            seconds,
            lambda: call("POST", api + "sobjects/Lead/", {"LastName": "Bench", "Company": "B"})[0],
        )
        soql = quote(
            "SELECT Id, Name, Account.Name FROM Opportunity WHERE StageName != 'Closed Lost'"
        )
        query = _rate(seconds, lambda: call("GET", api + "query/?q=" + soql)[0])
    finally:
        proc.terminate()
        proc.wait(10)
    print(
        f"record GET      {get:8.0f} req/s  ({get / TARGET_GETS_PER_SECOND:.2f}x the "
        f"{TARGET_GETS_PER_SECOND}/s target)"
    )
    print(f"record create   {create:8.0f} req/s  ({create / get:.2f}x GET)")
    print(f"SOQL query      {query:8.0f} req/s  ({query / get:.2f}x GET)")


if __name__ == "__main__":
    main()
