"""Alembic environment: run on the connection `bot.store.migrate` passes, or on DATABASE_URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from bot.store.models import Base
from bot.store.slack_tables import slack_metadata

config = context.config


def target_metadata() -> list[MetaData]:
    """Our models plus slack_sdk's installation and OAuth-state tables (for autogenerate)."""
    return [Base.metadata, slack_metadata()]


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # Plain `alembic upgrade head` from the repository root: read DATABASE_URL like the app.
        from bot.config import load_settings
        from bot.store.db import make_engine

        engine = make_engine(load_settings().database_url)
        with engine.begin() as connection:
            _run(connection)
        return
    _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run against a database")
run_migrations_online()
