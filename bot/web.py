"""Web routes beyond Slack's: other features attach theirs here (one line each)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

if TYPE_CHECKING:
    from bot.services import Services


def register_routes(flask_app: Flask, services: Services) -> None:
    """Attach feature routes (e.g. `/salesforce/oauth/callback`) to the app's Flask server.

    Each feature module exposes ``register_routes(flask_app, services)`` (usually adding a
    Blueprint) and gets one call here.
    """
    from bot.auth.routes import make_blueprint
    from bot.slack.admin.exports import make_blueprint as make_export_blueprint
    from bot.slack.connect import after_connect

    flask_app.register_blueprint(make_blueprint(services, on_connected=after_connect))
    flask_app.register_blueprint(make_export_blueprint(services))
