"""Pending `/sf connect` requests: the OAuth `state` rows, single use, expiring in 10 minutes.

Each row binds the state to the Slack team + user who asked, keeps the PKCE verifier encrypted,
and remembers what the user typed so it can run after they connect.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.auth.login_target import LoginTarget
from bot.auth.tokens import TokenCipher
from bot.store.models import SalesforceOAuthState, utcnow

STATE_LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True)
class PendingState:
    """A consumed OAuth state row, as the callback needs it."""

    state: str
    team_id: str
    slack_user_id: str
    enterprise_id: str | None
    login_url: str
    environment: str
    redirect_uri: str
    code_verifier: str = field(repr=False)
    pending_command: dict[str, Any] | None
    channel_id: str | None
    response_url: str | None
    expires_at: datetime


class OAuthStates:
    """The store of pending states (SQLAlchemy; the verifier encrypted with the token cipher)."""

    def __init__(self, cipher: TokenCipher, session_factory: sessionmaker[Session]) -> None:
        self._cipher = cipher
        self._sessions = session_factory

    def create(
        self,
        *,
        team_id: str,
        user_id: str,
        target: LoginTarget,
        redirect_uri: str,
        enterprise_id: str | None = None,
        pending_command: dict[str, Any] | None = None,
        channel_id: str | None = None,
        response_url: str | None = None,
    ) -> str:
        """Store a new single-use state (and drop long-expired ones); returns the state."""
        state = secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)
        with self._sessions.begin() as session:
            session.execute(
                delete(SalesforceOAuthState).where(
                    SalesforceOAuthState.expires_at < utcnow() - STATE_LIFETIME
                )
            )
            session.add(
                SalesforceOAuthState(
                    state=state,
                    enterprise_id=enterprise_id,
                    team_id=team_id,
                    slack_user_id=user_id,
                    login_url=target.login_url,
                    environment=target.environment,
                    code_verifier_encrypted=self._cipher.encrypt(verifier),
                    redirect_uri=redirect_uri,
                    pending_command=pending_command,
                    channel_id=channel_id,
                    response_url=response_url,
                    expires_at=utcnow() + STATE_LIFETIME,
                )
            )
        return state

    def load(self, state: str) -> PendingState | None:
        """The state row (consumed or not), or None when unknown."""
        with self._sessions() as session:
            row = session.get(SalesforceOAuthState, state)
            return self._to_pending(row) if row is not None else None

    def is_consumed(self, state: str) -> bool:
        with self._sessions() as session:
            consumed = session.scalar(
                select(SalesforceOAuthState.consumed_at).where(SalesforceOAuthState.state == state)
            )
            return consumed is not None

    def consume(self, state: str) -> bool:
        """Mark the state used; False if it was already used (a replay or a race)."""
        with self._sessions.begin() as session:
            result = session.execute(
                update(SalesforceOAuthState)
                .where(
                    SalesforceOAuthState.state == state,
                    SalesforceOAuthState.consumed_at.is_(None),
                )
                .values(consumed_at=utcnow())
            )
            return result.rowcount == 1  # type: ignore[attr-defined]

    def _to_pending(self, row: SalesforceOAuthState) -> PendingState:
        expires_at = row.expires_at
        if expires_at.tzinfo is None:  # SQLite drops the zone; we always store UTC
            expires_at = expires_at.replace(tzinfo=UTC)
        return PendingState(
            state=row.state,
            team_id=row.team_id,
            slack_user_id=row.slack_user_id,
            enterprise_id=row.enterprise_id,
            login_url=row.login_url,
            environment=row.environment,
            redirect_uri=row.redirect_uri,
            code_verifier=self._cipher.decrypt(row.code_verifier_encrypted),
            pending_command=row.pending_command,
            channel_id=row.channel_id,
            response_url=row.response_url,
            expires_at=expires_at,
        )


def is_expired(pending: PendingState, *, now: datetime | None = None) -> bool:
    return (now or datetime.now(UTC)) >= pending.expires_at
