"""Slack's shapes as the page needs them: users, messages, views, and chosen values."""

from __future__ import annotations

from typing import Any

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


def selection(entry: dict[str, Any]) -> Any:
    """The chosen value of a state entry or action (None for a button)."""
    if entry.get("type") == "button":
        return None
    for key in _FIELDS:
        if key in entry:
            return entry[key]
    return None


def text_field(data: dict[str, Any], key: str) -> str | None:
    """A non-empty string field, or None."""
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def unquote(error: Exception) -> str:
    """A KeyError's message without the quotes str() adds."""
    text = str(error)
    return text[1:-1] if isinstance(error, KeyError) and text.startswith(("'", '"')) else text


def label(user: Any) -> str:
    role = {
        "rep@demo.example": "rep",
        "readonly@demo.example": "read-only",
        "admin@demo.example": "admin",
    }.get(user.email or "")
    first = (user.real_name or user.name).split(" ")[0]
    return f"{first} ({role})" if role else user.real_name or user.name


def message_json(msg: dict) -> dict:
    keys = ("channel", "ts", "user", "text", "blocks", "attachments", "ephemeral_to", "source")
    out = {key: msg.get(key) for key in keys}
    out["bot_id"] = msg.get("bot_id")
    return out


def view_json(view: dict) -> dict:
    keys = ("id", "type", "title", "submit", "close", "blocks", "callback_id", "hash", "state")
    return {key: view.get(key) for key in keys}


def simulator_values(view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
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
            raise ValueError(f"values.{block_id}: expected an object")
        for action_id, entry in actions.items():
            if (block_id, action_id) not in known or not isinstance(entry, dict):
                continue  # a block the view no longer has (it was updated meanwhile)
            key = action_id if counts.get(action_id) == 1 else block_id
            out[key] = selection(entry)
    return out
