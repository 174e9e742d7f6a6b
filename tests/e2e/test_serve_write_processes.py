"""`sfbot serve` on PostgreSQL: web workers only ack; a write process runs the writes.

The write process is woken by PostgreSQL notifications, and started again if it dies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from bot.app import create_app
from bot.store.db import make_engine
from bot.store.models import WriteIntent
from tests.conftest import REPO_ROOT
from tests.e2e.test_serve import _free_port
from tests.fixtures.emulator import connect_user, salesforce_settings

pytestmark = pytest.mark.postgres


def _children(pid: int) -> list[int]:
    """Children started by any thread of ``pid`` (each thread lists its own)."""
    return [
        int(child)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for child in (task / "children").read_text().split()
    ]


def _writers(master: int) -> list[int]:
    return [
        pid
        for pid in _children(master)
        if b"writer" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    ]


def _wait(predicate, what: str, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_writes_run_in_a_write_process_that_comes_back(
    tmp_path, slack_sim, demo_emulator, postgres_url, make_settings
):
    demo_emulator.reset()
    settings = make_settings(database_url=postgres_url, **salesforce_settings(demo_emulator))
    setup = create_app(settings)  # the schema, and the user's connection
    connect_user(
        setup.services,
        demo_emulator,
        team_id=slack_sim.state.team_id,
        user_id=slack_sim.default_user,
        username="rep@demo.example",
    )
    setup.stop()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SFBOT_TEST")}
    env.update(
        DATABASE_URL=postgres_url,
        SLACK_SIGNING_SECRET=slack_sim.signing_secret,
        SLACK_BOT_TOKEN=slack_sim.bot_token,
        SLACK_API_URL=slack_sim.api_url,
        PUBLIC_URL="http://127.0.0.1:9",
        SFBOT_KEY_FILE=settings.sfbot_key_file,
        **{name.upper(): value for name, value in salesforce_settings(demo_emulator).items()},
    )
    port = _free_port()
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", "1", "--threads", "2", "--write-processes", "1"]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _healthy(base, process), "gunicorn did not start")
        writers = _wait(lambda: _writers(process.pid), "no write process started")
        assert len(writers) == 1
        slack_sim.app_url = f"{base}/slack/events"

        slack_sim.slash("create contact last=Servedonce")
        slack_sim.wait_for(lambda: _shown(slack_sim, "Servedonce"), timeout=30)
        assert _claimed_by_pid(postgres_url, "Servedonce") == writers[0]

        os.kill(writers[0], signal.SIGKILL)
        again = _wait(
            lambda: [pid for pid in _writers(process.pid) if pid != writers[0]],
            "the write process was not started again",
        )
        assert len(again) == 1
        slack_sim.slash("create contact last=Servedtwice")
        slack_sim.wait_for(lambda: _shown(slack_sim, "Servedtwice"), timeout=30)
        assert _claimed_by_pid(postgres_url, "Servedtwice") == again[0]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    for pid in (*writers, *again):
        assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid)  # none left running


def _healthy(base: str, process: subprocess.Popen[str]) -> bool:
    assert process.poll() is None, process.communicate()[1]
    try:
        return requests.get(f"{base}/healthz", timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


def _claimed_by_pid(postgres_url: str, name: str) -> int:
    engine = make_engine(postgres_url)
    try:
        with engine.connect() as connection:
            claimed_by = connection.execute(
                select(WriteIntent.claimed_by).where(
                    WriteIntent.payload["fields"]["LastName"].as_string() == name
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return int(claimed_by.split(":")[1])


def _shown(slack_sim, name: str) -> bool:  # type: ignore[no-untyped-def]
    return any(
        "Created contact" in str(post) and name in str(post)
        for post in slack_sim.response_url_posts()
    )


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_write_processes_do_not_outlive_a_killed_server(
    tmp_path, slack_sim, demo_emulator, postgres_url, make_settings
):
    settings = make_settings(database_url=postgres_url, **salesforce_settings(demo_emulator))
    create_app(settings).stop()  # the schema
    env = {key: value for key, value in os.environ.items() if not key.startswith("SFBOT_TEST")}
    env.update(
        DATABASE_URL=postgres_url,
        SLACK_SIGNING_SECRET=slack_sim.signing_secret,
        SLACK_BOT_TOKEN=slack_sim.bot_token,
        SLACK_API_URL=slack_sim.api_url,
        PUBLIC_URL="http://127.0.0.1:9",
        SFBOT_KEY_FILE=settings.sfbot_key_file,
    )
    port = _free_port()
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", "1", "--threads", "2", "--write-processes", "2"]
    process = subprocess.Popen(
        command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        writers = _wait(
            lambda: len(_writers(process.pid)) == 2 and _writers(process.pid),
            "the write processes did not start",
        )
        workers = [pid for pid in _children(process.pid) if pid not in writers]
    finally:
        process.kill()  # no on_exit hook: the writers must notice by themselves
        process.wait()
    for pid in workers:  # gunicorn's own workers do the same; they are not ours to test
        _wait(lambda pid=pid: not _running(pid), "a web worker kept running", timeout=30)
    for pid in writers:
        _wait(lambda pid=pid: not _running(pid), "a write process outlived its server", timeout=30)


def _running(pid: int) -> bool:
    try:
        return _state(pid) != "Z"
    except FileNotFoundError:
        return False
