"""Everything the simulated Slack remembers: messages, views, calls, response URLs, triggers.

One ``SimState`` per simulator, guarded by a single re-entrant lock: the HTTP server is threaded
and the app calls back into the Web API while the simulator is still waiting for its ack.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from .ids import IdFactory
from .mentions import special_mentions
from .workspace import DEFAULT_CHANNELS, DEFAULT_USERS, Channel, User


class Clock:
    """Wall time plus an offset, so tests can let triggers and response URLs expire instantly."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class Trigger:
    id: str
    user_id: str
    created: float
    used: bool = False


@dataclass
class ResponseUrl:
    """A ``response_url``: where it was issued and which message it may replace or delete."""

    token: str
    url: str
    user_id: str
    channel_id: str | None
    created: float
    kind: str
    source_ts: str | None = None
    uses: int = 0
    # A slash command's ack may still be in flight when the app's respond() arrives
    # (bolt acks, then runs the listener): a replace then supersedes the ack's message.
    ack_pending: bool = False
    ack_replaced: bool = False


@dataclass
class Call:
    """One recorded Web API call."""

    method: str
    args: dict[str, Any]
    response: dict[str, Any]
    status: int
    time: float
    token: str | None = None

    def to_json(self) -> dict:
        return {
            "method": self.method,
            "args": self.args,
            "response": self.response,
            "status": self.status,
            "time": self.time,
        }


@dataclass
class SimState:
    """The simulated workspace and everything that happened in it."""

    team_id: str
    team_domain: str
    team_name: str
    app_id: str
    bot_id: str
    bot_user_id: str
    verification_token: str = "simulatedVerificationTok"
    ids: IdFactory = field(default_factory=IdFactory)
    clock: Clock = field(default_factory=Clock)
    users: dict[str, User] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    messages: list[dict] = field(default_factory=list)
    calls_log: list[Call] = field(default_factory=list)
    response_urls: dict[str, ResponseUrl] = field(default_factory=dict)
    response_posts: list[dict] = field(default_factory=list)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    views: dict[str, dict] = field(default_factory=dict)
    view_owner: dict[str, str] = field(default_factory=dict)
    stacks: dict[str, list[str]] = field(default_factory=dict)
    home: dict[str, str] = field(default_factory=dict)
    shared_links: dict[str, dict] = field(default_factory=dict)
    # (view id or channel:ts, action_id) -> options the app last suggested (block_suggestion)
    suggestions: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    # view id -> {block_id: message} shown after a response_action "errors"
    view_errors: dict[str, dict[str, str]] = field(default_factory=dict)
    feed: list[dict] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    changed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    # -- workspace -------------------------------------------------------------------------
    def add_defaults(self) -> None:
        for user in DEFAULT_USERS:
            self.users[user.id] = copy.deepcopy(user)
        for channel in DEFAULT_CHANNELS:
            self.channels[channel.id] = copy.deepcopy(channel)

    def user(self, user_id: str) -> User:
        try:
            return self.users[user_id]
        except KeyError:
            raise KeyError(f"unknown simulated user {user_id!r}; add it with add_user()") from None

    def channel(self, channel_id: str) -> Channel:
        try:
            return self.channels[channel_id]
        except KeyError:
            raise KeyError(
                f"unknown simulated channel {channel_id!r}; add_channel() first"
            ) from None

    def dm_channel(self, user_id: str) -> Channel:
        """The app's direct-message channel with a user (its Messages tab)."""
        dm_id = "D" + user_id[1:]
        if dm_id not in self.channels:
            self.channels[dm_id] = Channel(id=dm_id, name=dm_id, members={user_id}, is_im=True)
        return self.channels[dm_id]

    # -- recording -------------------------------------------------------------------------
    def notify(self, kind: str, **data: Any) -> None:
        """Append to the change feed the control API serves, and wake waiters."""
        with self.changed:
            self.feed.append({"seq": len(self.feed) + 1, "kind": kind, "time": time.time(), **data})
            self.changed.notify_all()

    def record_call(self, call: Call) -> None:
        with self.lock:
            self.calls_log.append(call)
        self.notify("call", method=call.method, ok=bool(call.response.get("ok")))

    def add_message(
        self,
        *,
        channel: str,
        user: str,
        source: str,
        text: str | None = None,
        blocks: list | None = None,
        attachments: list | None = None,
        thread_ts: str | None = None,
        ephemeral_to: str | None = None,
        link_names: bool = False,
        ts: str | None = None,
        extra: dict | None = None,
    ) -> dict:
        """Store a message (visible to all, or ephemeral to one user) with its mentions."""
        msg = {
            "type": "message",
            "channel": channel,
            "ts": ts or self.ids.message_ts(),
            "user": user,
            "text": text or "",
            "blocks": blocks or [],
            "attachments": attachments or [],
            "thread_ts": thread_ts,
            "ephemeral_to": ephemeral_to,
            "source": source,
            "link_names": link_names,
            "bot_id": self.bot_id if user == self.bot_user_id else None,
            "mentions": special_mentions(
                text=text, blocks=blocks, attachments=attachments, link_names=link_names
            ),
            "deleted": False,
            **(extra or {}),
        }
        with self.lock:
            self.messages.append(msg)
        self.notify("message", channel=channel, ts=msg["ts"], ephemeral_to=ephemeral_to)
        return msg

    def find_message(self, channel: str, ts: str) -> dict | None:
        with self.lock:
            for msg in reversed(self.messages):
                if msg["channel"] == channel and msg["ts"] == ts and not msg["deleted"]:
                    return msg
        return None

    def replace_message(self, msg: dict, **content: Any) -> None:
        """Edit a message in place, recomputing its mentions."""
        with self.lock:
            msg.update(content)
            msg["mentions"] = special_mentions(
                text=msg["text"],
                blocks=msg["blocks"],
                attachments=msg["attachments"],
                link_names=msg.get("link_names", False),
            )
        self.notify("message_changed", channel=msg["channel"], ts=msg["ts"])

    def delete_message(self, msg: dict) -> None:
        with self.lock:
            msg["deleted"] = True
        self.notify("message_deleted", channel=msg["channel"], ts=msg["ts"])

    # -- triggers and response URLs --------------------------------------------------------
    def new_trigger(self, user_id: str) -> str:
        trigger = Trigger(id=self.ids.trigger_id(), user_id=user_id, created=self.clock.now())
        with self.lock:
            self.triggers[trigger.id] = trigger
        return trigger.id

    def new_response_url(
        self,
        *,
        base: str,
        kind: str,
        user_id: str,
        channel_id: str | None,
        source_ts: str | None = None,
    ) -> ResponseUrl:
        """Issue a response URL (``kind``: ``commands`` or ``actions``) served by this simulator."""
        token = self.ids.secret(18)
        rec = ResponseUrl(
            token=token,
            url=f"{base}hooks/{kind}/{self.team_id}/{self.ids.prefixed('', 12)}/{token}",
            user_id=user_id,
            channel_id=channel_id,
            created=self.clock.now(),
            kind=kind,
            source_ts=source_ts,
        )
        with self.lock:
            self.response_urls[token] = rec
        return rec
