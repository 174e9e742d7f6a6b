"""The `Services` dataclass: everything listeners need, built once and passed through context.

A bolt middleware (see `bot.app`) puts the one `Services` into every listener's
``context["services"]``. Later features fill the optional slots in `build_services`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import Settings
from bot.observability import Metrics
from bot.slack.user_contexts import UserContexts
from bot.store.db import make_engine, make_session_factory

if TYPE_CHECKING:
    from bot.slack.blocks import Reply
    from bot.slack.commands import SlashCommand

logger = logging.getLogger(__name__)

# Slack's own OAuth state lives 10 minutes, like ours for Salesforce.
SLACK_OAUTH_STATE_SECONDS = 600


class Worker(Protocol):
    """A background worker `SfBot.start()`/`stop()` manage (e.g. the write-intent executor)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


@dataclass
class Services:
    """Shared dependencies of the app; one per process, never a module-level global.

    Attributes:
        settings: The validated configuration.
        engine: The SQLAlchemy engine for DATABASE_URL.
        sessions: Session factory bound to ``engine``.
        metrics: Prometheus metrics of this app.
        installation_store: Slack installations (multi-workspace mode only).
        oauth_state_store: Slack OAuth states (multi-workspace mode only).
        token_cipher: Encrypts Salesforce tokens (bot.auth.tokens).
        connections: Salesforce connection store (bot.auth / bot.store).
        describe_cache: Salesforce metadata cache (bot.salesforce.describe).
        write_queue: The write-intent executor (bot.writes).
        require_salesforce: Called before a verb with ``needs_salesforce``: returns the Connect
            prompt `Reply` when the user has no usable connection, else None.
        workers: Background workers started and stopped with the app.
        user_contexts: Slack users' locale and time zone, remembered for a few minutes.
        results_listener_installed: Whether `bot.slack.write_results` listens to ``write_queue``.
    """

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    metrics: Metrics
    installation_store: SQLAlchemyInstallationStore | None = None
    oauth_state_store: SQLAlchemyOAuthStateStore | None = None
    token_cipher: Any = None
    connections: Any = None
    salesforce_oauth: Any = None
    describe_cache: Any = None
    write_queue: Any = None
    require_salesforce: Callable[[SlashCommand], Reply | None] | None = None
    workers: list[Worker] = field(default_factory=list)
    user_contexts: UserContexts = field(default_factory=UserContexts)
    results_listener_installed: bool = False


def build_services(settings: Settings, *, engine: Engine | None = None) -> Services:
    """Build every service from the settings (the database is not touched yet).

    Args:
        settings: The validated configuration.
        engine: An existing engine to reuse (tests share one per database).

    Returns:
        The `Services` for one app.
    """
    engine = engine if engine is not None else make_engine(settings.database_url)
    services = Services(
        settings=settings,
        engine=engine,
        sessions=make_session_factory(engine),
        metrics=Metrics(),
    )
    if settings.multi_workspace:
        assert settings.slack_client_id is not None
        services.installation_store = SQLAlchemyInstallationStore(
            client_id=settings.slack_client_id, engine=engine, logger=logger
        )
        services.oauth_state_store = SQLAlchemyOAuthStateStore(
            expiration_seconds=SLACK_OAUTH_STATE_SECONDS, engine=engine, logger=logger
        )
    from bot.auth.setup import install_salesforce_auth

    install_salesforce_auth(services)
    from bot.writes.setup import install_write_path

    install_write_path(services)
    return services
