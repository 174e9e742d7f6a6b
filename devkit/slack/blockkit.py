"""Server-side validation of message blocks and views (what Slack answers to a bad payload).

``message_errors`` produces the ``invalid_blocks`` lines of chat.*, ``view_errors`` the
``invalid_arguments`` lines of views.*; formats: ../shared/slack/web_api/errors.observed.json.
"""

from __future__ import annotations

import json
from typing import Any

from . import limits as L
from .blockkit_elements import ACTION_ELEMENTS, INPUT_ELEMENTS, Problems, element, text_object

_BLOCK_KEYS: dict[str, set[str]] = {
    "section": {"text", "fields", "accessory", "expand"},
    "divider": set(),
    "header": {"text"},
    "context": {"elements"},
    "actions": {"elements"},
    "input": {"label", "element", "hint", "optional", "dispatch_action"},
    "image": {"image_url", "alt_text", "title", "slack_file"},
    "rich_text": {"elements"},
    "markdown": {"text"},
    "video": {
        "alt_text",
        "author_name",
        "description",
        "provider_icon_url",
        "provider_name",
        "title",
        "title_url",
        "thumbnail_url",
        "video_url",
    },
    "file": {"external_id", "source"},
    "table": {"rows", "column_settings"},
}
_ACCESSORY = ACTION_ELEMENTS | {"image"}


def _block(p: Problems, ptr: str, block: Any, seen_ids: set[str], *, surface: str) -> None:
    if not p.is_object(ptr, block):
        return
    kind = block.get("type")
    if kind not in _BLOCK_KEYS:
        p.add(
            ptr, "failed to match all allowed schemas" if kind else "missing required field: type"
        )
        return
    p.keys(ptr, block, {"type", "block_id"} | _BLOCK_KEYS[kind])
    block_id = block.get("block_id")
    p.length(ptr + "/block_id", block_id, L.BLOCK_ID_MAX)
    if isinstance(block_id, str):
        if block_id in seen_ids:
            p.add(ptr + "/block_id", f"duplicate block_id: {block_id}")
        seen_ids.add(block_id)
    if kind == "section":
        if "text" not in block and "fields" not in block:
            p.add(ptr, "missing required field: text")
        if "text" in block:
            text_object(p, ptr + "/text", block["text"], L.SECTION_TEXT_MAX)
        fields = block.get("fields")
        if fields is not None:
            p.items(ptr + "/fields", fields, L.SECTION_FIELDS_MAX)
            for i, fld in enumerate(fields if isinstance(fields, list) else []):
                text_object(p, f"{ptr}/fields/{i}", fld, L.SECTION_FIELD_TEXT_MAX)
        if "accessory" in block:
            element(p, ptr + "/accessory", block["accessory"], allowed_types=_ACCESSORY)
    elif kind == "header":
        p.required(ptr, block, "text")
        if "text" in block:
            text_object(p, ptr + "/text", block["text"], L.HEADER_TEXT_MAX, plain_only=True)
    elif kind == "context":
        elements = block.get("elements")
        if elements is None:
            p.add(ptr, "missing required field: elements")
        p.items(ptr + "/elements", elements, L.CONTEXT_ELEMENTS_MAX)
        for i, el in enumerate(elements if isinstance(elements, list) else []):
            eptr = f"{ptr}/elements/{i}"
            if isinstance(el, dict) and el.get("type") == "image":
                element(p, eptr, el, allowed_types={"image"})
            else:
                text_object(p, eptr, el, L.SECTION_TEXT_MAX)
    elif kind == "actions":
        elements = block.get("elements")
        if elements is None:
            p.add(ptr, "missing required field: elements")
        p.items(ptr + "/elements", elements, L.ACTIONS_ELEMENTS_MAX)
        for i, el in enumerate(elements if isinstance(elements, list) else []):
            element(p, f"{ptr}/elements/{i}", el, allowed_types=ACTION_ELEMENTS)
    elif kind == "input":
        p.required(ptr, block, "label", "element")
        if "label" in block:
            text_object(p, ptr + "/label", block["label"], L.INPUT_LABEL_MAX, plain_only=True)
        if "hint" in block:
            text_object(p, ptr + "/hint", block["hint"], L.INPUT_HINT_MAX, plain_only=True)
        if "element" in block:
            element(p, ptr + "/element", block["element"], allowed_types=INPUT_ELEMENTS)
    elif kind == "image":
        if "image_url" not in block and "slack_file" not in block:
            p.add(ptr, "missing required field: image_url")
        p.required(ptr, block, "alt_text")
        p.length(ptr + "/image_url", block.get("image_url"), L.IMAGE_URL_MAX)
        p.length(ptr + "/alt_text", block.get("alt_text"), L.IMAGE_ALT_TEXT_MAX)
        if "title" in block:
            text_object(p, ptr + "/title", block["title"], L.IMAGE_TITLE_MAX, plain_only=True)
    elif kind == "markdown":
        p.required(ptr, block, "text")
        p.length(ptr + "/text", block.get("text"), L.MARKDOWN_BLOCK_MAX)


def _blocks(p: Problems, ptr: str, blocks: Any, maximum: int, *, surface: str) -> None:
    if not isinstance(blocks, list):
        p.add(ptr, "must provide an array")
        return
    p.items(ptr, blocks, maximum)
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        _block(p, f"{ptr}/{i}", block, seen, surface=surface)


def message_errors(blocks: Any) -> list[str]:
    """Problems in a message's ``blocks`` (chat.*, response_url); empty when valid."""
    p = Problems()
    _blocks(p, "/blocks", blocks, L.MESSAGE_BLOCKS_MAX, surface="message")
    return p.lines


def view_errors(view: Any) -> list[str]:
    """Problems in a ``view`` (views.*); empty when valid. Size is checked by ``view_too_large``."""
    p = Problems()
    ptr = "/view"
    if not p.is_object(ptr, view):
        return p.lines
    kind = view.get("type")
    common = {
        "type",
        "blocks",
        "private_metadata",
        "callback_id",
        "external_id",
        "clear_on_close",
        "notify_on_close",
        "submit_disabled",
    }
    if kind == "modal":
        p.keys(ptr, view, common | {"title", "close", "submit"}, ("title", "blocks"))
        for key, maximum in (
            ("title", L.MODAL_TITLE_MAX),
            ("close", L.MODAL_CLOSE_MAX),
            ("submit", L.MODAL_SUBMIT_MAX),
        ):
            if key in view:
                text_object(p, f"{ptr}/{key}", view[key], maximum, plain_only=True)
    elif kind == "home":
        p.keys(ptr, view, common | {"title"}, ("blocks",))
    elif kind is None:
        p.add(ptr, "missing required field: type")
    else:
        p.add(ptr + "/type", "must be one of [modal, home]")
    p.length(ptr + "/private_metadata", view.get("private_metadata"), L.PRIVATE_METADATA_MAX)
    p.length(ptr + "/callback_id", view.get("callback_id"), L.CALLBACK_ID_MAX)
    p.length(ptr + "/external_id", view.get("external_id"), L.CALLBACK_ID_MAX)
    blocks = view.get("blocks")
    if isinstance(blocks, list) and len(blocks) < L.VIEW_BLOCKS_MIN:
        p.add(ptr + "/blocks", f"must provide at least {L.VIEW_BLOCKS_MIN} items")
    if blocks is not None:
        _blocks(p, ptr + "/blocks", blocks, L.VIEW_BLOCKS_MAX, surface=kind or "modal")
    if kind == "modal" and not view.get("submit") and isinstance(blocks, list):
        for i, block in enumerate(blocks):
            if isinstance(block, dict) and block.get("type") == "input":
                p.add(
                    f"{ptr}/blocks/{i}/input",
                    "must define `submit` to use an `input` block in modals",
                )
                break
    # A view is a union of view schemas; Slack leads with the summary line.
    p.union(ptr, 0)
    return p.lines


def view_too_large(view: Any) -> bool:
    return len(json.dumps(view, separators=(",", ":")).encode()) > L.VIEW_MAX_BYTES


def invalid_blocks_body(lines: list[str]) -> dict:
    """The extra keys of chat.*'s ``invalid_blocks`` answer."""
    return {"errors": lines, "response_metadata": {"messages": [f"[ERROR] {x}" for x in lines]}}


def invalid_arguments_body(lines: list[str]) -> dict:
    """The extra keys of views.*'s ``invalid_arguments`` answer."""
    return {"response_metadata": {"messages": [f"[ERROR] {x}" for x in lines]}}
