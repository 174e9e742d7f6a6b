"""A bolt `App` that measures and logs every request it dispatches (HTTP and Socket Mode alike).

Bolt's global middleware cannot wrap the listener (its ``next()`` only flags the chain), so the
timing sits around `App.dispatch`, which returns once the listener has acked.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse

from bot.observability import Metrics, Stopwatch
from bot.slack.ack_wait import expect_ack

logger = logging.getLogger("sfbot.requests")


def request_kind(body: dict[str, Any]) -> str:
    """A short, low-cardinality name for the kind of Slack request (a metrics label)."""
    if "command" in body:
        return "command"
    payload_type = body.get("type")
    if payload_type == "event_callback":
        event = body.get("event") or {}
        return f"event:{event.get('type', 'unknown')}"
    if isinstance(payload_type, str) and payload_type:
        return payload_type[:40]
    return "unknown"


def _command_name(body: dict[str, Any]) -> str | None:
    if "command" in body:
        return str(body["command"])[:32]
    return body.get("callback_id") or (body.get("view") or {}).get("callback_id")


class InstrumentedApp(App):
    """`slack_bolt.App` plus one JSON log line and metrics per dispatched request."""

    metrics: Metrics

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        watch = Stopwatch()
        fields: dict[str, Any] = {"outcome": "ok"}
        req.context["request_log"] = fields
        body = req.body if isinstance(req.body, dict) else {}
        ack = expect_ack(req.context, body)
        response = super().dispatch(req)
        if ack.answered_on_behalf:
            fields["acked_by"] = "deadline"  # the listener's reply follows through response_url
        kind = request_kind(body)
        if response.status == 401:
            # The signature did not verify: nothing in the body can be trusted, not even ids.
            fields.update(outcome="rejected", kind=kind)
        else:
            fields.setdefault("kind", kind)
            fields.update(
                team=req.context.team_id,
                enterprise=req.context.enterprise_id,
                user=req.context.user_id,
                command=_command_name(body),
            )
            if response.status >= 400 and fields["outcome"] == "ok":
                fields["outcome"] = "http_" + str(response.status)
        fields.update(status=response.status, latency_ms=round(watch.seconds * 1000, 1))
        metrics = getattr(self, "metrics", None)
        if metrics is not None:
            metrics.requests.labels(kind=kind, outcome=fields["outcome"]).inc()
            if fields["outcome"] != "rejected":
                metrics.ack_latency.labels(kind=kind).observe(watch.seconds)
        logger.info("slack request", extra={"sfbot": fields})
        return response
