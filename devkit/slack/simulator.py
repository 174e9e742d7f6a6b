"""``SlackSimulator``: a local Slack for tests and the playground, over real HTTP on loopback.

It signs and sends what Slack sends to an app (see ``interactions.py``), serves a fake Web API
that validates and records like Slack (``api_*.py``), and answers ``response_url`` posts.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from typing import Any, TypeVar

from . import api_chat, api_unfurl, api_users, api_views, control, hooks
from .interactions import DEFAULT_UNFURL_DOMAINS, InteractionsMixin
from .sender import Sender
from .server import HttpServer, json_response
from .state import SimState
from .webapi import RateLimit, WebApi
from .workspace import Channel, User

T = TypeVar("T")

DEFAULT_USER = "U0ADA00001"
DEFAULT_CHANNEL = "C0SALES001"


class SlackSimulator(InteractionsMixin):
    """A simulated Slack workspace with one installed app.

    Args:
        signing_secret: The app's signing secret; every request to the app is signed with it.
        app_url: The app's request URL (``http://127.0.0.1:P/slack/events``); settable later.
        options_url: Where block_suggestion goes (default: ``app_url``).
        team_id: The workspace id. ``team_domain``/``team_name`` name it.
        scopes: The bot token's scopes (default: everything the Web API here needs).
        with_defaults: Add Ada (rep), Rob (read-only) and Sam (admin), and a few channels.
        ack_timeout: How long to wait for the app's HTTP answer before giving up.
        host, port: Where to listen (default: loopback, an ephemeral port).
    """

    def __init__(
        self,
        *,
        signing_secret: str,
        app_url: str | None = None,
        options_url: str | None = None,
        team_id: str = "T0DEMO0001",
        team_domain: str = "demo",
        team_name: str = "Demo Workspace",
        app_id: str = "A0SFBOT001",
        bot_user_id: str = "U0SFBOT001",
        bot_id: str = "B0SFBOT001",
        scopes: set[str] | None = None,
        with_defaults: bool = True,
        ack_timeout: float = 10.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.app_url = app_url
        self.options_url = options_url
        self.state = SimState(
            team_id=team_id,
            team_domain=team_domain,
            team_name=team_name,
            app_id=app_id,
            bot_id=bot_id,
            bot_user_id=bot_user_id,
        )
        if with_defaults:
            self.state.add_defaults()
        self.bot_token = f"xoxb-{team_id[1:]}-{bot_id[1:]}-{self.state.ids.secret(18)[:24]}"
        self.api = WebApi(state=self.state, bot_token=self.bot_token)
        if scopes is not None:
            self.api.scopes = set(scopes)
        for module in (api_chat, api_users, api_views, api_unfurl):
            module.register(self.api)
        self.sender = Sender(signing_secret=signing_secret, timeout=ack_timeout)
        self._server = HttpServer(self._route, host=host, port=port)
        self._started = False
        self.default_user = DEFAULT_USER
        self.default_channel = DEFAULT_CHANNEL
        # Events the app subscribes to (its manifest); others are not sent.
        self.subscribed_events = {"app_home_opened", "link_shared"}
        self.unfurl_domains = DEFAULT_UNFURL_DOMAINS

    # -- lifecycle -------------------------------------------------------------------------
    def start(self) -> SlackSimulator:
        if not self._started:
            self._server.start()
            self._started = True
        return self

    def stop(self) -> None:
        if self._started:
            self._server.stop()
            self.sender.close()
            self._started = False

    def __enter__(self) -> SlackSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/``."""
        return self._server.base_url

    @property
    def api_url(self) -> str:
        """The Web API base URL (ends with ``/api/``) for ``WebClient`` and SLACK_API_URL."""
        return self.base_url + "api/"

    @property
    def signing_secret(self) -> str:
        return self.sender.signing_secret

    def _route(self, method: str, path: str, query: str, body: bytes, headers: dict[str, str]):
        if path.startswith("/api/"):
            status, out_headers, data = self.api.handle(
                path[len("/api/") :],
                body=body,
                content_type=headers.get("content-type", ""),
                query=query,
                auth=headers.get("authorization"),
            )
            return json_response(status, data, out_headers)
        if path.startswith("/hooks/") and method == "POST":
            status, text = hooks.handle(self.state, path.rsplit("/", 1)[-1], body)
            return status, {"Content-Type": "text/html"}, text.encode()
        if path.startswith("/_sim/"):
            return control.handle(self, method, path[len("/_sim/") :], query, body)
        return json_response(404, {"ok": False, "error": "unknown_path", "path": path})

    # -- workspace set-up ------------------------------------------------------------------
    def add_user(
        self, id: str, name: str, *, channels: tuple[str, ...] | None = None, **kw: Any
    ) -> User:  # noqa: A002
        """Add a user (``email``, ``real_name``, ``tz``, ``locale``, ``is_admin``…).

        The user joins ``channels`` (default: every public channel).
        """
        user = User(id=id, name=name, **kw)
        with self.state.lock:
            self.state.users[id] = user
            for channel in self.state.channels.values():
                if (channels is None and not channel.is_private and not channel.is_im) or (
                    channels is not None and channel.id in channels
                ):
                    channel.members.add(id)
        return user

    def add_channel(
        self,
        id: str,
        name: str,
        *,
        members: set[str] | None = None,
        **kw: Any,  # noqa: A002
    ) -> Channel:
        """Add a channel (``is_private``, ``bot_member``); members default to every user."""
        channel = Channel(id=id, name=name, members=set(members or self.state.users), **kw)
        with self.state.lock:
            self.state.channels[id] = channel
        return channel

    def set_scopes(self, scopes: set[str]) -> None:
        self.api.scopes = set(scopes)

    def revoke_token(self) -> None:
        """From now on every Web API call answers ``invalid_auth``."""
        self.api.revoked = True

    def set_rate_limit(
        self, method: str = "*", *, retry_after: int = 1, times: int | None = None
    ) -> None:
        """Answer ``method`` (``*``: all) with 429 + Retry-After ``times`` times (None: until
        ``clear_rate_limits()``)."""
        self.api.rate_limits[method] = RateLimit(retry_after=retry_after, remaining=times)

    def clear_rate_limits(self) -> None:
        self.api.rate_limits.clear()

    def advance_time(self, seconds: float) -> None:
        """Age trigger ids and response URLs (signatures keep using the wall clock)."""
        self.state.clock.advance(seconds)

    # -- what happened ---------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[dict]:
        """Recorded Web API calls (``method``, ``args``, ``response``, ``status``, ``time``)."""
        with self.state.lock:
            return [
                copy.deepcopy(c.to_json())
                for c in self.state.calls_log
                if method is None or c.method == method
            ]

    def failed_calls(self) -> list[dict]:
        """Web API calls Slack refused (``ok: false``): a test can assert there are none."""
        return [c for c in self.calls() if not c["response"].get("ok")]

    def response_url_posts(self, *, user: str | None = None) -> list[dict]:
        with self.state.lock:
            return [
                copy.deepcopy(p)
                for p in self.state.response_posts
                if user is None or p["user_id"] == user
            ]

    def messages(
        self,
        channel: str | None = None,
        *,
        visible_to: str | None = None,
        ephemeral: bool | None = None,
        include_deleted: bool = False,
    ) -> list[dict]:
        """Messages in order. ``visible_to`` adds that user's ephemeral ones to the public ones;
        ``ephemeral=True``/``False`` keeps only ephemeral/public ones."""
        out = []
        with self.state.lock:
            for msg in self.state.messages:
                if channel is not None and msg["channel"] != channel:
                    continue
                if msg["deleted"] and not include_deleted:
                    continue
                eph = msg["ephemeral_to"]
                if ephemeral is not None and bool(eph) != ephemeral:
                    continue
                if visible_to is not None and eph not in (None, visible_to):
                    continue
                out.append(copy.deepcopy(msg))
        return out

    def ephemeral_messages(self, user: str, channel: str | None = None) -> list[dict]:
        return [m for m in self.messages(channel, ephemeral=True) if m["ephemeral_to"] == user]

    def special_mentions(self) -> list[dict]:
        """Every stored message that would notify many people, with what it would trigger."""
        return [m for m in self.messages(include_deleted=True) if m["mentions"]]

    def wait_for(self, predicate: Callable[[], T], *, timeout: float = 5.0, message: str = "") -> T:
        """Wait until ``predicate()`` is truthy (re-checked on every change); return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"not met within {timeout}s: {message or predicate}")
            with self.state.changed:
                self.state.changed.wait(min(remaining, 0.05))
