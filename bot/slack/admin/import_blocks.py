"""Pure builders for `/sf import`: the paste form, the check (counts, rows, problems), results."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.escape import escape_mrkdwn
from bot.salesforce.admin.imports import ImportPlan
from bot.slack import ids, messages
from bot.slack.blocks import truncate

# Slack's plain_text_input holds at most 3000 characters: the most a pasted CSV can be.
INPUT_LIMIT = 3000
SHOWN_NAMES = 8
SHOWN_PROBLEMS = 15


def import_form(*, noun: str, columns: Sequence[str], metadata: str) -> View:
    """The modal where the CSV is pasted."""
    return View(
        type="modal",
        callback_id=ids.ADMIN_IMPORT_CALLBACK,
        title=truncate(messages.IMPORT_TITLE.format(noun=noun), limit=24),
        submit=messages.IMPORT_CHECK,
        close=messages.CANCEL_BUTTON,
        private_metadata=metadata,
        blocks=[
            InputBlock(
                block_id=ids.ADMIN_IMPORT_CSV_BLOCK,
                label=messages.IMPORT_CSV_LABEL,
                hint=truncate(
                    messages.IMPORT_CSV_HINT.format(columns=", ".join(columns), limit=INPUT_LIMIT),
                    limit=2000,
                ),
                element=PlainTextInputElement(
                    action_id=ids.ADMIN_IMPORT_CSV_ACTION,
                    multiline=True,
                    max_length=INPUT_LIMIT,
                    placeholder="Email,FirstName,LastName",
                ),
            )
        ],
    )


def _names(entries: Sequence[dict]) -> str:
    shown = [escape_mrkdwn(str(e.get("name") or e.get("email"))) for e in entries[:SHOWN_NAMES]]
    if len(entries) > SHOWN_NAMES:
        shown.append(messages.ADMIN_PREVIEW_MORE.format(count=len(entries) - SHOWN_NAMES))
    return ", ".join(shown)


def problem_lines(problems: Sequence[tuple[int, str]]) -> list[str]:
    lines = [
        messages.IMPORT_PROBLEM_LINE.format(row=row, message=message)
        for row, message in problems[:SHOWN_PROBLEMS]
    ]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(messages.ADMIN_PREVIEW_MORE.format(count=len(problems) - SHOWN_PROBLEMS))
    return lines


def import_check(*, plan: ImportPlan, intent_id: int, undo_minutes: int) -> View:
    """The counts, the first records of each kind and every problem, with Import to confirm."""
    summary = messages.IMPORT_PREVIEW.format(
        creates=len(plan.creates),
        updates=len(plan.updates),
        unchanged=plan.unchanged,
        problems=len(plan.problems),
    )
    blocks: list = [
        SectionBlock(block_id=ids.ADMIN_PREVIEW_BLOCK, text=MarkdownTextObject(text=summary))
    ]
    if plan.creates:
        text = messages.IMPORT_PREVIEW_CREATE.format(names=_names(plan.creates))
        blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate(text, limit=3000))))
    if plan.updates:
        text = messages.IMPORT_PREVIEW_UPDATE.format(names=_names(plan.updates))
        blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate(text, limit=3000))))
    if plan.problems:
        text = "\n".join(problem_lines(plan.problems))
        blocks.append(
            SectionBlock(
                block_id=ids.ADMIN_FAILURES_BLOCK,
                text=MarkdownTextObject(text=truncate(text, limit=3000)),
            )
        )
    note = messages.ADMIN_PREVIEW_NOTE.format(minutes=undo_minutes)
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    count = len(plan.creates) + len(plan.updates)
    return View(
        type="modal",
        callback_id=ids.ADMIN_IMPORT_CONFIRM_CALLBACK,
        title=messages.IMPORT_PREVIEW_TITLE,
        submit=truncate(messages.IMPORT_SUBMIT.format(count=count), limit=24),
        close=messages.CANCEL_BUTTON,
        private_metadata=str(intent_id),
        blocks=blocks,
    )


def message_view(*, title: str, text: str) -> View:
    """A modal that only says something, with Close."""
    return View(
        type="modal",
        callback_id=ids.ADMIN_IMPORT_CONFIRM_CALLBACK,
        title=truncate(title, limit=24),
        close="Close",
        blocks=[
            SectionBlock(
                block_id=ids.ADMIN_IMPORT_INFO_BLOCK,
                text=MarkdownTextObject(text=truncate(text, limit=3000)),
            )
        ],
    )
