# Slack's response_url: https://api.slack.com/interactivity/handling#message_responses
"""Posting to Slack's ``response_url`` over kept-alive, pooled connections.

`slack_sdk.webhook.WebhookClient` opens a new connection (and a TLS handshake to Slack) per
post; the write workers post results all day long, so one urllib3 pool per process keeps its
connections to Slack open and reuses them. Like WebhookClient it trusts the system's CAs and
honours the ``HTTPS_PROXY``/``HTTP_PROXY`` variables.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from typing import Any

import urllib3
from slack_sdk.proxy_env_variable_loader import load_http_proxy_from_env

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30.0  # as WebhookClient
# One more try when a connection fails, as WebhookClient does. A kept-alive connection the
# other side closed fails only when used; a repeated post is harmless (it replaces the message).
_RETRY = urllib3.Retry(
    total=1, connect=1, read=1, status=0, allowed_methods=None, raise_on_status=False
)
_HEADERS = {"Content-Type": "application/json;charset=utf-8"}

_lock = threading.Lock()
_pool: tuple[int, urllib3.PoolManager] | None = None


def _pooled() -> urllib3.PoolManager:
    """This process's pool (a forked worker makes its own: sockets are not shared)."""
    global _pool
    with _lock:
        if _pool is None or _pool[0] != os.getpid():
            proxy = load_http_proxy_from_env(logger)
            manager = (
                urllib3.ProxyManager(proxy, num_pools=4, maxsize=16)
                if proxy
                else urllib3.PoolManager(num_pools=4, maxsize=16)
            )
            _pool = (os.getpid(), manager)
        return _pool[1]


def post(url: str, body: dict[str, Any]) -> int:
    """POST ``body`` as JSON to a response_url; returns the HTTP status.

    Raises:
        OSError: Slack could not be reached.
    """
    try:
        response = _pooled().request(
            "POST",
            url,
            body=json.dumps(body).encode("utf-8"),
            headers=_HEADERS,
            timeout=TIMEOUT_SECONDS,
            retries=_RETRY,
        )
    except urllib3.exceptions.HTTPError as error:  # not an OSError: callers handle only those
        raise ConnectionError(type(error).__name__) from error
    return response.status
