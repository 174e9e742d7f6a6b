"""The special mentions a posted message would trigger (notifications to many people).

Follows https://docs.slack.dev/messaging/formatting-message-text: explicit ``<!here>``,
``<!channel>``, ``<!everyone>`` and ``<!subteam^ID>`` always notify; plain ``@here``, ``@channel``
and ``@everyone`` notify only where Slack parses the text automatically (mrkdwn text objects with
``verbatim`` false, and top-level ``text`` posted with ``link_names``). Escaped ``&lt;!here&gt;``
is harmless, which is exactly what apps must produce from user input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

_EXPLICIT = re.compile(r"<!(here|channel|everyone|subteam\^[A-Z0-9]+)(?:\|[^>]*)?>")
_PLAIN = re.compile(r"(?<![\w@.])@(here|channel|everyone)\b(?![.@]\w)")


def _in_text(text: str, *, auto_parse: bool) -> list[str]:
    found = [f"<!{m.group(1)}>" for m in _EXPLICIT.finditer(text)]
    if auto_parse:
        found += [f"@{m.group(1)}" for m in _PLAIN.finditer(text)]
    return found


def _text_objects(node: Any) -> Iterator[dict]:
    """Every text object (``{"type": "mrkdwn"|"plain_text", "text": …}``) inside blocks."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
            yield node
            return
        for value in node.values():
            yield from _text_objects(value)
    elif isinstance(node, list):
        for item in node:
            yield from _text_objects(item)


def _rich_text_broadcasts(node: Any) -> Iterator[str]:
    """``rich_text`` blocks carry mentions as ``broadcast``/``usergroup`` elements."""
    if isinstance(node, dict):
        if node.get("type") == "broadcast" and node.get("range") in ("here", "channel", "everyone"):
            yield f"<!{node['range']}>"
        elif node.get("type") == "usergroup" and node.get("usergroup_id"):
            yield f"<!subteam^{node['usergroup_id']}>"
        for value in node.values():
            yield from _rich_text_broadcasts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _rich_text_broadcasts(item)


def special_mentions(
    *,
    text: str | None = None,
    blocks: list | None = None,
    attachments: list | None = None,
    link_names: bool = False,
) -> list[str]:
    """List the special mentions a message would trigger, in order, duplicates kept.

    Args:
        text: The top-level ``text``.
        blocks: Block Kit blocks.
        attachments: Legacy attachments (their ``text``, ``pretext``, ``fields`` and blocks).
        link_names: Whether the post asked Slack to parse plain ``@names`` in ``text``.

    Returns:
        Items such as ``"<!here>"`` (explicit) or ``"@channel"`` (plain, auto-parsed).
    """
    found: list[str] = []
    if text:
        found += _in_text(text, auto_parse=link_names)
    for obj in _text_objects(blocks or []):
        auto = obj["type"] == "mrkdwn" and not obj.get("verbatim", False)
        if obj["type"] == "mrkdwn":
            found += _in_text(obj["text"], auto_parse=auto)
    found += list(_rich_text_broadcasts(blocks or []))
    for att in attachments or []:
        if not isinstance(att, dict):
            continue
        for key in ("pretext", "text", "title", "footer"):
            if isinstance(att.get(key), str):
                found += _in_text(att[key], auto_parse=False)
        for fld in att.get("fields") or []:
            if isinstance(fld, dict) and isinstance(fld.get("value"), str):
                found += _in_text(fld["value"], auto_parse=False)
        found += special_mentions(blocks=att.get("blocks"))
    return found
