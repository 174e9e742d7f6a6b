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
from devkit.playground.shapes import (
    label,
    message_json,
    selection,
    simulator_values,
    text_field,
    unquote,
    view_json,
)

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
                "label": label(user),
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
                message_json(m)
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
            "views": [view_json(v) for v in stack],
            "home": view_json(home) if home else None,
            "records": self.records.last() if self.records else [],
            "records_acted": bool(self.records and self.records.acted),
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

    def action(
        self,
        *,
        user: str,
        action: dict[str, Any],
        channel: str | None = None,
        message_ts: str | None = None,
        view_id: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A click or a pick in a message (``channel`` + ``message_ts``) or a view."""
        self._check_user(user)
        action_id = text_field(action, "action_id")
        block_id = text_field(action, "block_id")
        if action_id is None or block_id is None:
            raise PlaygroundError("action: needs action_id and block_id")
        value = selection(action)
        if view_id is None and (channel is None or message_ts is None):
            raise PlaygroundError("Say where the click happened: a message or a view.")
        with self._action():
            try:
                if view_id is not None:
                    self._type_into(user, view_id, values or {})
                    result = self.sim.block_action(
                        action_id, value=value, user=user, block_id=block_id, view_id=view_id
                    )
                else:
                    self._check_channel(channel or "")
                    result = self.sim.block_action(
                        action_id,
                        value=value,
                        user=user,
                        block_id=block_id,
                        channel=channel,
                        message_ts=message_ts,
                    )
            except (LookupError, ValueError) as error:
                raise PlaygroundError(unquote(error)) from None
        return {"ok": True, "status": result.status}

    def suggest(
        self,
        *,
        user: str,
        action_id: str,
        block_id: str,
        value: str,
        view_id: str | None = None,
        channel: str | None = None,
        message_ts: str | None = None,
    ) -> dict[str, Any]:
        """Typeahead: the app's options for what was typed (``block_suggestion``)."""
        self._check_user(user)
        if view_id is None:
            raise PlaygroundError("Typeahead menus in messages are not simulated; use a modal.")
        try:
            result = self.sim.block_suggestion(
                action_id, value, user=user, block_id=block_id, view_id=view_id
            )
        except (LookupError, ValueError) as error:
            raise PlaygroundError(unquote(error)) from None
        if result is None:  # shorter than min_query_length: Slack sends nothing
            return {"ok": True, "options": []}
        if result.errors:
            problems = "; ".join(f"{k}: {v}" for k, v in result.errors.items())
            raise PlaygroundError(f"The app's options were refused by Slack ({problems}).")
        body = result.body if isinstance(result.body, dict) else {}
        answer: dict[str, Any] = {"ok": True}
        for key in ("options", "option_groups"):
            if key in body:
                answer[key] = body[key]
        return answer

    def submit(self, *, user: str, view_id: str, values: dict[str, Any] | None = None) -> dict:
        """Press the modal's submit button; the answer carries errors to show under inputs."""
        self._check_user(user)
        top = self.sim.top_view(user)
        if top is None or top["id"] != view_id:
            raise PlaygroundError("That modal is no longer open; it was closed or replaced.")
        with self._action():
            try:
                result = self.sim.view_submission(simulator_values(top, values or {}), user=user)
            except (LookupError, ValueError) as error:
                raise PlaygroundError(unquote(error)) from None
        if result.applied in ("client", "errors"):
            return {"ok": True, "response_action": "errors", "errors": dict(result.errors)}
        if result.applied == "dispatch_failed":
            raise PlaygroundError(
                "We had some trouble connecting. The app did not answer within 3 seconds."
            )
        if result.applied in ("invalid", "push_limit_reached"):
            problems = "; ".join(f"{k}: {v}" for k, v in (result.errors or {}).items())
            raise PlaygroundError(f"Slack refused the app's answer ({problems or result.applied}).")
        return {"ok": True, "response_action": result.applied}

    def close(self, *, user: str, view_id: str, all: bool = False) -> dict[str, Any]:  # noqa: A002
        """Cancel (the top view) or the X (``all``: the whole stack), as in Slack."""
        self._check_user(user)
        top = self.sim.top_view(user)
        if top is None or top["id"] != view_id:
            return {"ok": True}  # already gone
        with self._action():
            self.sim.view_closed(user=user, is_cleared=all)
        return {"ok": True}

    # -- helpers ---------------------------------------------------------------------------
    def _type_into(self, user: str, view_id: str, values: dict[str, Any]) -> None:
        """Put what the visitor typed into the view, so payloads carry it in ``view.state``."""
        view = next((v for v in self.sim.open_views(user) if v["id"] == view_id), None)
        if view is None:
            home = self.sim.home_view(user)
            view = home if home and home["id"] == view_id else None
        if view is None:
            raise PlaygroundError("That view is no longer open.")
        keyed = simulator_values(view, values)
        if keyed:
            self.sim.set_values(keyed, user=user, view_id=view_id)

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
