"""Block Kit composition objects and elements, checked the way Slack's server checks them.

Messages follow the wording of real Slack errors (../shared/slack/web_api/errors.observed.json):
"must be less than N+1 characters", "no more than N items allowed", "must provide an object",
"missing required field: X", "invalid additional property: X", each with a ``[json-pointer:…]``.
"""

from __future__ import annotations

import re
from typing import Any

from . import limits as L

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_COMMON = {"type", "action_id", "confirm", "focus_on_load"}
_SELECT = _COMMON | {"placeholder"}


class Problems:
    """Collects error lines in Slack's order (a union's summary line before its details)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, ptr: str, msg: str) -> None:
        self.lines.append(f"{msg} [json-pointer:{ptr}]")

    def union(self, ptr: str, start: int) -> None:
        """Put Slack's summary line for a failed union before the lines added since ``start``."""
        if len(self.lines) > start:
            self.lines.insert(start, f"failed to match all allowed schemas [json-pointer:{ptr}]")

    def length(self, ptr: str, value: Any, maximum: int) -> None:
        if isinstance(value, str) and len(value) > maximum:
            self.add(ptr, f"must be less than {maximum + 1} characters")

    def items(self, ptr: str, value: Any, maximum: int) -> None:
        if isinstance(value, list) and len(value) > maximum:
            self.add(ptr, f"no more than {maximum} items allowed")

    def keys(self, ptr: str, obj: dict, allowed: set[str], required: tuple[str, ...] = ()) -> None:
        for key in required:
            if key not in obj:
                self.add(ptr, f"missing required field: {key}")
        for key in obj:
            if key not in allowed:
                self.add(ptr, f"invalid additional property: {key}")

    def required(self, ptr: str, obj: dict, *names: str) -> None:
        for key in names:
            if key not in obj:
                self.add(ptr, f"missing required field: {key}")

    def is_object(self, ptr: str, value: Any) -> bool:
        if not isinstance(value, dict):
            self.add(ptr, "must provide an object")
            return False
        return True


def text_object(
    p: Problems,
    ptr: str,
    obj: Any,
    maximum: int,
    *,
    plain_only: bool = False,
) -> None:
    """A ``plain_text`` or ``mrkdwn`` object; mixed positions are unions in Slack's schema."""
    start = len(p.lines)
    if not p.is_object(ptr, obj):
        return
    kind = obj.get("type")
    if kind == "plain_text":
        p.keys(ptr, obj, {"type", "text", "emoji"}, ("text",))
    elif kind == "mrkdwn" and not plain_only:
        p.keys(ptr, obj, {"type", "text", "verbatim"}, ("text",))
    elif kind is None:
        p.add(ptr, "missing required field: type")
    else:
        p.add(ptr + "/type", "must be one of [plain_text]" if plain_only else "invalid text type")
    text = obj.get("text")
    if text is not None and not isinstance(text, str):
        p.add(ptr + "/text", "must be a string")
    elif isinstance(text, str) and not text:
        p.add(ptr + "/text", "must be more than 0 characters")
    p.length(ptr + "/text", text, maximum)
    if not plain_only:
        p.union(ptr, start)


def option(p: Problems, ptr: str, obj: Any, *, plain_only: bool = True) -> None:
    if not p.is_object(ptr, obj):
        return
    p.keys(ptr, obj, {"text", "value", "description", "url"}, ("text", "value"))
    if "text" in obj:
        text_object(p, ptr + "/text", obj["text"], L.OPTION_TEXT_MAX, plain_only=plain_only)
    if "description" in obj:
        text_object(p, ptr + "/description", obj["description"], L.OPTION_DESCRIPTION_MAX)
    p.length(ptr + "/value", obj.get("value"), L.OPTION_VALUE_MAX)


def _options(p: Problems, ptr: str, items: Any, maximum: int, *, plain_only=True) -> None:
    if not isinstance(items, list):
        p.add(ptr, "must provide an array")
        return
    p.items(ptr, items, maximum)
    for i, opt in enumerate(items):
        option(p, f"{ptr}/{i}", opt, plain_only=plain_only)


def confirm(p: Problems, ptr: str, obj: Any) -> None:
    if not p.is_object(ptr, obj):
        return
    p.keys(
        ptr,
        obj,
        {"title", "text", "confirm", "deny", "style"},
        ("title", "text", "confirm", "deny"),
    )
    for key, maximum, plain in (
        ("title", L.CONFIRM_TITLE_MAX, True),
        ("text", L.CONFIRM_TEXT_MAX, False),
        ("confirm", L.CONFIRM_CONFIRM_MAX, True),
        ("deny", L.CONFIRM_DENY_MAX, True),
    ):
        if key in obj:
            text_object(p, f"{ptr}/{key}", obj[key], maximum, plain_only=plain)


def _select_options(p: Problems, ptr: str, el: dict, *, multi: bool) -> None:
    has_opts, has_groups = "options" in el, "option_groups" in el
    if has_opts and has_groups:
        p.add(ptr, "options and option_groups cannot both be specified")
    elif not has_opts and not has_groups:
        p.add(ptr, "missing required field: options")
    if has_opts:
        _options(p, ptr + "/options", el["options"], L.STATIC_SELECT_OPTIONS_MAX)
    if has_groups and isinstance(el["option_groups"], list):
        p.items(ptr + "/option_groups", el["option_groups"], L.STATIC_SELECT_OPTION_GROUPS_MAX)
        for i, group in enumerate(el["option_groups"]):
            gptr = f"{ptr}/option_groups/{i}"
            if p.is_object(gptr, group):
                p.keys(gptr, group, {"label", "options"}, ("label", "options"))
                if "label" in group:
                    text_object(
                        p,
                        gptr + "/label",
                        group["label"],
                        L.OPTION_GROUP_LABEL_MAX,
                        plain_only=True,
                    )
                _options(p, gptr + "/options", group.get("options", []), L.OPTION_GROUP_OPTIONS_MAX)


# element type -> extra allowed keys (beyond _COMMON)
_ELEMENT_KEYS: dict[str, set[str]] = {
    "button": {"text", "value", "url", "style", "accessibility_label"},
    "static_select": {"placeholder", "options", "option_groups", "initial_option"},
    "multi_static_select": {
        "placeholder",
        "options",
        "option_groups",
        "initial_options",
        "max_selected_items",
    },
    "external_select": {"placeholder", "initial_option", "min_query_length"},
    "multi_external_select": {
        "placeholder",
        "initial_options",
        "min_query_length",
        "max_selected_items",
    },
    "users_select": {"placeholder", "initial_user"},
    "multi_users_select": {"placeholder", "initial_users", "max_selected_items"},
    "conversations_select": {
        "placeholder",
        "initial_conversation",
        "default_to_current_conversation",
        "response_url_enabled",
        "filter",
    },
    "multi_conversations_select": {
        "placeholder",
        "initial_conversations",
        "default_to_current_conversation",
        "max_selected_items",
        "filter",
    },
    "channels_select": {"placeholder", "initial_channel", "response_url_enabled"},
    "multi_channels_select": {"placeholder", "initial_channels", "max_selected_items"},
    "overflow": {"options"},
    "datepicker": {"placeholder", "initial_date"},
    "timepicker": {"placeholder", "initial_time", "timezone"},
    "datetimepicker": {"initial_date_time"},
    "plain_text_input": {
        "placeholder",
        "initial_value",
        "multiline",
        "min_length",
        "max_length",
        "dispatch_action_config",
    },
    "email_text_input": {"placeholder", "initial_value", "dispatch_action_config"},
    "url_text_input": {"placeholder", "initial_value", "dispatch_action_config"},
    "number_input": {
        "placeholder",
        "initial_value",
        "is_decimal_allowed",
        "min_value",
        "max_value",
        "dispatch_action_config",
    },
    "checkboxes": {"options", "initial_options"},
    "radio_buttons": {"options", "initial_option"},
    "rich_text_input": {"placeholder", "initial_value", "dispatch_action_config"},
    "file_input": {"filetypes", "max_files"},
    "image": {"image_url", "alt_text", "slack_file"},
}
INPUT_ELEMENTS = set(_ELEMENT_KEYS) - {"button", "overflow", "image"}
ACTION_ELEMENTS = set(_ELEMENT_KEYS) - {"image", "rich_text_input", "file_input"}


def element(p: Problems, ptr: str, el: Any, *, allowed_types: set[str]) -> None:
    """An interactive element (or image element) at ``ptr``."""
    if not p.is_object(ptr, el):
        return
    kind = el.get("type")
    if kind not in allowed_types:
        p.add(ptr + "/type", f"unsupported element type: {kind}")
        return
    if kind == "image":
        p.keys(ptr, el, {"type", "image_url", "alt_text", "slack_file"}, ("alt_text",))
        p.length(ptr + "/image_url", el.get("image_url"), L.IMAGE_URL_MAX)
        p.length(ptr + "/alt_text", el.get("alt_text"), L.IMAGE_ALT_TEXT_MAX)
        return
    p.keys(ptr, el, _COMMON | _ELEMENT_KEYS[kind], ("text",) if kind == "button" else ())
    p.length(ptr + "/action_id", el.get("action_id"), L.ACTION_ID_MAX)
    for key in ("initial_option", "confirm", "placeholder", "filter", "dispatch_action_config"):
        if key in el and el[key] is None:
            p.add(f"{ptr}/{key}", "must provide an object")
    if isinstance(el.get("confirm"), dict):
        confirm(p, ptr + "/confirm", el["confirm"])
    if isinstance(el.get("placeholder"), dict):
        text_object(p, ptr + "/placeholder", el["placeholder"], L.PLACEHOLDER_MAX, plain_only=True)
    if isinstance(el.get("initial_option"), dict):
        option(p, ptr + "/initial_option", el["initial_option"], plain_only=kind != "radio_buttons")
    if kind == "button":
        if "text" in el:
            text_object(p, ptr + "/text", el["text"], L.BUTTON_TEXT_MAX, plain_only=True)
        p.length(ptr + "/value", el.get("value"), L.BUTTON_VALUE_MAX)
        p.length(ptr + "/url", el.get("url"), L.BUTTON_URL_MAX)
        if el.get("style") not in (None, "primary", "danger"):
            p.add(ptr + "/style", "must be one of [primary, danger]")
    elif kind in ("static_select", "multi_static_select"):
        _select_options(p, ptr, el, multi=kind.startswith("multi"))
    elif kind == "overflow":
        opts = el.get("options")
        if isinstance(opts, list) and len(opts) < L.OVERFLOW_OPTIONS_MIN:
            p.add(ptr + "/options", f"must provide at least {L.OVERFLOW_OPTIONS_MIN} items")
        _options(p, ptr + "/options", opts if opts is not None else [], L.OVERFLOW_OPTIONS_MAX)
    elif kind in ("checkboxes", "radio_buttons"):
        cap = L.CHECKBOXES_OPTIONS_MAX if kind == "checkboxes" else L.RADIO_OPTIONS_MAX
        if "options" not in el:
            p.add(ptr, "missing required field: options")
        else:
            _options(p, ptr + "/options", el["options"], cap, plain_only=False)
    elif kind == "datepicker" and "initial_date" in el:
        if not (isinstance(el["initial_date"], str) and _DATE.match(el["initial_date"])):
            p.add(ptr + "/initial_date", "must match YYYY-MM-DD")
    elif kind == "timepicker" and "initial_time" in el:
        if not (isinstance(el["initial_time"], str) and _TIME.match(el["initial_time"])):
            p.add(ptr + "/initial_time", "must match HH:mm")
    elif kind == "plain_text_input":
        for key in ("max_length", "min_length"):
            value = el.get(key)
            if isinstance(value, int) and value > L.PLAIN_TEXT_INPUT_MAX_LENGTH:
                p.add(f"{ptr}/{key}", f"must be less than {L.PLAIN_TEXT_INPUT_MAX_LENGTH + 1}")
    elif kind == "number_input" and "is_decimal_allowed" not in el:
        p.add(ptr, "missing required field: is_decimal_allowed")
