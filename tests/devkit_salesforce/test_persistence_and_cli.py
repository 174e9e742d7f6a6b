"""--data FILE keeps the org across restarts; the CLI prints the URL and CA file; pages."""

from __future__ import annotations

import os
import subprocess
import sys
from email.utils import formatdate
from pathlib import Path

from devkit.salesforce import start_emulator

REPO = Path(__file__).resolve().parents[2]


def test_sqlite_file_keeps_records_and_tokens(tmp_path):
    data = tmp_path / "org.db"
    with start_emulator("demo", data=data) as first:
        session = first.session("rep@demo.example")
        token = session.headers["Authorization"]
        rid = session.post(
            first.base_url + "/services/data/v59.0/sobjects/Lead/",
            json={"LastName": "Persisted", "Company": "P"},
            timeout=30,
        ).json()["id"]
    with start_emulator("demo", data=data) as second:
        assert second.record(rid)["LastName"] == "Persisted"
        session = second.session()
        session.headers["Authorization"] = token
        resp = session.get(
            second.base_url + f"/services/data/v59.0/sobjects/Lead/{rid}", timeout=30
        )
        assert resp.status_code == 200
        new = (
            second.session("rep@demo.example")
            .post(
                second.base_url + "/services/data/v59.0/sobjects/Lead/",
                json={"LastName": "After", "Company": "P"},
                timeout=30,
            )
            .json()["id"]
        )
        assert new != rid


def test_cli_prints_base_url_and_ca_file(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "devkit.salesforce",
            "--port",
            "0",
            "--org",
            "empty",
            "--cert-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    try:
        first = proc.stdout.readline()
        second = proc.stdout.readline()
    finally:
        proc.terminate()
        proc.wait(10)
    assert first.startswith("devkit Salesforce (empty) at https://127.0.0.1:")
    assert second.strip() == f"CA file: {tmp_path / 'ca.pem'}"
    assert (tmp_path / "ca.pem").read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_lightning_record_page_and_describe_304(emu, rep):
    acme = next(r["Id"] for r in emu.records("Account") if r["Name"] == "Acme Corporation")
    page = emu.session().get(f"{emu.base_url}/lightning/r/Account/{acme}/view", timeout=30)
    assert page.status_code == 200 and "Acme Corporation" in page.text
    assert "text/html" in page.headers["Content-Type"]
    first = rep.get("sobjects/Account/describe")
    assert "Last-Modified" in first.headers
    again = rep.get(
        "sobjects/Account/describe", headers={"If-Modified-Since": formatdate(usegmt=True)}
    )
    assert again.status_code == 304 and again.content == b""
    old = rep.get(
        "sobjects/Account/describe", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    )
    assert old.status_code == 200
