"""``response_url`` endpoints (https://docs.slack.dev/interactivity/handling-user-interaction).

A URL works at most 5 times within 30 minutes. ``response_type`` is ``ephemeral`` (default) or
``in_channel``; ``replace_original``/``delete_original`` act on the message that held the
component (for slash commands: the app's latest reply through this URL, never the user's command);
an ephemeral message stays ephemeral.
"""

from __future__ import annotations

import json

from . import limits as L
from .api_chat import check_content
from .state import SimState
from .webapi import ApiError


def _truthy(value: object) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def handle(state: SimState, token: str, body: bytes) -> tuple[int, str]:
    """Apply one POST to a response_url; return ``(status, text body)`` like hooks.slack.com."""
    with state.lock:
        rec = state.response_urls.get(token)
        status, text = _apply(state, rec, body)
        state.response_posts.append(
            {
                "url": rec.url if rec else None,
                "user_id": rec.user_id if rec else None,
                "channel_id": rec.channel_id if rec else None,
                "body": _loads(body),
                "status": status,
                "response": text,
                "time": state.clock.now(),
            }
        )
    state.notify("response_url", status=status)
    return status, text


def _loads(body: bytes) -> object:
    try:
        return json.loads(body.decode("utf-8"))
    except ValueError:
        return body.decode("utf-8", "replace")


def _apply(state: SimState, rec, body: bytes) -> tuple[int, str]:
    if rec is None:
        return 404, "invalid_url"
    if state.clock.now() - rec.created > L.RESPONSE_URL_TTL_S:
        return 404, "expired_url"
    if rec.uses >= L.RESPONSE_URL_MAX_USES:
        return 404, "used_url"
    data = _loads(body)
    if not isinstance(data, dict):
        return 400, "invalid_payload"
    source = state.find_message(rec.channel_id, rec.source_ts) if rec.source_ts else None
    delete, replace = _truthy(data.get("delete_original")), _truthy(data.get("replace_original"))
    has_content = any(data.get(k) for k in ("text", "blocks", "attachments"))
    try:
        content = check_content(data) if has_content else None
    except ApiError as exc:
        return 400, exc.error
    if not delete and content is None:
        return 400, "no_text"
    rec.uses += 1
    if delete and source is not None:
        state.delete_message(source)
        source = None
    if content is None:
        return 200, "ok"
    if replace and source is not None:
        state.replace_message(source, **content)
        return 200, "ok"
    if replace and rec.ack_pending:
        rec.ack_replaced = True
    in_channel = data.get("response_type") == "in_channel"
    msg = state.add_message(
        channel=rec.channel_id or state.dm_channel(rec.user_id).id,
        user=state.bot_user_id,
        source="response_url",
        thread_ts=data.get("thread_ts") or None,
        ephemeral_to=None if in_channel else rec.user_id,
        **content,
    )
    if rec.kind == "commands":
        rec.source_ts = msg["ts"]
    return 200, "ok"
