"""Bolt middleware and the global error handler: services into context, no 500 ever to Slack."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import BoltContext, BoltRequest, BoltResponse

from bot.slack import blocks, messages

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)


def services_middleware(services: Services) -> Callable[..., None]:
    """A global middleware putting ``services`` into every listener's ``context["services"]``."""

    def inject_services(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002
        context["services"] = services
        next()

    return inject_services


def error_handler(services: Services) -> Callable[..., BoltResponse | None]:
    """The global error handler: log with a reference, count, and answer the user politely.

    Before the ack, the reply becomes the HTTP response (status 200, so Slack never shows
    "dispatch_failed"); after it, the user hears through ``response_url`` when there is one.
    """

    def handle_error(
        error: Exception, request: BoltRequest, response: BoltResponse | None
    ) -> BoltResponse | None:
        reference = uuid.uuid4().hex[:10]
        logger.error(
            "unhandled error in a Slack listener",
            exc_info=error,
            extra={"sfbot": {"reference": reference, "error_type": type(error).__name__}},
        )
        services.metrics.errors.labels(where="slack_listener").inc()
        fields = request.context.get("request_log")
        if isinstance(fields, dict):
            fields["outcome"] = "error"
            fields["reference"] = reference
        reply = blocks.notice(messages.INTERNAL_ERROR.format(reference=reference))
        body: dict[str, Any] = request.body if isinstance(request.body, dict) else {}
        if response is not None:
            if "command" in body:
                return BoltResponse(
                    status=200,
                    body=json.dumps(reply.to_dict()),
                    headers={"content-type": "application/json;charset=utf-8"},
                )
            return BoltResponse(status=200, body="")
        respond = request.context.respond
        if respond is not None and request.context.response_url:
            try:
                respond(**reply.to_dict())
            except Exception:  # the user just doesn't hear about it; the log has the cause
                logger.warning("could not tell the user about error %s", reference, exc_info=True)
        return None

    return handle_error
