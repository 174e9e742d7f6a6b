"""SQLAlchemy 2 models of everything the bot keeps (Slack's own tables come from slack_sdk)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class SalesforceConnection(Base):
    """One Slack user's link to one Salesforce user in one org; tokens are Fernet-encrypted."""

    __tablename__ = "salesforce_connections"
    __table_args__ = (
        UniqueConstraint("team_id", "slack_user_id", "org_id", "sf_user_id", name="uq_connection"),
        Index("ix_connection_slack_user", "team_id", "slack_user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str] = mapped_column(String(32))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    org_id: Mapped[str] = mapped_column(String(18))
    org_name: Mapped[str] = mapped_column(String(255), default="")
    # Short name users type in `org=<name>` and `/sf use <name>`.
    alias: Mapped[str] = mapped_column(String(64), default="")
    environment: Mapped[str] = mapped_column(
        String(16), default="production"
    )  # or sandbox, mydomain
    login_url: Mapped[str] = mapped_column(String(255))
    instance_url: Mapped[str] = mapped_column(String(255))
    sf_user_id: Mapped[str] = mapped_column(String(18))
    sf_username: Mapped[str] = mapped_column(String(255), default="")
    sf_email: Mapped[str] = mapped_column(String(255), default="")
    sf_display_name: Mapped[str] = mapped_column(String(255), default="")
    sf_locale: Mapped[str] = mapped_column(String(32), default="")
    scopes: Mapped[str] = mapped_column(String(512), default="")
    access_token_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    refresh_token_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # active | broken (refresh token dead: the user must reconnect)
    status: Mapped[str] = mapped_column(String(16), default="active")
    # Bumped on each refresh; concurrent refreshers compare it to refresh only once.
    token_version: Mapped[int] = mapped_column(Integer, default=1)
    refreshed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class SalesforceOAuthState(Base):
    """A pending `/sf connect`: single use, bound to the Slack team+user, expires in 10 minutes."""

    __tablename__ = "salesforce_oauth_states"

    state: Mapped[str] = mapped_column(String(128), primary_key=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str] = mapped_column(String(32))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    login_url: Mapped[str] = mapped_column(String(255))
    environment: Mapped[str] = mapped_column(String(16), default="production")
    code_verifier_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    redirect_uri: Mapped[str] = mapped_column(String(512))
    # What the user typed before being asked to connect; replayed after the callback.
    pending_command: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    channel_id: Mapped[str | None] = mapped_column(String(32))
    response_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    consumed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WriteIntent(Base):
    """Every Salesforce write, stored before Slack is acked (see DESIGN.md "Writes")."""

    __tablename__ = "write_intents"
    __table_args__ = (
        Index("ix_intent_status", "status", "created_at"),
        Index("ix_intent_user", "team_id", "slack_user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(32))
    team_id: Mapped[str] = mapped_column(String(32))
    slack_user_id: Mapped[str] = mapped_column(String(32))
    connection_id: Mapped[int | None] = mapped_column(
        ForeignKey("salesforce_connections.id", ondelete="SET NULL")
    )
    org_id: Mapped[str | None] = mapped_column(String(18))
    sf_user_id: Mapped[str | None] = mapped_column(String(18))
    # create | update | delete | undelete | note | log_call | log_meeting | log_task | tag | ...
    operation: Mapped[str] = mapped_column(String(32))
    sobject: Mapped[str] = mapped_column(String(128))
    record_id: Mapped[str | None] = mapped_column(String(18))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    before_values: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # pending | running | succeeded | failed | needs_connection | undone
    status: Mapped[str] = mapped_column(String(24), default="pending")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Where to tell the user how it went.
    channel_id: Mapped[str | None] = mapped_column(String(32))
    response_url: Mapped[str | None] = mapped_column(Text)
    view_id: Mapped[str | None] = mapped_column(String(32))
    undo_of_id: Mapped[int | None] = mapped_column(ForeignKey("write_intents.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class DescribeCacheEntry(Base):
    """An sObject describe as one Salesforce user sees it (FLS differs per user)."""

    __tablename__ = "describe_cache"
    __table_args__ = (UniqueConstraint("org_id", "sf_user_id", "sobject", name="uq_describe"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[str] = mapped_column(String(18))
    sf_user_id: Mapped[str] = mapped_column(String(18))
    # "$global" for the global describe.
    sobject: Mapped[str] = mapped_column(String(128))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    last_modified: Mapped[str | None] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UsedExportLink(Base):
    """An `/sf export` download link already downloaded: each link works once."""

    __tablename__ = "used_export_links"

    # The random id inside the link's encrypted token (not the token itself).
    link_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
