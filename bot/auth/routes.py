"""The browser side of `/sf connect`: `/salesforce/oauth/start` and `/salesforce/oauth/callback`.

The Connect button opens `start`, which asks the reader to confirm whose account this is
(`bot.auth.start_page`); its button POSTs back, binding the browser to the Slack user (cookie) and
sending it to Salesforce, which is told to ask who is signing in. Salesforce sends it back to
`callback`, which answers with a small page and, once connected, tells the user in Slack and runs
the command they had typed.
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Blueprint, Response, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from bot.auth.callback import (
    BINDING_COOKIE,
    CallbackResult,
    Outcome,
    binding_cookie,
    handle_callback,
)
from bot.auth.oauth_states import STATE_LIFETIME, PendingState, is_expired
from bot.auth.salesforce_oauth import CALLBACK_PATH, START_PATH
from bot.auth.start_page import confirm_page, cross_site_page, is_cross_site

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

OnConnected = Callable[["Services", CallbackResult], None]

# (HTTP status, title, explanation) of each page.
PAGES: dict[Outcome, tuple[int, str, str]] = {
    Outcome.CONNECTED: (
        200,
        "It worked — you can close this tab",
        "Your Salesforce account is connected to Slack as {who}. Go back to Slack: "
        "your command runs now.",
    ),
    Outcome.MISSING_STATE: (
        400,
        "This sign-in link is incomplete",
        "The address has no state parameter. Type /sf connect in Slack to get a new link.",
    ),
    Outcome.UNKNOWN_STATE: (
        400,
        "This sign-in link is not valid",
        "We have no record of it. Type /sf connect in Slack to get a new link.",
    ),
    Outcome.REPLAYED: (
        400,
        "This sign-in link was already used",
        "Each link works once. Nothing was changed. Type /sf connect in Slack for a new one.",
    ),
    Outcome.EXPIRED: (
        400,
        "This sign-in link has expired",
        "Links work for 10 minutes. Nothing was changed. Type /sf connect in Slack for a new one.",
    ),
    Outcome.OTHER_USER: (
        403,
        "This sign-in link belongs to someone else",
        "It was made for another Slack user, or opened in a different browser than the one "
        "that started it. Nothing was changed. Type /sf connect in Slack yourself to connect "
        "your own account.",
    ),
    Outcome.REDIRECT_MISMATCH: (
        400,
        "Salesforce sent you back to the wrong address",
        "The sign-in returned to an address this link was not made for, so it was refused. "
        "Nothing was changed. Check that PUBLIC_URL matches the connected app's callback URL, "
        "then type /sf connect again.",
    ),
    Outcome.ACCESS_DENIED: (
        200,
        "Salesforce access was not granted",
        "You chose not to allow access, so nothing was connected. Type /sf connect in Slack "
        "whenever you want to try again.",
    ),
    Outcome.EXCHANGE_FAILED: (
        502,
        "Salesforce did not complete the sign-in",
        "Salesforce refused to finish it ({detail}). Nothing was changed. Type /sf connect in "
        "Slack to try again.",
    ),
    Outcome.TOO_MANY_ORGS: (
        409,
        "You are already connected to the maximum number of orgs",
        "Disconnect one with /sf disconnect <org> in Slack, then connect this one again. "
        "Nothing was changed.",
    ),
}

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;
color:#1d1c1d}}h1{{font-size:1.4rem}}p{{line-height:1.5}}</style></head>
<body><h1>{title}</h1><p>{body}</p><p><small>sfbot</small></p></body></html>
"""


def page(outcome: Outcome, *, who: str = "", detail: str = "") -> Response:
    status, title, body = PAGES[outcome]
    text = body.format(who=who, detail=detail or "no reason given")
    document = PAGE.format(title=html.escape(title), body=html.escape(text))
    response = Response(document, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def make_blueprint(services: Services, *, on_connected: OnConnected | None = None) -> Blueprint:
    """The two routes, bound to the app's services.

    Args:
        services: needs `salesforce_oauth`, `connections` and `token_cipher`.
        on_connected: runs in a background thread after a successful connection (the Slack
            confirmation and the replay of the pending command).
    """
    blueprint = Blueprint("salesforce_oauth", __name__)
    secure = services.settings.public_url.startswith("https://")

    def pending_or_page(state: str) -> PendingState | Response:
        oauth = services.salesforce_oauth
        pending = oauth.load_state(state)
        if pending is None:
            return page(Outcome.UNKNOWN_STATE)
        if oauth.is_consumed(pending.state):
            return page(Outcome.REPLAYED)
        if is_expired(pending):
            return page(Outcome.EXPIRED)
        return pending

    @blueprint.get(START_PATH)
    def start() -> Response:
        # Only shows whose link this is: a forwarded link must not bind the reader's browser.
        pending = pending_or_page(request.args.get("state", ""))
        return pending if isinstance(pending, Response) else confirm_page(pending)

    @blueprint.post(START_PATH)
    def confirm_start() -> BaseResponse:
        if is_cross_site(request, public_url=services.settings.public_url):
            return cross_site_page()
        pending = pending_or_page(request.form.get("state", ""))
        if isinstance(pending, Response):
            return pending
        response = redirect(services.salesforce_oauth.authorize_url(pending), code=303)
        response.set_cookie(
            BINDING_COOKIE,
            binding_cookie(
                services.token_cipher, team_id=pending.team_id, user_id=pending.slack_user_id
            ),
            max_age=int(STATE_LIFETIME.total_seconds()),
            path="/salesforce/oauth",
            secure=secure,
            httponly=True,
            samesite="Lax",
        )
        response.headers["Cache-Control"] = "no-store"
        return response

    @blueprint.get(CALLBACK_PATH)
    def callback() -> Response:
        result = handle_callback(
            oauth=services.salesforce_oauth,
            store=services.connections,
            cipher=services.token_cipher,
            params=request.args.to_dict(),
            cookie=request.cookies.get(BINDING_COOKIE),
            request_url=request.base_url,
        )
        connection = result.connection
        who = ""
        if connection is not None:
            who = connection.sf_username or connection.sf_email
            if on_connected is not None:
                threading.Thread(
                    target=_run_safely,
                    args=(on_connected, services, result),
                    name="sfbot-connected",
                    daemon=True,
                ).start()
        response = page(result.outcome, who=who, detail=result.detail)
        if result.outcome is not Outcome.UNKNOWN_STATE:
            response.delete_cookie(BINDING_COOKIE, path="/salesforce/oauth")
        return response

    return blueprint


def _run_safely(on_connected: OnConnected, services: Services, result: CallbackResult) -> None:
    try:
        on_connected(services, result)
    except Exception:
        logger.exception("telling Slack about a new Salesforce connection failed")
