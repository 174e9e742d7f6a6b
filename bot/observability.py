"""Structured JSON logs with secrets redacted, and the Prometheus metrics the app exports."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REDACTED = "[REDACTED]"

# Shapes of credentials we handle: Slack tokens, Salesforce session ids, Fernet tokens, bearer
# headers, and `name=value` / `"name": "value"` pairs whose name says secret.
_SECRET_PATTERNS = (
    re.compile(r"xox[a-z]-[A-Za-z0-9-]{6,}"),
    re.compile(r"xapp-[A-Za-z0-9-]{6,}"),
    re.compile(r"\b00D[A-Za-z0-9]{12,15}![A-Za-z0-9._-]{20,}"),
    re.compile(r"\bgAAAAA[A-Za-z0-9_=-]{20,}"),
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=!-]{8,}"),
    # An OAuth callback's query string (a request log line): the authorization code.
    re.compile(r"([?&]code=)[^\s&\"'#]{4,}"),
    re.compile(
        r"(?i)((?:access_token|refresh_token|id_token|client_secret|signing_secret|password|"
        r"code_verifier|secret|token|authorization)[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,}]{4,}"
    ),
)


def redact(text: str, *, known: Iterable[str] = ()) -> str:
    """Replace anything that looks like a credential (and every ``known`` value) in ``text``."""
    for value in known:
        if value and len(value) >= 6:
            text = text.replace(value, REDACTED)
    for pattern in _SECRET_PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda match: match.group(1) + REDACTED, text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and exception text) with `redact` before any handler."""

    def __init__(self, known_secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.known_secrets = tuple(secret for secret in known_secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        message = redact(record.getMessage(), known=self.known_secrets)
        record.msg, record.args = message, None
        if record.exc_info:
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(text, known=self.known_secrets)
            record.exc_info = None
        fields = getattr(record, "sfbot", None)
        if isinstance(fields, dict):
            record.sfbot = {
                key: redact(value, known=self.known_secrets) if isinstance(value, str) else value
                for key, value in fields.items()
            }
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's ``sfbot`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "sfbot", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_text:
            entry["exception"] = record.exc_text
        elif record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(
    *, level: str = "INFO", secrets: Iterable[str] = (), stream: Any = None
) -> None:
    """Send every log record to ``stream`` (stderr) as redacted JSON lines.

    Args:
        level: The root log level name.
        secrets: Exact secret values (tokens, keys) to mask wherever they appear.
        stream: Where to write; stderr by default.
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    for existing in list(root.handlers):
        if getattr(existing, "_sfbot", False):
            root.removeHandler(existing)
    handler._sfbot = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())


class Metrics:
    """The app's Prometheus metrics, in a registry of their own (one per app, none global)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "sfbot_slack_requests",
            "Requests from Slack, by kind and outcome.",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.ack_latency = Histogram(
            "sfbot_slack_ack_latency_seconds",
            "Time from receiving a Slack request to acknowledging it.",
            ["kind"],
            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 2.5, 3.0, 5.0),
            registry=self.registry,
        )
        self.salesforce_calls = Counter(
            "sfbot_salesforce_calls",
            "Calls made to Salesforce, by operation and outcome.",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.errors = Counter(
            "sfbot_errors",
            "Unexpected errors, by where they happened.",
            ["where"],
            registry=self.registry,
        )

    def render(self) -> tuple[bytes, str]:
        """The exposition text and its content type, for `/metrics`."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


class Stopwatch:
    """Seconds since creation, from a monotonic clock."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


def secrets_of(settings: Any) -> list[str]:
    """Every secret value in the settings, for `RedactingFilter` to mask verbatim."""
    values: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if hasattr(value, "get_secret_value"):
            values.extend(part.strip() for part in value.get_secret_value().split(","))
    return [value for value in values if value]
