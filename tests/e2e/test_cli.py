"""The `sfbot` command line as a user runs it: a subprocess with settings in the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


def _sfbot(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("SFBOT_TEST")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=REPO_ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


BAD_SETTINGS = {
    "DATABASE_URL": ("mysql://db/x", "DATABASE_URL"),
    "SLACK_API_URL": ("slack.com/api", "SLACK_API_URL"),
    "SFBOT_WRITE_WORKERS": ("many", "SFBOT_WRITE_WORKERS"),
    "SLACK_SIGNING_SECRET": ("changeme", "SLACK_SIGNING_SECRET"),
}


@pytest.mark.parametrize("variable", BAD_SETTINGS)
def test_bad_setting_prints_one_clear_line(variable, tmp_path):
    value, named = BAD_SETTINGS[variable]
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", variable: value}
    result = _sfbot("serve", "--port", "0", env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sfbot: configuration error: " + named)
    if "SECRET" in variable:
        assert value not in result.stderr


def test_missing_slack_settings_name_the_variable(tmp_path):
    result = _sfbot("serve", env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "SLACK_SIGNING_SECRET" in result.stderr.strip().splitlines()[-1]


def test_migrate_creates_the_tables_and_doctor_reports(tmp_path, slack_sim):
    database = f"sqlite:///{tmp_path / 'cli.db'}"
    result = _sfbot("migrate", env={"DATABASE_URL": database})
    assert result.returncode == 0, result.stderr
    assert "database at revision 0002_used_export_links" in result.stdout

    env = {
        "DATABASE_URL": database,
        "SLACK_SIGNING_SECRET": "a-real-looking-signing-secret",
        "SLACK_BOT_TOKEN": slack_sim.bot_token,
        "SLACK_API_URL": slack_sim.api_url,
        "SALESFORCE_LOGIN_URL": "http://127.0.0.1:9",
    }
    result = _sfbot("doctor", env=env)
    lines = {line.split(":")[0].split(maxsplit=1)[1]: line for line in result.stdout.splitlines()}
    assert lines["database"].startswith("ok")
    assert lines["slack api"].startswith("ok")
    assert lines["slack settings"].startswith("ok")
    assert lines["salesforce login"].startswith("fail")  # nothing listens on port 9
    assert result.returncode == 1
    assert slack_sim.bot_token not in result.stdout + result.stderr


# `sfbot run` without Slack credentials: tests/e2e/test_playground_cli.py.


def test_logs_are_json_lines_without_secrets(tmp_path, slack_sim):
    """Serve one real request through `bot.wsgi` in a subprocess and read its log output."""
    secret = slack_sim.signing_secret
    script = Path(tmp_path / "serve_once.py")
    script.write_text(
        "import gc, sys\n"
        "from werkzeug.serving import make_server\n"
        "from bot.wsgi import application\n"
        "server = make_server('127.0.0.1', 0, application)\n"
        "print(server.server_port, gc.get_freeze_count(), flush=True)\n"
        "server.handle_request()\n"
    )
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'log.db'}",
        "SLACK_SIGNING_SECRET": secret,
        "SLACK_BOT_TOKEN": slack_sim.bot_token,
        "SLACK_API_URL": slack_sim.api_url,
        "PYTHONPATH": str(REPO_ROOT),
    }
    clean = {key: value for key, value in os.environ.items() if not key.startswith("SFBOT_TEST")}
    clean.update(env)
    process = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=REPO_ROOT,
        env=clean,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port, frozen = map(int, process.stdout.readline().split())
        # The built app is kept out of the cyclic collector's scans (no long GC pauses).
        assert frozen > 10_000
        slack_sim.app_url = f"http://127.0.0.1:{port}/slack/events"
        assert slack_sim.slash("help").applied == "ephemeral"
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    records = [json.loads(line) for line in stderr.splitlines() if line.strip()]
    assert records, "the app logged nothing"
    request_lines = [record for record in records if record["msg"] == "slack request"]
    assert len(request_lines) == 1
    line = request_lines[0]
    assert line["team"] == slack_sim.state.team_id and line["user"] == slack_sim.default_user
    assert line["command"] == "/sf" and line["verb"] == "help" and line["outcome"] == "ok"
    assert line["latency_ms"] >= 0
    assert secret not in stderr and slack_sim.bot_token not in stderr
