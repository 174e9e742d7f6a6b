"""Pure Block Kit builders on ``slack_sdk.models`` (their ``to_dict()`` enforces Slack's limits).

``escape_mrkdwn`` (from `bot.escape`) is re-exported here for builders that show user text.

Nothing here talks to Slack or Salesforce: every function takes plain values and returns blocks
or a `Reply`, so the builders are tested without mocks.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.escape import escape_mrkdwn
from bot.slack import ids, messages

# Slack's section text limit is 3000 characters; stay clear of it for user-provided text.
SECTION_TEXT_LIMIT = 3000


def truncate(text: str, *, limit: int) -> str:
    """Shorten ``text`` to at most ``limit`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def inline_code(text: str, *, limit: int = 60) -> str:
    """User text shown inside backticks: escaped, shortened, with no backticks or newlines."""
    flat = " ".join(text.replace("`", "'").split())
    return escape_mrkdwn(truncate(flat, limit=limit))


@dataclass(frozen=True)
class Reply:
    """A message for Slack: fallback text plus blocks; ephemeral unless said otherwise."""

    text: str
    blocks: Sequence[Block] = field(default_factory=tuple)
    ephemeral: bool = True
    replace_original: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """The body for `ack()`, `respond()` or `chat.postMessage` (validated by slack_sdk)."""
        body: dict[str, Any] = {
            "response_type": "ephemeral" if self.ephemeral else "in_channel",
            "text": self.text,
            "blocks": [dict(block) for block in self._block_dicts],
        }
        if self.replace_original is not None:
            body["replace_original"] = self.replace_original
        return body

    @functools.cached_property
    def _block_dicts(self) -> list[dict[str, Any]]:
        # slack_sdk validates on every to_dict(), a large part of an ack's CPU: a reply sent
        # many times (e.g. "Working on it…") is validated once.
        return [block.to_dict() for block in self.blocks]


@dataclass(frozen=True)
class HelpEntry:
    """One line of the help: a command, how to type it, and what it does."""

    name: str
    usage: str
    summary: str
    details: str = ""
    examples: tuple[str, ...] = ()


@functools.lru_cache(maxsize=32)
def notice(text: str) -> Reply:
    """A short ephemeral message: one mrkdwn section (``text`` must already be escaped)."""
    return Reply(
        text=text,
        blocks=(SectionBlock(block_id=ids.NOTICE_BLOCK, text=MarkdownTextObject(text=text)),),
    )


def help_blocks(
    *, available: Iterable[HelpEntry], planned: Iterable[HelpEntry] = (), intro: str | None = None
) -> list[Block]:
    """The `/sf help` message: every available command, then the planned ones, clearly marked.

    Args:
        available: Commands that work in this deployment.
        planned: Commands of the design that are not implemented yet.
        intro: An optional first line (e.g. why the help is shown).

    Returns:
        Blocks for a message (at most 50, as Slack requires).
    """
    blocks: list[Block] = [
        HeaderBlock(block_id=ids.HELP_HEADER_BLOCK, text=PlainTextObject(text=messages.HELP_TITLE))
    ]
    blocks.append(SectionBlock(text=MarkdownTextObject(text=intro or messages.HELP_INTRO)))
    blocks.append(DividerBlock())
    for entry in available:
        text = f"*`{entry.usage}`*\n{entry.summary}"
        if entry.examples:
            text += "\n" + messages.HELP_EXAMPLE.format(example=entry.examples[0])
        blocks.append(
            SectionBlock(
                block_id=ids.HELP_COMMANDS_BLOCK_PREFIX + entry.name,
                text=MarkdownTextObject(text=truncate(text, limit=SECTION_TEXT_LIMIT)),
            )
        )
    planned = list(planned)
    if planned:
        lines = [messages.HELP_PLANNED_TITLE]
        lines += [f"• `{entry.usage}`: {entry.summary}" for entry in planned]
        blocks.append(DividerBlock())
        blocks.append(
            SectionBlock(
                block_id=ids.HELP_PLANNED_BLOCK,
                text=MarkdownTextObject(text=truncate("\n".join(lines), limit=SECTION_TEXT_LIMIT)),
            )
        )
    blocks.append(
        ContextBlock(
            block_id=ids.HELP_FOOTER_BLOCK,
            elements=[MarkdownTextObject(text=messages.HELP_FOOTER)],
        )
    )
    # Slack refuses messages with more than 50 blocks: keep the footer, drop the middle.
    if len(blocks) > 50:
        blocks = blocks[:49] + blocks[-1:]
    return blocks


def verb_help_reply(entry: HelpEntry) -> Reply:
    """`/sf help <verb>`: what the command does, how to type it, what to know, examples."""
    lines = [entry.summary, messages.HELP_VERB_USAGE.format(usage=entry.usage)]
    if entry.details:
        lines.append(entry.details)
    blocks: list[Block] = [
        HeaderBlock(block_id=ids.HELP_HEADER_BLOCK, text=PlainTextObject(text=f"/sf {entry.name}")),
        SectionBlock(
            block_id=ids.HELP_COMMANDS_BLOCK_PREFIX + entry.name,
            text=MarkdownTextObject(text=truncate("\n".join(lines), limit=SECTION_TEXT_LIMIT)),
        ),
    ]
    if entry.examples:
        examples = [messages.HELP_VERB_EXAMPLES] + [f"`{e}`" for e in entry.examples]
        blocks.append(
            SectionBlock(
                block_id=ids.HELP_EXAMPLES_BLOCK,
                text=MarkdownTextObject(
                    text=truncate("\n".join(examples), limit=SECTION_TEXT_LIMIT)
                ),
            )
        )
    blocks.append(
        ContextBlock(
            block_id=ids.HELP_FOOTER_BLOCK,
            elements=[MarkdownTextObject(text=messages.HELP_VERB_FOOTER)],
        )
    )
    text = messages.HELP_VERB_FALLBACK.format(verb=entry.name, summary=entry.summary)
    return Reply(text=text, blocks=blocks)


def help_reply(
    *, available: Sequence[HelpEntry], planned: Sequence[HelpEntry] = (), intro: str | None = None
) -> Reply:
    """The help as an ephemeral `Reply` with a plain-text fallback listing the commands."""
    names = ", ".join(entry.name for entry in available) or "help"
    fallback = messages.HELP_FALLBACK.format(verbs=names)
    return Reply(
        # The notification and screen readers see why the help was shown, not only the list.
        text=f"{intro}\n{fallback}" if intro else fallback,
        blocks=help_blocks(available=available, planned=planned, intro=intro),
    )
