"""Pure builders for admin changes: the preview with Confirm/Cancel, and the result with Undo.

Every text arrives escaped (the callers use `bot.escape`).
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.slack import ids, messages
from bot.slack.blocks import Reply, truncate

PREVIEW_LINES = 5
FAILURE_LINES = 10
SECTION_LIMIT = 3000


def preview(
    *,
    headline: str,
    lines: Sequence[str],
    total: int,
    intent_id: int,
    confirm_label: str,
    danger: bool,
    undo_minutes: int,
) -> Reply:
    """What a change will do (count and the first few records), with Confirm and Cancel.

    Args:
        headline: The question, e.g. "Change the owner of 42 leads from … to …?".
        lines: One escaped line per affected record; the first `PREVIEW_LINES` are shown.
        total: How many records the change affects.
        intent_id: The draft intent the buttons confirm or cancel.
        confirm_label: The Confirm button's text.
        danger: Red Confirm button (locking people out) instead of the primary green.
        undo_minutes: How long Undo will work.
    """
    blocks: list[Block] = [
        SectionBlock(
            block_id=ids.ADMIN_PREVIEW_BLOCK,
            text=MarkdownTextObject(text=truncate(headline, limit=SECTION_LIMIT)),
        )
    ]
    shown = list(lines[:PREVIEW_LINES])
    if shown:
        if total > len(shown):
            shown.append(messages.ADMIN_PREVIEW_MORE.format(count=total - len(shown)))
        blocks.append(
            SectionBlock(
                block_id=ids.ADMIN_PREVIEW_LIST_BLOCK,
                text=MarkdownTextObject(text=truncate("\n".join(shown), limit=SECTION_LIMIT)),
            )
        )
    blocks.append(
        ActionsBlock(
            block_id=ids.ADMIN_PREVIEW_ACTIONS_BLOCK,
            elements=[
                ButtonElement(
                    text=truncate(confirm_label, limit=75),
                    style="danger" if danger else "primary",
                    action_id=ids.ADMIN_CONFIRM_ACTION,
                    value=str(intent_id),
                ),
                ButtonElement(
                    text=messages.CANCEL_BUTTON,
                    action_id=ids.ADMIN_CANCEL_ACTION,
                    value=str(intent_id),
                ),
            ],
        )
    )
    note = messages.ADMIN_PREVIEW_NOTE.format(minutes=undo_minutes)
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return Reply(text=headline, blocks=blocks)


def result(
    *,
    headline: str,
    failures: Sequence[str],
    failed_count: int,
    undo_intent_id: int | None,
    undo_minutes: int,
) -> Reply:
    """How a change went: the headline, each record that failed and why, and Undo."""
    blocks: list[Block] = [
        SectionBlock(
            block_id=ids.ADMIN_RESULT_BLOCK,
            text=MarkdownTextObject(text=truncate(headline, limit=SECTION_LIMIT)),
        )
    ]
    if failed_count:
        lines = [messages.ADMIN_FAILURES.format(count=failed_count), *failures[:FAILURE_LINES]]
        if failed_count > len(failures[:FAILURE_LINES]):
            more = failed_count - len(failures[:FAILURE_LINES])
            lines.append(messages.ADMIN_PREVIEW_MORE.format(count=more))
        blocks.append(
            SectionBlock(
                block_id=ids.ADMIN_FAILURES_BLOCK,
                text=MarkdownTextObject(text=truncate("\n".join(lines), limit=SECTION_LIMIT)),
            )
        )
    if undo_intent_id is not None:
        blocks.append(
            ActionsBlock(
                block_id=ids.RECORD_ACTIONS_BLOCK,
                elements=[
                    ButtonElement(
                        text=messages.UNDO_BUTTON,
                        action_id=ids.UNDO_ACTION,
                        value=str(undo_intent_id),
                    )
                ],
            )
        )
        note = messages.UNDO_NOTE.format(minutes=undo_minutes)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return Reply(text=headline, blocks=blocks)
