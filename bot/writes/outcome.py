"""Turn what an executor raised into a stored outcome: retry, needs a connection, or failed.

The stored error keeps Salesforce's own error body (errorCode, message, fields) so the Slack
layer can explain it in plain words on the right field; it never holds URLs, tokens or tracebacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession

from bot.salesforce.records import UncertainWrite
from bot.writes.intents import FAILED, NEEDS_CONNECTION
from bot.writes.registry import ConnectionUnavailable

# Salesforce answers these with a body that says nothing is wrong with the request itself.
_TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})


@dataclass(frozen=True)
class Outcome:
    """How an attempt ended when it did not succeed."""

    status: str
    error: dict[str, Any]
    transient: bool = False


def classify(exc: BaseException) -> Outcome:
    """Decide what an exception raised by an executor means for the intent."""
    if isinstance(exc, ConnectionUnavailable):
        return Outcome(NEEDS_CONNECTION, {"kind": "connection", "message": str(exc)})
    if isinstance(exc, UncertainWrite):
        return Outcome(FAILED, {"kind": "uncertain", "message": str(exc)})
    if isinstance(exc, SalesforceExpiredSession):
        # The client already tried its one refresh; the user has to connect again.
        return Outcome(
            NEEDS_CONNECTION,
            {"kind": "connection", "status": exc.status, "errors": _errors(exc.content)},
        )
    if isinstance(exc, SalesforceError):
        error = {"kind": "salesforce", "status": exc.status, "errors": _errors(exc.content)}
        return Outcome(FAILED, error, transient=exc.status in _TRANSIENT_STATUSES)
    if isinstance(exc, requests.exceptions.Timeout | requests.exceptions.ConnectionError):
        return Outcome(
            FAILED,
            {"kind": "unreachable", "message": "Salesforce did not answer"},
            transient=True,
        )
    return Outcome(FAILED, {"kind": "internal", "message": type(exc).__name__})


def _errors(content: Any) -> list[dict[str, Any]]:
    """Salesforce error bodies are lists of {message, errorCode[, fields]}; keep only those keys."""
    if isinstance(content, dict):
        content = [content]
    if not isinstance(content, list):
        return [{"errorCode": "UNKNOWN", "message": str(content)[:500]}]
    kept = []
    for item in content:
        if isinstance(item, dict):
            kept.append(
                {
                    key: item[key]
                    for key in ("errorCode", "message", "fields", "duplicateResut", "statusCode")
                    if key in item
                }
            )
    return kept
