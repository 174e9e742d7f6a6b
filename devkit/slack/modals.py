"""Views as Slack stores them: normalised blocks, ``state.values``, and action payloads.

Shapes follow https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload and
the fixtures in ../shared/slack/payloads (view_submission.*, block_actions.*).
"""

from __future__ import annotations

import copy
import secrets
import string
from collections.abc import Iterator
from typing import Any

from .payloads import action_ts

# element type -> the key its value has in state.values and in block_actions
FIELD = {
    "plain_text_input": "value",
    "email_text_input": "value",
    "url_text_input": "value",
    "number_input": "value",
    "static_select": "selected_option",
    "external_select": "selected_option",
    "radio_buttons": "selected_option",
    "overflow": "selected_option",
    "multi_static_select": "selected_options",
    "multi_external_select": "selected_options",
    "checkboxes": "selected_options",
    "users_select": "selected_user",
    "multi_users_select": "selected_users",
    "conversations_select": "selected_conversation",
    "multi_conversations_select": "selected_conversations",
    "channels_select": "selected_channel",
    "multi_channels_select": "selected_channels",
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "datetimepicker": "selected_date_time",
    "rich_text_input": "rich_text_value",
    "file_input": "files",
}
_INITIAL = {"value": "initial_value", "rich_text_value": "initial_value", "files": None}
OPTION_FIELDS = ("selected_option", "selected_options")
_ALNUM = string.ascii_letters + string.digits + "+=/"


def _initial_key(field: str) -> str | None:
    return _INITIAL.get(field, field.replace("selected_", "initial_"))


def _rand_id() -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(5))


def _plain_emoji(node: Any) -> None:
    """Slack stores every ``plain_text`` object with ``emoji: true`` unless told otherwise."""
    if isinstance(node, dict):
        if node.get("type") == "plain_text" and "emoji" not in node:
            node["emoji"] = True
        for value in node.values():
            _plain_emoji(value)
    elif isinstance(node, list):
        for item in node:
            _plain_emoji(item)


def element_slots(blocks: list[dict]) -> Iterator[tuple[dict, dict]]:
    """Every ``(block, element)`` pair whose element has an action_id (inputs and actions)."""
    for block in blocks:
        kind = block.get("type")
        if kind == "input" and isinstance(block.get("element"), dict):
            yield block, block["element"]
        elif kind == "actions":
            for el in block.get("elements") or []:
                yield block, el
        elif kind == "section" and isinstance(block.get("accessory"), dict):
            if block["accessory"].get("type") != "image":
                yield block, block["accessory"]


def normalise_blocks(blocks: list[dict]) -> list[dict]:
    """A stored copy: Slack fills in missing ``block_id``/``action_id`` and plain_text ``emoji``."""
    out = copy.deepcopy(blocks)
    for block in out:
        block.setdefault("block_id", _rand_id())
        if block.get("type") == "input":
            block.setdefault("optional", False)
            block.setdefault("dispatch_action", False)
    for _, el in element_slots(out):
        el.setdefault("action_id", _rand_id())
    _plain_emoji(out)
    return out


def initial_values(blocks: list[dict], previous: dict | None = None) -> dict:
    """``state.values`` for stateful elements; kept from ``previous`` when ids and type match."""
    values: dict[str, dict] = {}
    for block, el in element_slots(blocks):
        kind = el.get("type")
        field = FIELD.get(kind)
        if field is None or kind == "overflow":
            continue
        bid, aid = block["block_id"], el["action_id"]
        old = (previous or {}).get(bid, {}).get(aid)
        if old is not None and old.get("type") == kind:
            values.setdefault(bid, {})[aid] = old
            continue
        init_key = _initial_key(field)
        default: Any = [] if field.endswith("s") and field != "selected_date_time" else None
        if field in ("value", "rich_text_value"):
            default = None
        value = copy.deepcopy(el.get(init_key, default)) if init_key else default
        if kind == "timepicker" and el.get("timezone"):
            values.setdefault(bid, {})[aid] = {
                "type": kind,
                field: value,
                "timezone": el["timezone"],
            }
        else:
            values.setdefault(bid, {})[aid] = {"type": kind, field: value}
    return values


def _options_of(el: dict) -> list[dict]:
    opts = list(el.get("options") or [])
    for group in el.get("option_groups") or []:
        opts += group.get("options") or []
    return opts


def to_option(el: dict, value: Any, suggested: list[dict]) -> dict:
    """The option object for a chosen ``value`` (an option dict passes through)."""
    if isinstance(value, dict):
        return value
    for opt in _options_of(el) + suggested:
        if opt.get("value") == value:
            return copy.deepcopy(opt)
    if el.get("type") in ("external_select", "multi_external_select"):
        return {"text": {"type": "plain_text", "text": str(value), "emoji": True}, "value": value}
    valid = [o.get("value") for o in _options_of(el)]
    raise ValueError(f"{value!r} is not an option of {el.get('action_id')!r}; options: {valid}")


def chosen(el: dict, value: Any, suggested: list[dict]) -> Any:
    """Convert what a test passes (``"3"``, ``["a", "b"]``, ``"2026-12-31"``) to Slack's value."""
    field = FIELD[el["type"]]
    if field == "selected_option":
        return None if value is None else to_option(el, value, suggested)
    if field == "selected_options":
        items = value if isinstance(value, list) else [value]
        return [to_option(el, v, suggested) for v in items]
    if field in ("selected_users", "selected_conversations", "selected_channels"):
        return list(value) if isinstance(value, list | tuple) else [value]
    if field == "selected_date_time":
        return int(value)
    return None if value is None else value if field == "files" else str(value)


def action_payload(block: dict, el: dict, value: Any, suggested: list[dict]) -> dict:
    """One entry of ``actions[]`` in a block_actions payload."""
    kind = el["type"]
    action: dict[str, Any] = {
        "type": kind,
        "action_id": el["action_id"],
        "block_id": block["block_id"],
    }
    if kind == "button":
        action["text"] = copy.deepcopy(el.get("text"))
        for key in ("value", "style", "url", "confirm"):
            if key in el:
                action[key] = copy.deepcopy(el[key])
    else:
        action[FIELD[kind]] = chosen(el, value, suggested)
        if "placeholder" in el:
            action["placeholder"] = copy.deepcopy(el["placeholder"])
    action["action_ts"] = action_ts()
    return action


def view_record(
    state: Any,
    view: dict,
    *,
    view_id: str,
    root_view_id: str,
    previous_view_id: str | None,
    view_hash: str,
    previous_values: dict | None = None,
) -> dict:
    """The view as Slack returns it from views.* and sends it in payloads."""
    blocks = normalise_blocks(view.get("blocks") or [])
    record = {
        "id": view_id,
        "team_id": state.team_id,
        "type": view.get("type"),
        "blocks": blocks,
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "state": {"values": initial_values(blocks, previous_values)},
        "hash": view_hash,
        "title": copy.deepcopy(view.get("title")),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "close": copy.deepcopy(view.get("close")),
        "submit": copy.deepcopy(view.get("submit")),
        "previous_view_id": previous_view_id,
        "root_view_id": root_view_id,
        "app_id": state.app_id,
        "external_id": view.get("external_id", ""),
        "app_installed_team_id": state.team_id,
        "bot_id": state.bot_id,
    }
    _plain_emoji([record["title"], record["close"], record["submit"]])
    if view.get("type") == "home" and record["title"] is None:
        del record["title"]
    return record
