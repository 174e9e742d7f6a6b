"""`sfbot rotate-keys` as an operator runs it: a separate process, settings from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.auth.tokens import TokenCipher
from bot.store.models import SalesforceConnection
from tests.fixtures.connect import sqlite_sessions, stored_connection

REPO = Path(__file__).resolve().parents[3]


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SFBOT_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_rotate_keys_reencrypts_with_the_first_key(tmp_path) -> None:
    sessions = sqlite_sessions(tmp_path)
    old, new = Fernet.generate_key(), Fernet.generate_key()
    with sessions.begin() as session:
        session.add(stored_connection(TokenCipher([old])))
    result = run_cli(
        "rotate-keys",
        env={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'sfbot.db'}",
            "SFBOT_ENCRYPTION_KEYS": f"{new.decode()},{old.decode()}",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "re-encrypted 1 secrets" in result.stdout
    with sessions() as session:
        row = session.scalar(select(SalesforceConnection))
        assert TokenCipher([new]).decrypt(row.access_token_encrypted) == "access-1"
    assert new.decode() not in result.stdout + result.stderr


def test_production_without_keys_stops_with_one_line(tmp_path) -> None:
    result = run_cli(
        "rotate-keys",
        env={"SFBOT_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "SFBOT_ENCRYPTION_KEYS: required when SFBOT_ENV=production" in lines[0]
