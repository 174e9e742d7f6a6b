"""`sfbot run` without Slack credentials starts the playground and prints its URL."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import requests

from tests.conftest import REPO_ROOT


def test_run_without_slack_credentials_starts_the_playground(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("SFBOT_TEST")}
    env["PYTHONPATH"] = str(REPO_ROOT)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.db'}"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--port", "0"],
        cwd=tmp_path,  # nothing may be written into the checkout
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = None
        deadline = time.monotonic() + 60
        lines = []
        while url is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line and process.poll() is not None:
                break
            lines.append(line)
            match = re.search(r"sfbot playground: (http://127\.0\.0\.1:\d+)", line)
            url = match.group(1) if match else None
        assert url, f"no URL printed: {''.join(lines)}"
        page = requests.get(url, timeout=10)
        assert page.status_code == 200 and "sfbot playground" in page.text
        config = requests.get(f"{url}/api/config", timeout=10).json()
        assert {user["email"] for user in config["users"]} >= {
            "rep@demo.example",
            "readonly@demo.example",
            "admin@demo.example",
        }
        assert "log_as_note" in {s["callback_id"] for s in config["shortcuts"]}
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert not list(tmp_path.glob(".sfbot*"))
