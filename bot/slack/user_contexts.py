"""Slack users' locale and time zone (users.info), remembered for a few minutes.

Dates like ``31/12/2026`` are read in the user's locale and ``next friday`` in their time zone;
one cache per `Services` (see `bot.services.Services.user_contexts`) keeps that to one
``users.info`` call per user every `USER_CONTEXT_SECONDS`.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.salesforce.valuetypes import UserContext

logger = logging.getLogger(__name__)

USER_CONTEXT_SECONDS = 600.0


@dataclass
class _Remembered:
    value: UserContext
    at: float


class UserContexts:
    """Slack users' locale and time zone, keyed by team and user, shared by all threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, _Remembered] = {}

    def get(self, client: WebClient, *, team_id: str, user_id: str) -> UserContext:
        """The user's locale and time zone (defaults when Slack cannot say)."""
        key = f"{team_id}:{user_id}"
        with self._lock:
            known = self._known.get(key)
        if known is not None and time.monotonic() - known.at < USER_CONTEXT_SECONDS:
            return known.value
        value = UserContext()
        try:
            user = client.users_info(user=user_id, include_locale=True).get("user") or {}
            value = UserContext(locale=user.get("locale") or "en-US", tz=user.get("tz") or "UTC")
        except (SlackApiError, OSError, ValueError) as error:
            # Dates are still read, in UTC and month/day order guessed from the text.
            logger.info("users.info failed (%s); using default locale", type(error).__name__)
        with self._lock:
            self._known[key] = _Remembered(value, time.monotonic())
        return value
