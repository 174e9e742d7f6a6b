"""Pure Block Kit builders for notes: the "Log as note" modal and the record picker's options.

Limits (https://docs.slack.dev/reference/block-kit): option text and group labels ≤ 75
characters, option values ≤ 150, at most 100 options per answer, plain-text input values ≤ 3000,
``private_metadata`` ≤ 3000.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from slack_sdk.models.blocks import (
    CheckboxesElement,
    ContextBlock,
    ExternalDataMultiSelectElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextInputElement,
    PlainTextObject,
)
from slack_sdk.models.views import View

from bot.salesforce.notes import MAX_RECORDS, TITLE_LIMIT
from bot.salesforce.picker import MAX_RESULTS, Found
from bot.slack import ids, messages
from bot.slack.blocks import truncate

INPUT_LIMIT = 3000
METADATA_LIMIT = 3000
OPTION_TEXT_LIMIT = 75
MIN_QUERY_LENGTH = 2


@dataclass(frozen=True)
class NoteSource:
    """Where the note came from, kept in the modal's ``private_metadata``."""

    channel_id: str | None = None
    message_ts: str | None = None
    response_url: str | None = None
    permalink: str | None = None

    def dump(self) -> str:
        """JSON for ``private_metadata``; a response URL that would overflow it is dropped."""
        text = json.dumps(asdict(self), separators=(",", ":"))
        if len(text) > METADATA_LIMIT:
            text = json.dumps({**asdict(self), "response_url": None}, separators=(",", ":"))
        return text[:METADATA_LIMIT]

    @classmethod
    def load(cls, text: str | None) -> NoteSource:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**{k: (str(v) if v is not None else None) for k, v in known.items()})


def note_modal(*, title: str, body: str, source: NoteSource, body_cut: bool = False) -> View:
    """The "Log as note" modal, pre-filled from a message.

    Args:
        title: The first line of the message (editable).
        body: The message as editable text (mentions by name, links as ``<url|label>``).
        source: Channel, message, response URL and permalink of the message.
        body_cut: The body was longer than an input holds (a context line says so).
    """
    blocks: list[Any] = [
        InputBlock(
            block_id=ids.NOTE_TITLE_BLOCK,
            label=messages.NOTE_TITLE_LABEL,
            element=PlainTextInputElement(
                action_id=ids.NOTE_TITLE_ACTION,
                initial_value=truncate(title, limit=TITLE_LIMIT) or None,
                max_length=TITLE_LIMIT,
            ),
        ),
        InputBlock(
            block_id=ids.NOTE_BODY_BLOCK,
            label=messages.NOTE_BODY_LABEL,
            optional=True,
            element=PlainTextInputElement(
                action_id=ids.NOTE_BODY_ACTION,
                multiline=True,
                initial_value=body[:INPUT_LIMIT] or None,
                max_length=INPUT_LIMIT,
            ),
        ),
    ]
    if body_cut:
        blocks.append(
            ContextBlock(
                block_id=ids.NOTE_INFO_BLOCK,
                elements=[MarkdownTextObject(text=messages.NOTE_BODY_CUT)],
            )
        )
    if source.permalink:
        option = Option(value="include", text=messages.NOTE_LINK_LABEL)
        blocks.append(
            InputBlock(
                block_id=ids.NOTE_LINK_BLOCK,
                label=" ",
                optional=True,
                element=CheckboxesElement(
                    action_id=ids.NOTE_LINK_ACTION, options=[option], initial_options=[option]
                ),
            )
        )
    blocks.append(
        InputBlock(
            block_id=ids.NOTE_RECORDS_BLOCK,
            label=messages.NOTE_RECORDS_LABEL,
            hint=messages.NOTE_RECORDS_HINT.format(limit=MAX_RECORDS),
            element=ExternalDataMultiSelectElement(
                action_id=ids.NOTE_RECORDS_ACTION,
                placeholder=messages.NOTE_RECORDS_PLACEHOLDER,
                min_query_length=MIN_QUERY_LENGTH,
                max_selected_items=MAX_RECORDS,
            ),
        )
    )
    return View(
        type="modal",
        callback_id=ids.NOTE_MODAL_CALLBACK,
        title=messages.NOTE_MODAL_TITLE,
        submit=messages.NOTE_MODAL_SUBMIT,
        close=messages.NOTE_MODAL_CLOSE,
        blocks=blocks,
        private_metadata=source.dump(),
    )


def message_modal(*, title: str, text: str) -> View:
    """A modal with one message and a Close button (a result, or what to do first)."""
    return View(
        type="modal",
        callback_id=ids.NOTE_MODAL_CALLBACK,
        title=truncate(title, limit=24),
        close="Close",
        blocks=[
            ContextBlock(
                block_id=ids.NOTE_INFO_BLOCK,
                elements=[MarkdownTextObject(text=truncate(text, limit=3000))],
            )
        ],
    )


def option_text(found: Found) -> str:
    return truncate(" ".join(found.name.split()) or found.record_id, limit=OPTION_TEXT_LIMIT)


def record_options(found: Sequence[Found]) -> dict[str, Any]:
    """The block_suggestion answer: records grouped by object (≤ 100 options in all).

    Option values are ``Object:id`` so a submission knows each record's object without a call.
    """
    grouped: dict[str, tuple[str, list[Option]]] = {}
    for item in list(found)[:MAX_RESULTS]:
        option = Option(value=f"{item.sobject}:{item.record_id}", text=option_text(item))
        grouped.setdefault(item.sobject, (item.label, []))[1].append(option)
    if not grouped:
        return {"options": []}
    groups = [
        OptionGroup(label=truncate(label, limit=OPTION_TEXT_LIMIT), options=options)
        for label, options in grouped.values()
    ]
    return {"option_groups": [group.to_dict() for group in groups]}


def picked_records(values: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """``(object, id, name)`` of the selected options of the record picker."""
    picked = []
    for option in values:
        sobject, _, record = str(option.get("value", "")).partition(":")
        text = option.get("text") or {}
        name = text.get("text", "") if isinstance(text, dict) else str(text)
        if sobject and record:
            picked.append((sobject, record, name))
    return picked


def plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text)
