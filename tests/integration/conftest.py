"""Write-path fixtures: a real SQLite file or PostgreSQL database, and the Salesforce emulator.

``postgres_url`` comes from tests/fixtures/postgres.py (a throwaway cluster per test session).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from simple_salesforce import Salesforce

from bot.store.db import make_engine, make_session_factory
from bot.store.models import Base
from devkit.salesforce import Emulator


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'sfbot.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using this runs once on a SQLite file and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def session_factory(database_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(database_url)
    Base.metadata.create_all(engine)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


@pytest.fixture
def emu(demo_emulator: Emulator) -> Emulator:
    """The demo org (tests/fixtures/emulator.py), reset to its seed data, faults off."""
    demo_emulator.reset()
    demo_emulator.set_faults(latency_ms=0, error_rate=0.0, drop_after_commit=0, request_limit=None)
    return demo_emulator


def salesforce_as(emu: Emulator, username: str) -> Salesforce:
    """A plain simple-salesforce client acting as one emulator user."""
    token, instance_url = emu.token_for(username)
    return salesforce_with_token(instance_url, emu.ca_file, token)


def salesforce_with_token(instance_url: str, ca_file: str, token: str) -> Salesforce:
    session = requests.Session()
    session.verify = ca_file
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify
    return Salesforce(instance_url=instance_url, session_id=token, session=session)
