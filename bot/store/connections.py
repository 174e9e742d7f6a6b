"""Salesforce connections per Slack user, shaped like slack_sdk's installation stores.

A connection is keyed by (Slack team, Slack user, Salesforce org, Salesforce user). Every lookup
filters on the Slack team, so a token stored for one workspace never serves another, even for
the same user id. Tokens are encrypted at rest; decrypted copies live only in `Connection`
objects, whose repr hides them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.auth.tokens import TokenCipher
from bot.store.connection_types import (
    ACTIVE,
    BROKEN,
    Connection,
    ConnectionDetails,
    RefreshedTokens,
    TooManyOrgs,
    UnknownOrg,
)
from bot.store.db import autocommit
from bot.store.models import SalesforceConnection, utcnow

# Connections already read during the current request, by (team, user) and by id: see
# `one_request`.
_READ_IN_REQUEST: ContextVar[dict[object, list[Connection]] | None] = ContextVar(
    "connections_read_in_request", default=None
)

# Reads on every command and every write, built once: Core statements on the table skip the
# ORM's per-call compile work, and a statement object reused keeps its cache key.
_TABLE: Table = SalesforceConnection.__table__  # type: ignore[assignment]
_OF_USER = (
    select(_TABLE)
    .where(_TABLE.c.team_id == bindparam("team_id"), _TABLE.c.slack_user_id == bindparam("user"))
    .order_by(_TABLE.c.is_default.desc(), _TABLE.c.id)
)
_BY_ID = select(_TABLE).where(_TABLE.c.id == bindparam("id"))


class ConnectionStore:
    """Saves and finds Salesforce connections; see the module docstring for the key."""

    def __init__(
        self, session_factory: sessionmaker[Session], cipher: TokenCipher, *, max_per_user: int
    ) -> None:
        self._sessions = session_factory
        self._cipher = cipher
        self._max_per_user = max_per_user
        bind = session_factory.kw.get("bind")
        # SQLite ignores FOR UPDATE, so concurrent refreshers in this process queue on a lock.
        self._needs_local_lock = bind is None or bind.dialect.name == "sqlite"
        self._locks: dict[int, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    @contextmanager
    def one_request(self) -> Iterator[None]:
        """Within this block (one Slack request or one write, on its thread) a user's
        connections are read from the database once: a command checks them before its verb runs
        and again to build its Salesforce client; a write reads its connection for the client
        and again for the link in its result. Any change made through the store drops what was
        read.
        """
        token = _READ_IN_REQUEST.set({})
        try:
            yield
        finally:
            _READ_IN_REQUEST.reset(token)

    def save(self, details: ConnectionDetails) -> Connection:
        """Insert or update the connection; the first one of a user becomes the default.

        Raises:
            TooManyOrgs: a new connection would exceed `sfbot_max_orgs_per_user`.
        """
        _forget_reads()
        with self._sessions.begin() as session:
            row = session.scalar(
                select(SalesforceConnection).where(
                    SalesforceConnection.team_id == details.team_id,
                    SalesforceConnection.slack_user_id == details.slack_user_id,
                    SalesforceConnection.org_id == details.org_id,
                    SalesforceConnection.sf_user_id == details.sf_user_id,
                )
            )
            if row is None:
                existing = list(self._rows(session, details.team_id, details.slack_user_id))
                if len(existing) >= self._max_per_user:
                    raise TooManyOrgs(self._max_per_user)
                row = SalesforceConnection(
                    team_id=details.team_id,
                    slack_user_id=details.slack_user_id,
                    org_id=details.org_id,
                    sf_user_id=details.sf_user_id,
                    alias=_unique_alias(details, {r.alias for r in existing}),
                    is_default=not existing,
                    token_version=1,
                )
                session.add(row)
            else:
                row.token_version = (row.token_version or 0) + 1
            row.enterprise_id = details.enterprise_id
            row.org_name = details.org_name
            row.environment = details.environment
            row.login_url = details.login_url
            row.instance_url = details.instance_url
            row.sf_username = details.sf_username
            row.sf_email = details.sf_email
            row.sf_display_name = details.sf_display_name
            row.sf_locale = details.sf_locale
            row.scopes = details.scopes
            row.access_token_encrypted = self._cipher.encrypt(details.access_token)
            row.refresh_token_encrypted = (
                self._cipher.encrypt(details.refresh_token) if details.refresh_token else None
            )
            row.status = ACTIVE
            row.refreshed_at = utcnow()
            session.flush()
            return self._to_connection(row)

    def find_all(self, *, team_id: str, user_id: str) -> list[Connection]:
        """Every connection of the user in this Slack team, the default first."""
        read = _READ_IN_REQUEST.get()
        if read is not None and (team_id, user_id) in read:
            return list(read[(team_id, user_id)])
        with autocommit(self._sessions) as connection:
            rows = connection.execute(_OF_USER, {"team_id": team_id, "user": user_id}).all()
        found = [self._to_connection(row) for row in rows]
        if read is not None:
            read[(team_id, user_id)] = found
        return list(found)

    def find(self, *, team_id: str, user_id: str, org: str | None = None) -> Connection | None:
        """The connection named by `org` (alias, org name, org id or username), or the default.

        Raises:
            UnknownOrg: `org` was given and matches none of the user's connections.
        """
        connections = self.find_all(team_id=team_id, user_id=user_id)
        if org is None:
            return connections[0] if connections else None
        match = _match(connections, org)
        if match is None:
            raise UnknownOrg(org, [c.alias for c in connections])
        return match

    def find_by_id(self, connection_id: int) -> Connection | None:
        read = _READ_IN_REQUEST.get()
        if read is not None and ("id", connection_id) in read:
            return next(iter(read[("id", connection_id)]), None)
        with autocommit(self._sessions) as connection:
            row = connection.execute(_BY_ID, {"id": connection_id}).first()
        found = self._to_connection(row) if row is not None else None
        if read is not None:
            read[("id", connection_id)] = [found] if found is not None else []
        return found

    def set_default(self, *, team_id: str, user_id: str, org: str) -> Connection:
        """Make `org` the user's default connection.

        Raises:
            UnknownOrg: `org` matches none of the user's connections.
        """
        target = self.find(team_id=team_id, user_id=user_id, org=org)
        assert target is not None
        _forget_reads()
        with self._sessions.begin() as session:
            for row in self._rows(session, team_id, user_id):
                row.is_default = row.id == target.id
        return self.find_by_id(target.id) or target

    def delete(self, *, team_id: str, user_id: str, connection_id: int) -> None:
        """Delete one connection of this user; the most recent remaining becomes the default."""
        _forget_reads()
        with self._sessions.begin() as session:
            session.execute(
                delete(SalesforceConnection).where(
                    SalesforceConnection.id == connection_id,
                    SalesforceConnection.team_id == team_id,
                    SalesforceConnection.slack_user_id == user_id,
                )
            )
            remaining = list(self._rows(session, team_id, user_id))
            if remaining and not any(row.is_default for row in remaining):
                max(remaining, key=lambda row: row.created_at).is_default = True

    def count(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(SalesforceConnection)) or 0

    def mark_broken(self, connection_id: int) -> None:
        _forget_reads()
        with self._sessions.begin() as session:
            row = session.get(SalesforceConnection, connection_id)
            if row is not None:
                row.status = BROKEN

    def refresh_tokens(
        self,
        connection_id: int,
        *,
        seen_version: int,
        fetch: Callable[[Connection], RefreshedTokens],
    ) -> Connection:
        """Refresh the tokens once, however many callers saw the same expired token.

        The row is locked (`SELECT … FOR UPDATE`; a per-connection lock on SQLite). A caller that
        gets the lock after someone else refreshed sees a newer `token_version` and reuses the new
        token instead of calling `fetch` again.

        Args:
            connection_id: the connection whose access token was refused.
            seen_version: the `token_version` of the token that was refused.
            fetch: calls the token endpoint; it may raise, and the row is then left untouched.

        Raises:
            LookupError: the connection was deleted meanwhile.
        """
        _forget_reads()
        with self._local_lock(connection_id), self._sessions.begin() as session:
            row = session.scalar(
                select(SalesforceConnection)
                .where(SalesforceConnection.id == connection_id)
                .with_for_update()
            )
            if row is None:
                raise LookupError("the Salesforce connection was removed")
            if row.token_version != seen_version:
                return self._to_connection(row)
            tokens = fetch(self._to_connection(row))
            row.access_token_encrypted = self._cipher.encrypt(tokens.access_token)
            if tokens.refresh_token:
                row.refresh_token_encrypted = self._cipher.encrypt(tokens.refresh_token)
            if tokens.instance_url:
                row.instance_url = tokens.instance_url
            if tokens.scopes:
                row.scopes = tokens.scopes
            row.token_version = seen_version + 1
            row.refreshed_at = utcnow()
            row.status = ACTIVE
            session.flush()
            return self._to_connection(row)

    @contextmanager
    def _local_lock(self, connection_id: int) -> Iterator[None]:
        if not self._needs_local_lock:
            yield
            return
        with self._locks_guard:
            lock = self._locks.setdefault(connection_id, threading.Lock())
        with lock:
            yield

    @staticmethod
    def _rows(session: Session, team_id: str, user_id: str) -> list[SalesforceConnection]:
        return list(
            session.scalars(
                select(SalesforceConnection)
                .where(
                    SalesforceConnection.team_id == team_id,
                    SalesforceConnection.slack_user_id == user_id,
                )
                .order_by(SalesforceConnection.is_default.desc(), SalesforceConnection.id)
            )
        )

    def _to_connection(self, row: Any) -> Connection:
        """A decrypted copy of a connection (an ORM row or a Core row of the table)."""
        return Connection(
            id=row.id,
            team_id=row.team_id,
            slack_user_id=row.slack_user_id,
            enterprise_id=row.enterprise_id,
            org_id=row.org_id,
            org_name=row.org_name,
            alias=row.alias,
            environment=row.environment,
            login_url=row.login_url,
            instance_url=row.instance_url,
            sf_user_id=row.sf_user_id,
            sf_username=row.sf_username,
            sf_email=row.sf_email,
            sf_display_name=row.sf_display_name,
            scopes=row.scopes,
            is_default=row.is_default,
            status=row.status,
            token_version=row.token_version,
            refreshed_at=row.refreshed_at,
            created_at=row.created_at,
            access_token=self._cipher.decrypt(row.access_token_encrypted),
            refresh_token=(
                self._cipher.decrypt(row.refresh_token_encrypted)
                if row.refresh_token_encrypted is not None
                else None
            ),
        )


def _forget_reads() -> None:
    read = _READ_IN_REQUEST.get()
    if read is not None:
        read.clear()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def _unique_alias(details: ConnectionDetails, taken: set[str]) -> str:
    base = _slug(details.org_name) or details.org_id.lower()
    if details.environment == "sandbox" and not base.endswith("sandbox"):
        base = f"{base}-sandbox"
    alias, number = base, 2
    while alias in taken:
        alias, number = f"{base}-{number}", number + 1
    return alias


def _match(connections: list[Connection], name: str) -> Connection | None:
    wanted = name.strip().lower()
    slug = _slug(name)
    for probe in (
        lambda c: c.alias == wanted or c.alias == slug,
        lambda c: c.org_id.lower() == wanted or c.org_id[:15].lower() == wanted,
        lambda c: c.org_name.lower() == wanted,
        lambda c: c.sf_username.lower() == wanted,
    ):
        found = [c for c in connections if probe(c)]
        if found:
            return found[0]
    return None
