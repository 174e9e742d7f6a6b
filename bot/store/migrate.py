"""Alembic, driven from code: `upgrade(engine)` for `sfbot migrate` and for the first start."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed number: PostgreSQL advisory lock so concurrent starts migrate one at a time.
_ADVISORY_LOCK_KEY = 0x5F_B0_7D_B1


def alembic_config() -> Config:
    """An Alembic config pointing at our migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@functools.cache  # the scripts ship with the code: reading them once per process is enough
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_empty(engine: Engine) -> bool:
    """True when the database has no tables at all."""
    return not inspect(engine).get_table_names()


def _run(engine: Engine, action: str, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
            )
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the latest by default)."""
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Take the database back to ``revision`` (everything removed by default)."""
    _run(engine, "downgrade", revision)


def ensure_schema(engine: Engine) -> bool:
    """Migrate an empty database; leave an existing one to `sfbot migrate`.

    Returns:
        True when the database was migrated now.
    """
    if not is_empty(engine):
        current = current_revision(engine)
        if current != head_revision():
            logger.warning(
                "the database is at revision %s, the code expects %s: run `sfbot migrate`",
                current,
                head_revision(),
            )
        return False
    logger.info("empty database: creating the tables")
    upgrade(engine)
    return True
