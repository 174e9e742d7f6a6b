"""Engine and session factory; SQLite gets WAL and foreign keys so it behaves like a server."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Delete, Engine, Update, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(database_url: str) -> Engine:
    """Create the engine for DATABASE_URL (sqlite:///file.db or postgresql+psycopg://…)."""
    if database_url.startswith("sqlite"):
        engine = create_engine(
            database_url, connect_args={"check_same_thread": False, "timeout": 30}
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # In WAL mode NORMAL still survives a crash of the process (a killed worker keeps
            # every committed intent); only an OS crash or power cut may lose the last commits.
            # FULL would fsync on every commit, the largest cost of storing an intent.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(database_url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def changed_rows(session: Session, statement: Update | Delete) -> int:
    """Run a bulk UPDATE/DELETE in the session and return how many rows it matched.

    The statement skips ORM synchronisation: callers re-read what they need. ``Session.execute``
    is typed as returning ``Result``, but DML always yields a ``CursorResult``, which alone has
    ``rowcount``.
    """
    result = session.execute(statement.execution_options(synchronize_session=False))
    return cast(CursorResult[Any], result).rowcount
