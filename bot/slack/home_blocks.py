"""Pure Block Kit builders for the App Home and the quick "Log a call" modal."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    ExternalDataSelectElement,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.escape import escape_mrkdwn
from bot.slack import ids, messages
from bot.slack.blocks import truncate

MAX_BLOCKS = 100  # a Home tab holds at most 100 blocks


@dataclass(frozen=True)
class ConnectionLine:
    """One connection as the Home shows it."""

    connection_id: int
    user: str
    org: str
    default: bool
    broken: bool


@dataclass(frozen=True)
class WriteLine:
    """One recent write: what, its status, when, a link, and the intent to undo (if allowed)."""

    intent_id: int
    what: str
    status: str
    when: str
    link: str | None = None
    undoable: bool = False


def _status_blocks(connections: Sequence[ConnectionLine]) -> list[Block]:
    if not connections:
        return [
            SectionBlock(
                block_id=ids.HOME_STATUS_BLOCK,
                text=MarkdownTextObject(text=messages.HOME_NOT_CONNECTED),
                accessory=ButtonElement(
                    text=messages.HOME_CONNECT_BUTTON,
                    action_id=ids.HOME_CONNECT_ACTION,
                    style="primary",
                    value="connect",
                ),
            )
        ]
    blocks: list[Block] = []
    for index, line in enumerate(connections):
        org, user = escape_mrkdwn(line.org), escape_mrkdwn(line.user)
        if line.broken:
            text = messages.HOME_BROKEN.format(org=org)
            button = ButtonElement(
                text=messages.HOME_CONNECT_BUTTON,
                action_id=ids.HOME_CONNECT_ACTION,
                value="connect",
            )
        else:
            default = messages.HOME_DEFAULT if line.default else ""
            text = messages.HOME_CONNECTED.format(user=user, org=org, default=default)
            button = ButtonElement(
                text=messages.HOME_DISCONNECT_BUTTON,
                style="danger",
                action_id=ids.HOME_DISCONNECT_ACTION,
                value=str(line.connection_id),
            )
        blocks.append(
            SectionBlock(
                block_id=f"{ids.HOME_STATUS_BLOCK}_{index}",
                text=MarkdownTextObject(text=text),
                accessory=button,
            )
        )
    return blocks


def _write_block(index: int, line: WriteLine) -> Block:
    what = escape_mrkdwn(truncate(line.what, limit=150)).replace("|", "¦")
    shown = f"<{line.link}|{what}>" if line.link else what
    text = messages.HOME_WRITE_LINE.format(
        icon=":leftwards_arrow_with_hook:" if line.status == "undone" else ":pencil2:",
        what=shown,
        status=escape_mrkdwn(line.status),
        when=escape_mrkdwn(line.when),
    )
    accessory = None
    if line.undoable:
        accessory = ButtonElement(
            text=messages.UNDO_BUTTON,
            action_id=ids.UNDO_ACTION,
            value=str(line.intent_id),
        )
    return SectionBlock(
        block_id=f"{ids.HOME_WRITE_BLOCK_PREFIX}{index}",
        text=MarkdownTextObject(text=truncate(text, limit=3000)),
        accessory=accessory,
    )


def home_view(
    *,
    connections: Sequence[ConnectionLine],
    writes: Sequence[WriteLine],
    health: Sequence[str] | None = None,
) -> View:
    """The Home tab: connection, quick actions, last writes, and (admins) health."""
    blocks: list[Block] = [HeaderBlock(text=messages.HOME_TITLE)]
    blocks += _status_blocks(connections)
    if any(not c.broken for c in connections):
        blocks.append(SectionBlock(text=MarkdownTextObject(text=messages.HOME_QUICK_TITLE)))
        blocks.append(
            ActionsBlock(
                block_id=ids.HOME_QUICK_BLOCK,
                elements=[
                    ButtonElement(
                        text=messages.NEW_OPPORTUNITY_BUTTON,
                        action_id=ids.NEW_OPPORTUNITY_ACTION,
                        value=json.dumps({}),
                    ),
                    ButtonElement(
                        text=messages.HOME_LOG_CALL_BUTTON,
                        action_id=ids.HOME_LOG_CALL_ACTION,
                        value="call",
                    ),
                    ButtonElement(
                        text=messages.HOME_NEW_CONTACT_BUTTON,
                        action_id=ids.HOME_NEW_CONTACT_ACTION,
                        value="contact",
                    ),
                ],
            )
        )
    blocks.append(DividerBlock())
    blocks.append(
        SectionBlock(
            block_id=ids.HOME_WRITES_BLOCK,
            text=MarkdownTextObject(text=messages.HOME_WRITES_TITLE),
        )
    )
    if not writes:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=messages.HOME_NO_WRITES)]))
    blocks += [_write_block(i, line) for i, line in enumerate(writes[:10])]
    if health is not None:
        blocks.append(DividerBlock())
        lines = "\n".join(escape_mrkdwn(line) for line in health)
        text = truncate(f"{messages.HOME_HEALTH_TITLE}\n{lines}", limit=3000)
        blocks.append(
            SectionBlock(block_id=ids.HOME_HEALTH_BLOCK, text=MarkdownTextObject(text=text))
        )  # noqa: E501
    return View(type="home", blocks=blocks[:MAX_BLOCKS])


def call_modal() -> View:
    """A quick call: which record, subject, duration, notes."""
    return View(
        type="modal",
        callback_id=ids.CALL_MODAL_CALLBACK,
        title=messages.CALL_MODAL_TITLE,
        submit=messages.CALL_MODAL_SUBMIT,
        close=messages.NOTE_MODAL_CLOSE,
        blocks=[
            InputBlock(
                block_id=ids.CALL_RECORD_BLOCK,
                label=messages.CALL_RECORD_LABEL,
                element=ExternalDataSelectElement(
                    action_id=ids.CALL_RECORD_ACTION,
                    placeholder=messages.NOTE_RECORDS_PLACEHOLDER,
                    min_query_length=2,
                ),
            ),
            InputBlock(
                block_id=ids.CALL_SUBJECT_BLOCK,
                label=messages.CALL_SUBJECT_LABEL,
                element=PlainTextInputElement(
                    action_id=ids.CALL_SUBJECT_ACTION, initial_value="Call", max_length=255
                ),
            ),
            InputBlock(
                block_id=ids.CALL_DURATION_BLOCK,
                label=messages.CALL_DURATION_LABEL,
                optional=True,
                element=PlainTextInputElement(
                    action_id=ids.CALL_DURATION_ACTION,
                    placeholder=messages.CALL_DURATION_PLACEHOLDER,
                ),
            ),
            InputBlock(
                block_id=ids.CALL_NOTES_BLOCK,
                label=messages.CALL_NOTES_LABEL,
                optional=True,
                element=PlainTextInputElement(
                    action_id=ids.CALL_NOTES_ACTION, multiline=True, max_length=3000
                ),
            ),
        ],
    )
