"""Pooled PostgreSQL connections: pinged only after sitting idle, and replaced when dead."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.store import db

pytestmark = pytest.mark.postgres


def _kill_other_backends(url: str) -> None:
    killer = db.make_engine(url)
    with killer.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE pid <> pg_backend_pid() AND datname = current_database()"
            )
        )
    killer.dispose()


def test_a_connection_back_from_use_a_moment_ago_is_not_pinged(postgres_url, monkeypatch) -> None:
    engine = db.make_engine(postgres_url)
    with engine.connect() as connection:
        connection.execute(text("SELECT 2"))
    pings: list[object] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 3")).scalar() == 3
    assert pings == []
    monkeypatch.setattr(db, "IDLE_BEFORE_PING", 0.0)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 4")).scalar() == 4
    assert len(pings) == 1
    engine.dispose()


def test_an_idle_connection_whose_server_side_died_is_replaced(postgres_url, monkeypatch) -> None:
    engine = db.make_engine(postgres_url)
    with engine.connect() as connection:
        first_pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    _kill_other_backends(postgres_url)
    monkeypatch.setattr(db, "IDLE_BEFORE_PING", 0.0)
    with engine.connect() as connection:  # the ping fails, the pool connects afresh
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar() != first_pid
    engine.dispose()
