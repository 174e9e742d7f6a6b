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
        action_id = _text(action, "action_id")
        block_id = _text(action, "block_id")
        value = _selection(action)
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
                raise PlaygroundError(_unquote(error)) from None
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
            raise PlaygroundError(_unquote(error)) from None
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
                result = self.sim.view_submission(self._keys(top, values or {}), user=user)
            except (LookupError, ValueError) as error:
                raise PlaygroundError(_unquote(error)) from None
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
        keyed = self._keys(view, values)
        if keyed:
            self.sim.set_values(keyed, user=user, view_id=view_id)

    @staticmethod
    def _keys(view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        """``state.values`` (block → action → entry) as the simulator's ``{key: value}``.

        The key is the action_id when it names one element of the view, else the block_id
        (apps often give every input the same action_id).
        """
        counts: dict[str, int] = {}
        known: set[tuple[str, str]] = set()
        for block in view.get("blocks") or []:
            elements = [block.get("element"), block.get("accessory"), *block.get("elements", [])]
            for element in elements:
                if isinstance(element, dict) and element.get("action_id"):
                    counts[element["action_id"]] = counts.get(element["action_id"], 0) + 1
                    known.add((block.get("block_id", ""), element["action_id"]))
        out: dict[str, Any] = {}
        for block_id, actions in values.items():
            if not isinstance(actions, dict):
                raise PlaygroundError(f"values.{block_id}: expected an object")
            for action_id, entry in actions.items():
                if (block_id, action_id) not in known or not isinstance(entry, dict):
                    continue  # a block the view no longer has (it was updated meanwhile)
                key = action_id if counts.get(action_id) == 1 else block_id
                out[key] = _selection(entry)
        return out

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


# The key an element's value has in state.values and block_actions, by element type.
_FIELDS = (
    "value",
    "selected_option",
    "selected_options",
    "selected_user",
    "selected_users",
    "selected_conversation",
    "selected_conversations",
    "selected_channel",
    "selected_channels",
    "selected_date",
    "selected_time",
)


def _selection(entry: dict[str, Any]) -> Any:
    """The chosen value of a state entry or action (None for a button)."""
    if entry.get("type") == "button":
        return None
    for key in _FIELDS:
        if key in entry:
            return entry[key]
    return None


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise PlaygroundError(f"action.{key}: missing")
    return value


def _unquote(error: Exception) -> str:
    """A KeyError's message without the quotes str() adds."""
    text = str(error)
    return text[1:-1] if isinstance(error, KeyError) and text.startswith(("'", '"')) else text


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
    keys = ("id", "type", "title", "submit", "close", "blocks", "callback_id", "hash", "state")
    return {key: view.get(key) for key in keys}
