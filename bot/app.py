"""The composition root: `create_app(settings)` builds services, the bolt app and the web server."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, jsonify, request
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_bolt.error import BoltError
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from sqlalchemy import text

from bot.config import ConfigError, Settings
from bot.services import Services, build_services
from bot.slack import block_validation, blocks, messages, register_listeners
from bot.slack.ack_wait import AckWaitingExecutor
from bot.slack.instrumented import InstrumentedApp
from bot.slack.middleware import error_handler, services_middleware
from bot.slack.write_results import install as install_write_results
from bot.store.migrate import current_revision, ensure_schema, head_revision
from bot.web import register_routes

logger = logging.getLogger(__name__)

# The bot scopes the features need; manifest.yml must list exactly these (a test checks).
BOT_SCOPES = (
    "commands",
    "chat:write",
    "users:read",
    "users:read.email",
    "channels:read",
    "groups:read",
    "links:read",
    "links:write",
)
SLACK_EVENTS_PATH = "/slack/events"
SLACK_INSTALL_PATH = "/slack/install"
SLACK_OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"


@dataclass
class SfBot:
    """The running application: bolt app, WSGI server app, and the shared services."""

    bolt: App
    wsgi: Flask
    services: Services

    def start(self) -> None:
        """Start background workers (write intents…)."""
        for worker in self.services.workers:
            worker.start()

    def stop(self) -> None:
        """Stop background workers, then release database connections."""
        for worker in reversed(self.services.workers):
            worker.stop()
        self.services.engine.dispose()


def create_app(
    settings: Settings,
    *,
    services: Services | None = None,
    socket_mode: bool = False,
    migrate: bool = True,
) -> SfBot:
    """Build the whole app from settings.

    Args:
        settings: The validated configuration.
        services: Prebuilt services (tests); built from ``settings`` when omitted.
        socket_mode: Build for Socket Mode (no request signatures to check).
        migrate: Create the tables when the database is empty.

    Returns:
        The `SfBot`; call ``start()`` before serving.

    Raises:
        ConfigError: A Slack setting is missing or Slack refused the token.
    """
    block_validation.install()
    services = services if services is not None else build_services(settings)
    if migrate:
        ensure_schema(services.engine)
    bolt = build_bolt(settings, services, socket_mode=socket_mode)
    wsgi = build_wsgi(bolt, services)
    return SfBot(bolt=bolt, wsgi=wsgi, services=services)


def build_bolt(settings: Settings, services: Services, *, socket_mode: bool = False) -> App:
    """The bolt app with our middleware, error handler and listeners."""
    if not socket_mode and settings.slack_signing_secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET: required to receive requests from Slack over HTTP")
    signing_secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    )
    common: dict[str, Any] = {
        "signing_secret": signing_secret,
        "process_before_response": False,
        "request_verification_enabled": not socket_mode,
        "raise_error_for_unhandled_request": False,
        "listener_executor": AckWaitingExecutor(),
    }
    try:
        if settings.multi_workspace:
            assert settings.slack_client_id and settings.slack_client_secret
            bolt: App = InstrumentedApp(
                **common,
                client=WebClient(base_url=settings.slack_api_url),
                installation_store=services.installation_store,
                user_facing_authorize_error_message=messages.NOT_INSTALLED.format(
                    install_url=settings.public_url + SLACK_INSTALL_PATH
                ),
                oauth_settings=OAuthSettings(
                    client_id=settings.slack_client_id,
                    client_secret=settings.slack_client_secret.get_secret_value(),
                    scopes=list(BOT_SCOPES),
                    installation_store=services.installation_store,
                    state_store=services.oauth_state_store,
                    install_path=SLACK_INSTALL_PATH,
                    redirect_uri_path=SLACK_OAUTH_REDIRECT_PATH,
                    redirect_uri=settings.public_url + SLACK_OAUTH_REDIRECT_PATH,
                ),
            )
        elif settings.slack_bot_token is not None:
            token = settings.slack_bot_token.get_secret_value()
            # The client carries the token (bolt then runs auth.test with it at construction).
            bolt = InstrumentedApp(
                **common, client=WebClient(base_url=settings.slack_api_url, token=token)
            )
        else:
            raise ConfigError(
                "SLACK_BOT_TOKEN: required (or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
                "for installing into several workspaces)"
            )
    except BoltError as error:
        # Bolt calls auth.test with the token at construction; say which setting is wrong.
        raise ConfigError(f"SLACK_BOT_TOKEN: Slack refused the token ({error})") from None
    except OSError as error:
        raise ConfigError(
            f"SLACK_API_URL: could not reach Slack at {settings.slack_api_url} ({error})"
        ) from None
    bolt.metrics = services.metrics  # type: ignore[attr-defined]
    bolt.middleware(services_middleware(services))
    bolt.error(error_handler(services))
    register_listeners(bolt)
    install_write_results(services)
    return bolt


def build_wsgi(bolt: App, services: Services) -> Flask:
    """One Flask app for Slack's routes, health, metrics, and feature routes."""
    flask_app = Flask("sfbot")
    handler = SlackRequestHandler(bolt)

    @flask_app.post(SLACK_EVENTS_PATH)
    def slack_events() -> Response:
        try:
            return handler.handle(request)
        except Exception:
            # Bolt handles listener errors itself; this is for failures around it.
            logger.exception("Slack request failed outside the listeners")
            services.metrics.errors.labels(where="slack_adapter").inc()
            reply = blocks.notice(messages.INTERNAL_ERROR.format(reference="adapter"))
            return jsonify(reply.to_dict())

    if bolt.oauth_flow is not None:

        @flask_app.get(SLACK_INSTALL_PATH)
        def slack_install() -> Response:
            return handler.handle(request)

        @flask_app.get(SLACK_OAUTH_REDIRECT_PATH)
        def slack_oauth_redirect() -> Response:
            return handler.handle(request)

    @flask_app.get("/healthz")
    def healthz() -> tuple[Response, int]:
        return health(services)

    @flask_app.get("/metrics")
    def metrics() -> Response:
        payload, content_type = services.metrics.render()
        return Response(payload, content_type=content_type)

    register_routes(flask_app, services)
    return flask_app


def health(services: Services) -> tuple[Response, int]:
    """200 when the database answers and is migrated to the code's revision, else 503."""
    try:
        with services.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        revision = current_revision(services.engine)
    except Exception as error:
        logger.warning("health check: database unreachable (%s)", type(error).__name__)
        return jsonify(status="unavailable", database="unreachable"), 503
    if revision != head_revision():
        return jsonify(status="unavailable", database="not migrated", revision=revision), 503
    return jsonify(status="ok", database="ok", revision=revision), 200


__all__ = ["BOT_SCOPES", "SfBot", "create_app"]
