"""Pure Block Kit builders for records: confirmations with Undo, problems, picks, show, find.

Every text that came from a user or from Salesforce arrives here already escaped (the callers
use `bot.escape`), except names passed as ``name``, which are escaped here. Nothing talks to
Slack or Salesforce, so each builder is tested on its own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.escape import escape_mrkdwn
from bot.salesforce.fields import FieldProblem
from bot.slack import ids, messages
from bot.slack.blocks import Reply, truncate

FIELD_TEXT_LIMIT = 2000  # a section field holds at most 2000 characters
BUTTON_VALUE_LIMIT = 2000
MAX_FIELDS = 10  # a section holds at most 10 fields
MAX_LIST = 20


@dataclass(frozen=True)
class RecordCard:
    """A record as replies show it: object label, name, link and key fields (all escaped)."""

    object_label: str
    name: str
    link: str | None = None
    fields: Sequence[tuple[str, str]] = ()


def record_title(card: RecordCard) -> str:
    """The record's name in bold, linked when there is a link (`<url|name>`)."""
    name = escape_mrkdwn(truncate(card.name or card.object_label, limit=200)).replace("|", "¦")
    return f"*<{card.link}|{name}>*" if card.link else f"*{name}*"


def field_blocks(fields: Sequence[tuple[str, str]]) -> list[Block]:
    """Key fields as section fields, two columns (at most 10)."""
    shown = [
        MarkdownTextObject(
            text=truncate(f"*{label}*\n{value or messages.SHOW_EMPTY}", limit=FIELD_TEXT_LIMIT)
        )
        for label, value in list(fields)[:MAX_FIELDS]
    ]
    return [SectionBlock(block_id=ids.RECORD_FIELDS_BLOCK, fields=shown)] if shown else []


def _open_button(link: str | None) -> list[ButtonElement]:
    if not link:
        return []
    return [ButtonElement(text=messages.OPEN_BUTTON, action_id=ids.OPEN_RECORD_ACTION, url=link)]


def confirmation(
    *, headline: str, card: RecordCard, intent_id: int | None, undo_minutes: int
) -> Reply:
    """A write that went through: what happened, key fields, Open and Undo.

    Args:
        headline: A template of `messages` with ``{object}`` and ``{name}``.
        card: The record.
        intent_id: The intent to undo (None: no Undo button).
        undo_minutes: How long Undo works.
    """
    text = headline.format(object=card.object_label.lower(), name=record_title(card))
    blocks: list[Block] = [
        SectionBlock(block_id=ids.RECORD_RESULT_BLOCK, text=MarkdownTextObject(text=text))
    ]
    blocks += field_blocks(card.fields)
    buttons = _open_button(card.link)
    if intent_id is not None:
        buttons.append(
            ButtonElement(
                text=messages.UNDO_BUTTON, action_id=ids.UNDO_ACTION, value=str(intent_id)
            )
        )
    if buttons:
        blocks.append(ActionsBlock(block_id=ids.RECORD_ACTIONS_BLOCK, elements=buttons))
    if intent_id is not None:
        note = messages.UNDO_NOTE.format(minutes=undo_minutes)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    fallback = headline.format(object=card.object_label.lower(), name=escape_mrkdwn(card.name))
    return Reply(text=fallback, blocks=blocks)


def outcome(*, headline: str, card: RecordCard) -> Reply:
    """A plain outcome line (undo done, cancelled…) with the record linked."""
    return confirmation(headline=headline, card=card, intent_id=None, undo_minutes=0)


def _problem_line(problem: FieldProblem) -> str:
    line = f"• {problem.message}"
    if problem.valid_values and "Valid values" not in problem.message:
        values = ", ".join(f"`{escape_mrkdwn(v)}`" for v in problem.valid_values[:12])
        more = (
            f" and {len(problem.valid_values) - 12} more" if len(problem.valid_values) > 12 else ""
        )
        line += " " + messages.PROBLEM_VALID.format(values=values + more)
    elif problem.example and problem.message.endswith("is required."):
        line += " " + messages.PROBLEM_EXAMPLE.format(example=f"`{escape_mrkdwn(problem.example)}`")
    return line


def problems(*, verb: str, object_label: str, found: Sequence[FieldProblem]) -> Reply:
    """Every problem of a write in one message: each field, what is wrong, what is valid."""
    template = messages.PROBLEMS_TITLE if len(found) > 1 else messages.PROBLEMS_TITLE_ONE
    title = template.format(verb=verb, object=object_label.lower())
    lines = [_problem_line(p) for p in found[:MAX_LIST]]
    text = truncate(title + "\n" + "\n".join(lines), limit=3000)
    block = SectionBlock(block_id=ids.RECORD_PROBLEMS_BLOCK, text=MarkdownTextObject(text=text))
    return Reply(text=text, blocks=[block])


def failure(
    *,
    verb: str,
    card: RecordCard,
    message: str,
    save_anyway_value: str | None = None,
    edit_value: str | None = None,
) -> Reply:
    """Salesforce refused a write: its reasons in plain words, and what the user can do next."""
    title = messages.WRITE_FAILED.format(
        verb=verb, object=card.object_label.lower(), name=record_title(card)
    )
    text = truncate(f"{title}\n{message}", limit=3000)
    blocks: list[Block] = [
        SectionBlock(block_id=ids.RECORD_PROBLEMS_BLOCK, text=MarkdownTextObject(text=text))
    ]
    buttons: list[ButtonElement] = []
    if save_anyway_value is not None:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=messages.DUPLICATE_OFFER)]))
        buttons.append(
            ButtonElement(
                text=messages.SAVE_ANYWAY_BUTTON,
                style="primary",
                action_id=ids.SAVE_ANYWAY_ACTION,
                value=save_anyway_value,
            )
        )
    if edit_value is not None:
        buttons.append(
            ButtonElement(
                text=messages.EDIT_BUTTON, action_id=ids.EDIT_RECORD_ACTION, value=edit_value
            )
        )
    buttons += _open_button(card.link if card.link and "/lightning/" in card.link else None)
    if buttons:
        blocks.append(ActionsBlock(block_id=ids.RECORD_ACTIONS_BLOCK, elements=buttons))
    return Reply(text=text, blocks=blocks)


@dataclass(frozen=True)
class Option:
    """One record to pick: shown name, escaped detail, and the button's value."""

    name: str
    detail: str
    value: str


def pick(*, prompt: str, options: Sequence[Option]) -> Reply:
    """ "Which one did you mean?": one section per record with a button that picks it."""
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=prompt))]
    for index, option in enumerate(options[:MAX_LIST]):
        name = escape_mrkdwn(truncate(option.name, limit=200))
        text = f"*{name}*" + (f"\n{option.detail}" if option.detail else "")
        blocks.append(
            SectionBlock(
                block_id=f"{ids.RECORD_CHOICE_BLOCK_PREFIX}{index}",
                text=MarkdownTextObject(text=truncate(text, limit=3000)),
                accessory=ButtonElement(
                    text="Pick", action_id=f"{ids.PICK_RECORD_ACTION}:{index}", value=option.value
                ),
            )
        )
    return Reply(text=prompt, blocks=blocks)


def delete_confirm(*, card: RecordCard, value: str, undo_minutes: int) -> Reply:
    """What will be deleted, with Delete and Cancel buttons."""
    text = messages.DELETE_CONFIRM.format(
        object=card.object_label.lower(), name=record_title(card), minutes=undo_minutes
    )
    blocks: list[Block] = [
        SectionBlock(block_id=ids.RECORD_RESULT_BLOCK, text=MarkdownTextObject(text=text))
    ]
    blocks += field_blocks(card.fields)
    blocks.append(
        ActionsBlock(
            block_id=ids.RECORD_ACTIONS_BLOCK,
            elements=[
                ButtonElement(
                    text=messages.DELETE_BUTTON,
                    style="danger",
                    action_id=ids.CONFIRM_DELETE_ACTION,
                    value=value,
                ),
                ButtonElement(text=messages.CANCEL_BUTTON, action_id=ids.CANCEL_ACTION, value="x"),
            ],
        )
    )
    return Reply(text=text, blocks=blocks)


def show(card: RecordCard, *, extra: Sequence[ButtonElement] = ()) -> Reply:
    """A record's key fields in a tidy block, with a link (and ``extra`` buttons)."""
    blocks: list[Block] = [
        SectionBlock(
            block_id=ids.RECORD_RESULT_BLOCK,
            text=MarkdownTextObject(text=f"{record_title(card)}\n{card.object_label}"),
        )
    ]
    blocks += field_blocks(card.fields)
    buttons = _open_button(card.link) + list(extra)
    if buttons:
        blocks.append(ActionsBlock(block_id=ids.RECORD_ACTIONS_BLOCK, elements=buttons))
    return Reply(text=f"{escape_mrkdwn(card.name)} ({card.object_label})", blocks=blocks)


def found(*, typed: str, cards: Sequence[RecordCard], more: bool) -> Reply:
    """Search results: one line per record, linked, with what tells them apart."""
    if not cards:
        text = messages.FIND_NONE.format(typed=typed)
        return Reply(text=text, blocks=[SectionBlock(text=MarkdownTextObject(text=text))])
    title = messages.FIND_TITLE.format(count=len(cards), typed=typed)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=title))]
    for index, card in enumerate(cards[:MAX_LIST]):
        detail = " · ".join(value for _label, value in card.fields if value)
        text = f"{record_title(card)} · {card.object_label}" + (f"\n{detail}" if detail else "")
        blocks.append(
            SectionBlock(
                block_id=f"{ids.RECORD_FIND_BLOCK_PREFIX}{index}",
                text=MarkdownTextObject(text=truncate(text, limit=3000)),
            )
        )
    if more:
        note = messages.FIND_MORE.format(count=len(cards))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return Reply(text=title, blocks=blocks)


def button_value(data: dict[str, object]) -> str | None:
    """A compact JSON button value, or None when it would exceed Slack's 2000 characters."""
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return text if len(text) <= BUTTON_VALUE_LIMIT else None
