"""Request signing exactly as Slack does it.

Follows https://docs.slack.dev/authentication/verifying-requests-from-slack: the signature is
``v0=`` + hex HMAC-SHA256 of ``v0:{timestamp}:{raw body}`` keyed with the app's signing secret.
"""

from __future__ import annotations

import hashlib
import hmac
import time

VERSION = "v0"


def sign(*, signing_secret: str, timestamp: str | int, body: bytes | str) -> str:
    """Return the ``X-Slack-Signature`` value for one request.

    Args:
        signing_secret: The app's signing secret.
        timestamp: The value sent as ``X-Slack-Request-Timestamp`` (unix seconds).
        body: The raw request body, byte for byte as it goes on the wire.
    """
    raw = body.encode() if isinstance(body, str) else body
    base = f"{VERSION}:{timestamp}:".encode() + raw
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return f"{VERSION}={digest}"


def signed_headers(
    *,
    signing_secret: str,
    body: bytes,
    content_type: str,
    timestamp: int | None = None,
    retry_num: int | None = None,
    retry_reason: str | None = None,
) -> dict[str, str]:
    """Headers Slack puts on a request to the app (signature, timestamp, optional retry info)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "Content-Type": content_type,
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": sign(signing_secret=signing_secret, timestamp=ts, body=body),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return headers
