"""Pure builders for `/sf api` replies: the request line, then the body in code blocks.

Slack caps a section's text at 3000 characters and a message at 50 blocks; a long body is cut
at a line break and the reply says how much is shown.
"""

from __future__ import annotations

from http import HTTPStatus

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.escape import escape_mrkdwn
from bot.salesforce.admin.rest import RawResponse
from bot.slack import ids, messages
from bot.slack.blocks import Reply, inline_code

SECTION_LIMIT = 3000
CODE_FENCE = "```"
# Room per section for the fences and a little slack.
CHUNK_LIMIT = SECTION_LIMIT - 2 * len(CODE_FENCE) - 10
MAX_BODY_BLOCKS = 4


def status_text(status: int) -> str:
    """``200 OK``, ``404 Not Found``…"""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def code_chunks(
    text: str, *, limit: int = CHUNK_LIMIT, most: int = MAX_BODY_BLOCKS
) -> tuple[list[str], bool]:
    """Escaped text cut into at most ``most`` pieces of ``limit`` characters, at line breaks.

    Backtick runs are broken up so the body cannot close the code block early.

    Returns:
        ``(pieces, complete)``: ``complete`` is False when some text did not fit.
    """
    safe = escape_mrkdwn(text).replace(CODE_FENCE, "`\u200b``")
    pieces: list[str] = []
    current = ""
    for line in safe.splitlines(keepends=True):
        while line:
            if len(pieces) >= most:
                return _trimmed(pieces), False
            if len(current) + len(line) <= limit:
                current, line = current + line, ""
            elif current and len(line) <= limit:
                pieces.append(current)  # the line fits a piece of its own: break before it
                current = ""
            else:
                room = limit - len(current)  # one very long line: cut inside it
                pieces.append(current + line[:room])
                current, line = "", line[room:]
    if current:
        if len(pieces) >= most:
            return _trimmed(pieces), False
        pieces.append(current)
    return _trimmed(pieces), True


def _trimmed(pieces: list[str]) -> list[str]:
    return [piece.rstrip("\n") for piece in pieces if piece.strip()]


def api_result(*, request: str, response: RawResponse, headline: str | None = None) -> Reply:
    """Salesforce's answer to a raw call, shown as it came, cut to what Slack can carry.

    Args:
        request: The request line (method and path), shown escaped.
        response: Status and body.
        headline: A template with ``{request}`` and ``{status}`` (default `messages.API_RESULT`).
    """
    title = (headline or messages.API_RESULT).format(
        request=inline_code(request, limit=200), status=status_text(response.status)
    )
    blocks: list[Block] = [
        SectionBlock(block_id=ids.ADMIN_API_RESULT_BLOCK, text=MarkdownTextObject(text=title))
    ]
    body = response.pretty()
    if not body.strip():
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=messages.API_EMPTY)]))
        return Reply(text=title, blocks=blocks)
    chunks, complete = code_chunks(body)
    for index, chunk in enumerate(chunks):
        blocks.append(
            SectionBlock(
                block_id=f"{ids.ADMIN_API_BODY_BLOCK_PREFIX}{index}",
                text=MarkdownTextObject(text=f"{CODE_FENCE}{chunk}{CODE_FENCE}"),
            )
        )
    if not complete:
        shown = sum(len(chunk) for chunk in chunks)
        total = len(escape_mrkdwn(body))
        note = messages.API_TRIMMED.format(shown=min(shown, total), total=total)
        blocks.append(
            ContextBlock(
                block_id=ids.ADMIN_API_TRIMMED_BLOCK, elements=[MarkdownTextObject(text=note)]
            )
        )
    return Reply(text=title, blocks=blocks)
