"""What a Salesforce connection is: the OAuth callback's details, a stored connection with its
tokens decrypted, a refresh's answer, and the store's errors (safe to show to the user).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

ACTIVE = "active"
BROKEN = "broken"


class ConnectionStoreError(Exception):
    """Base of the store's errors; messages are safe to show to the user."""


class TooManyOrgs(ConnectionStoreError):
    """The user already has the maximum number of connections."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"already connected to {limit} Salesforce orgs, the maximum")
        self.limit = limit


class UnknownOrg(ConnectionStoreError):
    """`org=<name>` matched none of the user's connections."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"no connected org named {name!r}")
        self.name = name
        self.known = known


@dataclass(frozen=True)
class ConnectionDetails:
    """What the OAuth callback learned: identity, org and tokens."""

    team_id: str
    slack_user_id: str
    org_id: str
    sf_user_id: str
    instance_url: str
    login_url: str
    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    enterprise_id: str | None = None
    org_name: str = ""
    environment: str = "production"
    sf_username: str = ""
    sf_email: str = ""
    sf_display_name: str = ""
    sf_locale: str = ""
    scopes: str = ""


@dataclass(frozen=True)
class Connection:
    """A stored connection with its tokens decrypted (never log or show the tokens)."""

    id: int
    team_id: str
    slack_user_id: str
    enterprise_id: str | None
    org_id: str
    org_name: str
    alias: str
    environment: str
    login_url: str
    instance_url: str
    sf_user_id: str
    sf_username: str
    sf_email: str
    sf_display_name: str
    scopes: str
    is_default: bool
    status: str
    token_version: int
    refreshed_at: datetime | None
    created_at: datetime
    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)

    @property
    def is_broken(self) -> bool:
        return self.status == BROKEN


@dataclass(frozen=True)
class RefreshedTokens:
    """A token endpoint's answer to a refresh (Salesforce may rotate the refresh token)."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    instance_url: str | None = None
    scopes: str | None = None
