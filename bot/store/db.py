"""Engine and session factory; SQLite gets WAL and foreign keys so it behaves like a server."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, Delete, Engine, Update, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

# A pooled server connection unused for this long is pinged before it is handed out.
IDLE_BEFORE_PING = 10.0


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
    engine = create_engine(database_url, pool_size=10, max_overflow=20)
    _ping_after_idle(engine)
    return engine


def _ping_after_idle(engine: Engine) -> None:
    """Ping a pooled connection only when it sat idle, so a server restart is survived.

    `pool_pre_ping` pings on every checkout: a round trip per session, a fifth of the
    database time of a command. A connection back from use a moment ago is known good, and a
    failure on one is still caught by SQLAlchemy's disconnect handling (the pool is replaced).
    """

    @event.listens_for(engine.pool, "checkin")
    def _idle_from(_dbapi_connection, record):  # type: ignore[no-untyped-def]
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine.pool, "checkout")
    def _ping_if_idle(dbapi_connection, record, _proxy):  # type: ignore[no-untyped-def]
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since < IDLE_BEFORE_PING:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("the database connection went away") from error
        if not alive:
            raise DisconnectionError("the database connection went away")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def autocommit(session_factory: Callable[[], Session]) -> Iterator[Connection]:
    """A pooled connection of the sessions' engine on which each statement commits by itself.

    For the single statements every command runs (read a connection, store, claim or finish an
    intent). A session wraps even one statement in a transaction, and psycopg sends BEGIN in a
    round trip of its own: BEGIN, the statement, COMMIT (or ROLLBACK on close) are three round
    trips to the server where one does. Statements that must commit together still belong in a
    session.
    """
    engine = _engine_of(session_factory)
    with engine.connect() as connection:
        yield connection.execution_options(isolation_level="AUTOCOMMIT")


def _engine_of(session_factory: Callable[[], Session]) -> Engine:
    bind = getattr(session_factory, "kw", {}).get("bind")
    if isinstance(bind, Engine):
        return bind
    with session_factory() as session:
        return cast(Engine, session.get_bind())


def changed_rows(session: Session, statement: Update | Delete) -> int:
    """Run a bulk UPDATE/DELETE in the session and return how many rows it matched.

    The statement skips ORM synchronisation: callers re-read what they need. ``Session.execute``
    is typed as returning ``Result``, but DML always yields a ``CursorResult``, which alone has
    ``rowcount``.
    """
    result = session.execute(statement.execution_options(synchronize_session=False))
    return cast(CursorResult[Any], result).rowcount
