"""What happens when Salesforce sends the browser back to `/salesforce/oauth/callback`.

Every check runs before anything is stored: the state must be known, unused, fresh, received
on the redirect URI it was issued for, and come back in the browser of the Slack user who asked
(a cookie set by `/salesforce/oauth/start`), which stops a link made for one user from
connecting another user's Salesforce.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from bot.auth.oauth_states import STATE_LIFETIME, PendingState, is_expired
from bot.auth.salesforce_oauth import OAuthFailure, SalesforceOAuth
from bot.auth.tokens import TokenCipher, TokenDecryptError
from bot.store.connection_types import Connection, ConnectionDetails, TooManyOrgs
from bot.store.connections import ConnectionStore

logger = logging.getLogger(__name__)

BINDING_COOKIE = "sfbot_sf_connect"


class Outcome(StrEnum):
    CONNECTED = "connected"
    MISSING_STATE = "missing_state"
    UNKNOWN_STATE = "unknown_state"
    REPLAYED = "replayed"
    EXPIRED = "expired"
    OTHER_USER = "other_user"
    REDIRECT_MISMATCH = "redirect_mismatch"
    ACCESS_DENIED = "access_denied"
    EXCHANGE_FAILED = "exchange_failed"
    TOO_MANY_ORGS = "too_many_orgs"


@dataclass(frozen=True)
class CallbackResult:
    outcome: Outcome
    pending: PendingState | None = None
    connection: Connection | None = None
    # Salesforce's error code when it refused (safe to show: never contains a token).
    detail: str = ""


def binding_cookie(cipher: TokenCipher, *, team_id: str, user_id: str) -> str:
    """The cookie value tying this browser to a Slack team+user (authenticated encryption)."""
    return cipher.encrypt(json.dumps([team_id, user_id])).decode()


def read_binding(cipher: TokenCipher, value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    try:
        team_id, user_id = json.loads(
            cipher.decrypt(value.encode(), ttl=int(STATE_LIFETIME.total_seconds()))
        )
    except (TokenDecryptError, ValueError, TypeError):
        return None
    return str(team_id), str(user_id)


def handle_callback(
    *,
    oauth: SalesforceOAuth,
    store: ConnectionStore,
    cipher: TokenCipher,
    params: Mapping[str, str],
    cookie: str | None,
    request_url: str,
) -> CallbackResult:
    """Validate the callback, exchange the code, and store the connection.

    Args:
        params: the callback's query parameters (`code`, `state`, or `error`).
        cookie: the binding cookie set by the start route, if the browser sent it.
        request_url: the URL the browser requested (checked against the state's redirect URI).
    """
    state = params.get("state", "")
    if not state:
        return CallbackResult(Outcome.MISSING_STATE)
    pending = oauth.load_state(state)
    if pending is None:
        return CallbackResult(Outcome.UNKNOWN_STATE)
    # Single use: whatever happens next, this state cannot be used again.
    if not oauth.consume(state):
        return CallbackResult(Outcome.REPLAYED, pending)
    if is_expired(pending):
        return CallbackResult(Outcome.EXPIRED, pending)
    if not _same_endpoint(request_url, pending.redirect_uri):
        return CallbackResult(Outcome.REDIRECT_MISMATCH, pending)
    if read_binding(cipher, cookie) != (pending.team_id, pending.slack_user_id):
        return CallbackResult(Outcome.OTHER_USER, pending)
    if params.get("error"):
        outcome = Outcome.ACCESS_DENIED if params["error"] == "access_denied" else None
        return CallbackResult(outcome or Outcome.EXCHANGE_FAILED, pending, detail=params["error"])
    if not params.get("code"):
        return CallbackResult(Outcome.EXCHANGE_FAILED, pending, detail="no code")
    try:
        token = oauth.exchange_code(pending, params["code"])
        identity = oauth.fetch_identity(token)
    except OAuthFailure as failure:
        logger.warning("Salesforce code exchange failed: %s", failure.error)
        if failure.error == "redirect_uri_mismatch":
            return CallbackResult(Outcome.REDIRECT_MISMATCH, pending, detail=failure.error)
        return CallbackResult(Outcome.EXCHANGE_FAILED, pending, detail=failure.error)
    org_name, is_sandbox = oauth.fetch_org(token)
    environment = pending.environment
    if environment == "mydomain" and is_sandbox is not None:
        environment = "sandbox" if is_sandbox else "production"
    details = ConnectionDetails(
        team_id=pending.team_id,
        slack_user_id=pending.slack_user_id,
        enterprise_id=pending.enterprise_id,
        org_id=str(identity.get("organization_id", "")),
        sf_user_id=str(identity.get("user_id", "")),
        instance_url=token.instance_url,
        login_url=pending.login_url,
        access_token=token.access_token,
        refresh_token=token.refresh_token,
        org_name=org_name or str(identity.get("organization_id", "")),
        environment=environment,
        sf_username=str(identity.get("username") or identity.get("preferred_username") or ""),
        sf_email=str(identity.get("email") or ""),
        sf_display_name=str(identity.get("display_name") or identity.get("name") or ""),
        sf_locale=str(identity.get("locale") or ""),
        scopes=token.scopes,
    )
    if not details.org_id or not details.sf_user_id:
        return CallbackResult(Outcome.EXCHANGE_FAILED, pending, detail="identity incomplete")
    try:
        connection = store.save(details)
    except TooManyOrgs:
        # Nothing is kept, so the grant we just received must not stay alive at Salesforce.
        oauth.revoke(login_url=pending.login_url, token=token.refresh_token or token.access_token)
        return CallbackResult(Outcome.TOO_MANY_ORGS, pending)
    logger.info(
        "connected Slack user %s (team %s) to Salesforce org %s",
        pending.slack_user_id,
        pending.team_id,
        details.org_id,
    )
    return CallbackResult(Outcome.CONNECTED, pending, connection)


def _same_endpoint(request_url: str, redirect_uri: str) -> bool:
    # Scheme is not compared: a TLS-terminating proxy makes https requests arrive as http.
    got, want = urlsplit(request_url), urlsplit(redirect_uri)
    return (got.netloc.lower(), got.path.rstrip("/")) == (
        want.netloc.lower(),
        want.path.rstrip("/"),
    )
