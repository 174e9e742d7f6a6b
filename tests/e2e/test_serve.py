"""`sfbot serve` runs the app under gunicorn: it migrates, answers health checks and Slack."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import requests

from bot.app import create_app
from tests.conftest import REPO_ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_health_and_slack(tmp_path, slack_sim):
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SFBOT_TEST")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'served.db'}",
        SLACK_SIGNING_SECRET=slack_sim.signing_secret,
        SLACK_BOT_TOKEN=slack_sim.bot_token,
        SLACK_API_URL=slack_sim.api_url,
        SFBOT_KEY_FILE=str(tmp_path / "key"),
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bot",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
            "--threads",
            "2",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = requests.get(f"{base}/healthz", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        assert health.status_code == 200 and health.json()["database"] == "ok"
        slack_sim.app_url = f"{base}/slack/events"
        result = slack_sim.slash("help")
        assert result.status == 200 and result.applied == "ephemeral"
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert slack_sim.bot_token not in stderr and slack_sim.signing_secret not in stderr


def test_socket_mode_needs_no_signing_secret(make_settings):
    settings = make_settings(slack_signing_secret=None, slack_app_token="xapp-1-A1-2-abcdef")
    bot = create_app(settings, socket_mode=True)
    try:
        assert bot.bolt.client.token == settings.slack_bot_token.get_secret_value()
    finally:
        bot.stop()


def test_socket_command_without_app_token_says_so(tmp_path, slack_sim):
    env = {key: value for key, value in os.environ.items() if not key.startswith("SFBOT_TEST")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 's.db'}",
        SLACK_BOT_TOKEN=slack_sim.bot_token,
        SLACK_API_URL=slack_sim.api_url,
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "socket"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "sfbot: configuration error: SLACK_APP_TOKEN: required for Socket Mode "
        "(an xapp-… app-level token)"
    )
