"""What the playground page can do, expressed through devkit/slack and devkit/salesforce.

The page acts as one of the simulated Slack users; every click becomes the request Slack itself
would send (signed, over HTTP) through the simulator. Nothing here talks to the bot directly.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from devkit.playground.records import RecordTracker

# Long polls return after this long even when nothing changed, so proxies and tabs stay happy.
LONG_POLL_SECONDS = 20.0


class PlaygroundError(Exception):
    """A request from the page that cannot be carried out; the message is shown to the visitor."""


@dataclass(frozen=True)
class Shortcut:
    """A shortcut from the app's manifest."""

    name: str
    callback_id: str
    type: str


@dataclass
class Playground:
    """The simulator and the emulator seen from the page.

    Args:
        sim: A started ``devkit.slack.SlackSimulator`` whose ``app_url`` is the bot.
        shortcuts: The app's shortcuts (from its manifest).
        records: Which demo-org records the last action touched (``None``: no org).
    """

    sim: Any
    shortcuts: list[Shortcut] = field(default_factory=list)
    records: RecordTracker | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # -- what the page shows ---------------------------------------------------------------
    def config(self) -> dict[str, Any]:
        state = self.sim.state
        users = [
            {
                "id": user.id,
                "name": user.name,
                "real_name": user.real_name or user.name,
                "email": user.email,
                "salesforce_username": user.email,
                "label": _label(user),
            }
            for user in state.users.values()
            if not user.is_bot and not user.deleted and user.id != state.bot_user_id
        ]
        channels = [
            {
                "id": c.id,
                "name": c.name,
                "is_private": c.is_private,
                "topic": c.topic,
                "is_im": False,
            }
            for c in state.channels.values()
            if not c.is_im and c.bot_member
        ]
        return {
            "ok": True,
            "team_name": state.team_name,
            "bot_user_id": state.bot_user_id,
            "users": users,
            "channels": channels,
            "salesforce": self.records is not None,
            "default_user": self.sim.default_user,
            "default_channel": self.sim.default_channel,
            "shortcuts": [
                {"name": s.name, "callback_id": s.callback_id}
                for s in self.shortcuts
                if s.type == "message"
            ],
        }

    def state(self, *, user: str, channel: str, since: int) -> dict[str, Any]:
        """The user's view of the workspace; waits for a change past ``since`` first."""
        self._check_user(user)
        sim_state = self.sim.state
        with sim_state.changed:
            if since:
                sim_state.changed.wait_for(lambda: len(sim_state.feed) > since, LONG_POLL_SECONDS)
            seq = len(sim_state.feed)
            messages = [
                _message(m)
                for m in self.sim.messages(channel, visible_to=user)
                if not m["thread_ts"]
            ]
            stack = [
                sim_state.views[v] for v in sim_state.stacks.get(user, []) if v in sim_state.views
            ]
            home_id = sim_state.home.get(user)
            home = sim_state.views.get(home_id) if home_id else None
        return {
            "ok": True,
            "seq": seq,
            "user": user,
            "channel": channel,
            "messages": messages,
            "views": [_view(v) for v in stack],
            "home": _view(home) if home else None,
            "records": self.records.last() if self.records else [],
        }

    # -- what the visitor does -------------------------------------------------------------
    def slash(self, *, user: str, channel: str, command: str, text: str) -> dict[str, Any]:
        self._check_user(user)
        self._check_channel(channel)
        if not re.fullmatch(r"/[a-z0-9_-]{1,31}", command):
            raise PlaygroundError(f"{command} is not a slash command (try /sf help)")
        with self._action():
            result = self.sim.slash(text, user=user, channel=channel, command=command)
        return {"ok": True, "status": result.status, "applied": result.applied}

    def message(self, *, user: str, channel: str, text: str) -> dict[str, Any]:
        self._check_user(user)
        self._check_channel(channel)
        if not text.strip():
            raise PlaygroundError("Type a message first.")
        # The composer sends what a person typed; Slack's client escapes it the same way.
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        msg = self.sim.post_user_message(escaped, user=user, channel=channel)
        return {"ok": True, "ts": msg["ts"]}

    def shortcut(self, *, user: str, channel: str, message_ts: str, callback_id: str) -> dict:
        self._check_user(user)
        self._check_channel(channel)
        if callback_id not in {s.callback_id for s in self.shortcuts}:
            raise PlaygroundError(f"The app has no shortcut {callback_id!r}.")
        with self._action():
            result = self.sim.message_shortcut(
                callback_id, message_ts=message_ts, user=user, channel=channel
            )
        return {"ok": True, "status": result.status}

    def home(self, *, user: str) -> dict[str, Any]:
        self._check_user(user)
        result = self.sim.app_home_opened(user=user)
        return {"ok": True, "status": result.status}

    # -- helpers ---------------------------------------------------------------------------
    def _action(self) -> Any:
        """Mark where a visitor's action starts, so the side panel shows what it touched."""
        return self.records.action() if self.records else _NoAction()

    def _check_user(self, user: str) -> None:
        if user not in self.sim.state.users:
            raise PlaygroundError(f"Unknown user {user!r}; pick one in the switcher.")

    def _check_channel(self, channel: str) -> None:
        if channel not in self.sim.state.channels:
            raise PlaygroundError(f"Unknown channel {channel!r}.")


class _NoAction:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _label(user: Any) -> str:
    role = {
        "rep@demo.example": "rep",
        "readonly@demo.example": "read-only",
        "admin@demo.example": "admin",
    }.get(user.email or "")
    first = (user.real_name or user.name).split(" ")[0]
    return f"{first} ({role})" if role else user.real_name or user.name


def _message(msg: dict) -> dict:
    keys = ("channel", "ts", "user", "text", "blocks", "attachments", "ephemeral_to", "source")
    out = {key: msg.get(key) for key in keys}
    out["bot_id"] = msg.get("bot_id")
    return out


def _view(view: dict) -> dict:
    keys = ("id", "type", "title", "submit", "close", "blocks", "callback_id", "hash")
    return {key: view.get(key) for key in keys}
