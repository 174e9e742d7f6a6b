"""The Alembic migrations: up and down on SQLite and on a real PostgreSQL, in sync with models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, inspect

from bot.store import migrate
from bot.store.db import make_engine
from bot.store.models import Base
from bot.store.slack_tables import slack_metadata

EXPECTED_TABLES = {
    "alembic_version",
    "describe_cache",
    "salesforce_connections",
    "salesforce_oauth_states",
    "write_intents",
    "used_export_links",
    "slack_bots",
    "slack_installations",
    "slack_oauth_states",
}


def _check_round_trip(url: str) -> None:
    engine = make_engine(url)
    try:
        assert migrate.is_empty(engine)
        assert migrate.ensure_schema(engine) is True
        assert set(inspect(engine).get_table_names()) == EXPECTED_TABLES
        assert migrate.current_revision(engine) == migrate.head_revision()

        # The migrated schema is exactly what the models and slack_sdk's stores declare.
        combined = MetaData()
        for metadata in (Base.metadata, slack_metadata()):
            for table in metadata.tables.values():
                table.to_metadata(combined)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, combined) == []

        # slack_sdk's stores work on the migrated tables as they are.
        store = SQLAlchemyInstallationStore(client_id="111.222", engine=engine)
        store.save(
            Installation(
                app_id="A1",
                team_id="T1",
                user_id="U1",
                bot_token="xoxb-1",
                bot_id="B1",
                bot_user_id="UB1",
                bot_scopes=["commands"],
            )
        )
        assert store.find_bot(enterprise_id=None, team_id="T1").bot_token == "xoxb-1"
        states = SQLAlchemyOAuthStateStore(expiration_seconds=60, engine=engine)
        state = states.issue()
        assert states.consume(state) and not states.consume(state)

        assert migrate.ensure_schema(engine) is False  # not empty any more: left alone
        migrate.downgrade(engine)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert set(inspect(engine).get_table_names()) == EXPECTED_TABLES
    finally:
        engine.dispose()


def test_migrations_up_and_down_on_sqlite(tmp_path):
    _check_round_trip(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_migrations_up_and_down_on_postgresql(postgres_url):
    _check_round_trip(postgres_url)
