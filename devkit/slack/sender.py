"""Signed HTTP requests from the simulated Slack to the app, timed."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from .signing import signed_headers


@dataclass
class SendResult:
    """What the app answered to one request from the simulator.

    Attributes:
        kind: ``slash_command``, ``block_actions``, ``view_submission``, ``event_callback``…
        status: HTTP status of the app's answer.
        body: Parsed JSON when the answer was JSON, else the text (``""`` when empty).
        latency_ms: Time until the app acked.
        payload: What the simulator sent (the form fields or the JSON payload).
        applied: For view_submission: what the simulator did with the ack (``closed``,
            ``errors``, ``update``, ``push``, ``clear``, ``push_limit_reached``, ``invalid``).
    """

    kind: str
    status: int
    body: Any
    text: str
    headers: dict[str, str]
    latency_ms: float
    payload: dict
    applied: str | None = None
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def acked_in_time(self) -> bool:
        """Slack gives up after 3 s (``operation_timeout`` / ``http_timeout``)."""
        return self.ok and self.latency_ms <= 3000

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "status": self.status,
            "body": self.body,
            "latency_ms": round(self.latency_ms, 2),
            "payload": self.payload,
            "applied": self.applied,
            "errors": self.errors,
        }


class Sender:
    """Posts signed requests to the app's request URL."""

    def __init__(self, *, signing_secret: str, timeout: float = 10.0) -> None:
        self.signing_secret = signing_secret
        self.timeout = timeout
        self._session = requests.Session()
        self._session.trust_env = False  # never route loopback traffic through a proxy

    def post(
        self,
        url: str,
        *,
        kind: str,
        body: bytes,
        content_type: str,
        payload: dict,
        timestamp: int | None = None,
        signing_secret: str | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
    ) -> SendResult:
        headers = signed_headers(
            signing_secret=self.signing_secret if signing_secret is None else signing_secret,
            body=body,
            content_type=content_type,
            timestamp=timestamp,
            retry_num=retry_num,
            retry_reason=retry_reason,
        )
        start = time.perf_counter()
        try:
            resp = self._session.post(url, data=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            # Slack shows this as dispatch_failed; the app was unreachable or too slow.
            latency = (time.perf_counter() - start) * 1000
            reason = "http_timeout" if isinstance(exc, requests.Timeout) else "connection_failed"
            return SendResult(kind, 0, None, reason, {}, latency, payload, reason)
        latency = (time.perf_counter() - start) * 1000
        text = resp.text
        parsed: Any = text
        if text and "json" in resp.headers.get("Content-Type", ""):
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = text
        return SendResult(
            kind=kind,
            status=resp.status_code,
            body=parsed,
            text=text,
            headers=dict(resp.headers),
            latency_ms=latency,
            payload=payload,
        )

    def close(self) -> None:
        self._session.close()
