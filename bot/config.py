"""Settings from the environment, validated once at start (the only reader of os.environ)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "xxx", "todo", "your-secret-here"}


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class ConfigError(Exception):
    """A setting is missing or malformed; the message is one line naming the variable."""


class Settings(BaseSettings):
    """Every setting of the app; names are the environment variables (see README)."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    sfbot_env: Environment = Environment.DEVELOPMENT

    slack_signing_secret: SecretStr | None = None
    slack_bot_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str = "https://slack.com/api/"

    salesforce_client_id: str | None = None
    salesforce_client_secret: SecretStr | None = None
    salesforce_login_url: str = "https://login.salesforce.com"
    salesforce_sandbox_login_url: str = "https://test.salesforce.com"
    salesforce_api_version: str = "62.0"
    # Extra CA bundle to trust (devkit/salesforce serves HTTPS with its own CA).
    salesforce_ca_bundle: str | None = None
    # Integration-user mode: a client-credentials connected app used when a user has no own token.
    salesforce_integration_client_id: str | None = None
    salesforce_integration_client_secret: SecretStr | None = None
    salesforce_integration_stamp_field: str | None = None

    public_url: str = "http://localhost:3000"
    database_url: str = "sqlite:///sfbot.db"
    sfbot_encryption_keys: SecretStr | None = None
    sfbot_key_file: str = ".sfbot/encryption.key"
    sfbot_admins: str = ""
    # `/sf api` may send POST/PATCH/PUT/DELETE (they bypass validation and Undo): off by default.
    sfbot_admin_raw_writes: bool = False
    sfbot_log_level: str = "INFO"
    sfbot_describe_ttl_seconds: int = Field(default=3600, ge=0)
    sfbot_max_orgs_per_user: int = Field(default=5, ge=1, le=50)
    sfbot_undo_minutes: int = Field(default=15, ge=1)
    sfbot_write_workers: int = Field(default=32, ge=1, le=128)
    sfbot_write_processes: int | None = Field(default=None, ge=0, le=16)

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_with_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("salesforce_login_url", "salesforce_sandbox_login_url", "public_url")
    @classmethod
    def _is_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("expected an http(s) URL")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _is_database_url(cls, value: str) -> str:
        if not value.startswith(
            ("sqlite://", "postgresql://", "postgresql+psycopg://", "postgres://")
        ):
            raise ValueError("expected sqlite:///path.db or postgresql://user:pass@host/db")
        if value.startswith("postgres://"):
            value = "postgresql://" + value.removeprefix("postgres://")
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value.removeprefix("postgresql://")
        return value

    @field_validator("salesforce_api_version")
    @classmethod
    def _is_api_version(cls, value: str) -> str:
        value = value.removeprefix("v")
        major, _, minor = value.partition(".")
        if not major.isdigit() or (minor and not minor.isdigit()):
            raise ValueError("expected a Salesforce API version such as 62.0")
        return f"{int(major)}.{int(minor or 0)}"

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        for name in ("slack_signing_secret", "slack_client_secret", "salesforce_client_secret"):
            secret = getattr(self, name)
            if (
                secret is not None
                and secret.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS
            ):
                raise ValueError(f"{name.upper()} is a placeholder; set the real value")
        return self

    @property
    def admins(self) -> frozenset[str]:
        """Slack user ids (U…) allowed to use admin commands."""
        return frozenset(part.strip() for part in self.sfbot_admins.split(",") if part.strip())

    @property
    def slack_configured(self) -> bool:
        return self.slack_signing_secret is not None and (
            self.slack_bot_token is not None or self.slack_client_id is not None
        )

    @property
    def multi_workspace(self) -> bool:
        return self.slack_client_id is not None and self.slack_client_secret is not None

    @property
    def is_production(self) -> bool:
        return self.sfbot_env is Environment.PRODUCTION


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings; raise ConfigError with one clear line on failure."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        if not first["loc"]:
            # A whole-model check: its message names the variable, and its input is every
            # setting at once (secrets included), so nothing of the input is shown.
            raise ConfigError(message) from None
        variable = str(first["loc"][0]).upper()
        raw = first.get("input")
        secret = any(word in variable.lower() for word in ("secret", "key", "token"))
        shown = "" if secret else f" (got {raw!r})"
        raise ConfigError(f"{variable}: {message}{shown}") from None
