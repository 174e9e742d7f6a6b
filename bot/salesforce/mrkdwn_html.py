# Slack's message text format: https://docs.slack.dev/messaging/formatting-message-text
# (`&amp;`/`&lt;`/`&gt;` escapes, `<…>` control sequences for links and mentions, `*bold*`,
# `_italic_`, `~strike~`, `` `code` ``, ``` ```block``` ```). ContentNote's Content must be HTML
# with every special character of the text escaped (../shared/salesforce/README.md §4).
"""Slack message text (mrkdwn) → the HTML body of a Salesforce note, and → plain text.

Pure functions: mentions are resolved through mappings the caller fills in (Slack user and
channel ids → names, see `mentioned_ids`), so nothing here talks to Slack.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

__all__ = ["Names", "mentioned_ids", "to_html", "to_plain", "first_line"]

_CONTROL = re.compile(r"<([^<>\n]+)>")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CHANNEL = re.compile(r"<#(C[A-Z0-9]+|G[A-Z0-9]+)(?:\|[^>]*)?>")
_CODE_BLOCK = re.compile(r"```(.*?)```", re.S)
_INLINE_CODE = re.compile(r"`([^`\n]+)`")
# Slack's emphasis: the marker hugs the text and sits at a word boundary on the outside.
_EMPHASIS = {
    "b": re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])"),
    "i": re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])"),
    "s": re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])"),
}
_BULLET = re.compile(r"^\s*(?:[•◦▪‣\-]|\*(?=\s))\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_QUOTE = re.compile(r"^(?:&gt;|>)\s?(.*)$")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


@dataclass(frozen=True)
class Names:
    """Display names for the ids a message mentions (missing ids fall back to the label)."""

    users: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)


def mentioned_ids(text: str) -> tuple[set[str], set[str]]:
    """The Slack user ids and channel ids a message mentions, to look their names up."""
    return set(_USER.findall(text or "")), set(_CHANNEL.findall(text or ""))


def _unescape(text: str) -> str:
    """Slack escapes exactly these three in message text."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


@dataclass(frozen=True)
class _Control:
    """A `<…>` sequence read: what it shows, and the link it points to (None: plain text)."""

    label: str
    href: str | None = None


def _read_control(inner: str, names: Names) -> _Control:
    target, _, label = inner.partition("|")
    label = _unescape(label)
    if target.startswith("@"):
        user = target[1:]
        return _Control("@" + (names.users.get(user) or label or user))
    if target.startswith("#"):
        channel = target[1:]
        return _Control("#" + (names.channels.get(channel) or label or channel))
    if target.startswith("!"):
        command = target[1:].split("^", 1)[0]
        if command == "subteam":
            return _Control(label or "@team")
        if command == "date":
            return _Control(label)
        return _Control(label or "@" + command)
    url = _unescape(target)
    if url.lower().startswith(_SAFE_SCHEMES):
        shown = label or (url[len("mailto:") :] if url.lower().startswith("mailto:") else url)
        return _Control(shown, url)
    if label:
        return _Control(label)
    # Not a sequence Slack makes (slash command text may hold a raw "<b>"): keep it as text.
    return _Control(f"<{url}>" if "://" not in url else url)


class _Inline:
    """Inline formatting of one line, with `<…>` and code spans kept out of the emphasis."""

    def __init__(self, names: Names, *, markup: bool) -> None:
        self.names = names
        self.markup = markup
        self.held: list[str] = []

    def hold(self, rendered: str) -> str:
        self.held.append(rendered)
        return f"\ue000{len(self.held) - 1}\ue001"

    def control(self, match: re.Match[str]) -> str:
        found = _read_control(match.group(1), self.names)
        if not self.markup:
            return self.hold(found.label)
        if found.href is None:
            return self.hold(_escape(found.label))
        href = html.escape(found.href, quote=True)
        return self.hold(f'<a href="{href}">{_escape(found.label)}</a>')

    def code(self, match: re.Match[str]) -> str:
        text = _unescape(_CONTROL.sub(lambda m: _read_control(m.group(1), self.names).label,
                                      match.group(1)))  # fmt: skip
        return self.hold(f"<code>{_escape(text)}</code>" if self.markup else text)

    def render(self, line: str) -> str:
        line = _CONTROL.sub(self.control, line)
        line = _INLINE_CODE.sub(self.code, line)
        line = _unescape(line)
        if self.markup:
            line = _escape(line)
        for tag, pattern in _EMPHASIS.items():
            opening, closing = (f"<{tag}>", f"</{tag}>") if self.markup else ("", "")
            line = pattern.sub(_wrapper(opening, closing), line)
        # Held pieces may themselves hold nothing further; one pass restores them.
        return _PLACEHOLDER.sub(lambda m: self.held[int(m.group(1))], line)


def _wrapper(opening: str, closing: str) -> Callable[[re.Match[str]], str]:
    def wrap(match: re.Match[str]) -> str:
        return f"{opening}{match.group(1)}{closing}"

    return wrap


def _classify(line: str) -> tuple[str, str]:
    """(kind of line, its content): ``ul``, ``ol``, ``quote``, ``p`` or ``gap`` (blank)."""
    for kind, pattern in (("ul", _BULLET), ("ol", _NUMBERED), ("quote", _QUOTE)):
        found = pattern.match(line)
        if found:
            return kind, found.group(1)
    return ("gap", "") if not line.strip() else ("p", line)


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Group lines into paragraphs, bullet lists, numbered lists and quotes."""
    groups: list[tuple[str, list[str]]] = []
    for line in lines:
        kind, item = _classify(line)
        if groups and groups[-1][0] == kind and kind != "gap":
            groups[-1][1].append(item)
        else:
            groups.append((kind, [item]))
    return [group for group in groups if group[0] != "gap"]


def to_html(text: str, *, names: Names | None = None) -> str:
    """The HTML body of a note for a Slack message's text.

    Args:
        text: The message's ``text`` as Slack sends it (mrkdwn, with Slack's escapes).
        names: Names for mentioned users and channels.

    Returns:
        HTML using only ``p``, ``br``, ``b``, ``i``, ``s``, ``code``, ``pre``, ``a``,
        ``ul``/``ol``/``li`` and ``blockquote``, with every ``&``, ``<`` and ``>`` of the
        text escaped; an empty string for an empty message.
    """
    names = names or Names()
    parts: list[str] = []
    position = 0
    for block in _CODE_BLOCK.finditer(text or ""):
        parts.append(_prose_html(text[position : block.start()], names))
        plain = _unescape(
            _CONTROL.sub(lambda m: _read_control(m.group(1), names).label, block.group(1))
        )
        parts.append(f"<pre>{_escape(plain.strip(chr(10)))}</pre>")
        position = block.end()
    parts.append(_prose_html((text or "")[position:], names))
    return "".join(parts)


def _prose_html(text: str, names: Names) -> str:
    inline = _Inline(names, markup=True)
    out = []
    for kind, items in _blocks(text.split("\n")):
        rendered = [inline.render(item) for item in items]
        if kind in ("ul", "ol"):
            out.append(f"<{kind}>" + "".join(f"<li>{r}</li>" for r in rendered) + f"</{kind}>")
        elif kind == "quote":
            out.append("<blockquote>" + "<br>".join(rendered) + "</blockquote>")
        else:
            out.append("<p>" + "<br>".join(rendered) + "</p>")
    return "".join(out)


def to_plain(text: str, *, names: Names | None = None) -> str:
    """The message as plain text: mentions and links shown by name, markers and escapes gone."""
    inline = _Inline(names or Names(), markup=False)
    body = _CODE_BLOCK.sub(lambda m: m.group(1), text or "")
    return "\n".join(inline.render(line) for line in body.split("\n")).strip()


def first_line(text: str, *, names: Names | None = None, limit: int = 255) -> str:
    """The first non-empty line as plain text, cut to ``limit`` characters (a note title)."""
    for line in to_plain(text, names=names).split("\n"):
        line = " ".join(line.split())
        if line:
            bullet = _BULLET.match(line)
            line = bullet.group(1) if bullet else line
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


_LINK_IN_INPUT = re.compile(r"<((?:https?://|mailto:|tel:)[^<>\s|]+(?:\|[^<>\n]*)?)>", re.I)


def to_editable(text: str, *, names: Names | None = None) -> str:
    """A message's text as a person would type it: mentions by name, escapes undone, links
    kept as ``<url|label>`` (so `from_input` can read them back)."""
    names = names or Names()
    out = []
    position = 0
    for match in _CONTROL.finditer(text or ""):
        out.append(_unescape(text[position : match.start()]))
        found = _read_control(match.group(1), names)
        if found.href is None:
            out.append(found.label)
        else:
            label = "" if found.label == found.href else "|" + found.label
            out.append(f"<{found.href}{label}>")
        position = match.end()
    out.append(_unescape((text or "")[position:]))
    return "".join(out)


def from_input(raw: str) -> str:
    """Text typed into a Slack input (raw, unescaped) → mrkdwn with Slack's escapes, keeping
    ``<url|label>`` links, ready for `to_html`."""
    out = []
    position = 0
    for match in _LINK_IN_INPUT.finditer(raw or ""):
        out.append(_slack_escape(raw[position : match.start()]))
        out.append("<" + match.group(1).replace("&", "&amp;") + ">")
        position = match.end()
    out.append(_slack_escape((raw or "")[position:]))
    return "".join(out)


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def label_mentions(text: str, *, names: Names) -> str:
    """Give user and channel mentions their names as labels (``<@U1>`` → ``<@U1|Ada>``), so
    text that is shown by label reads as names."""

    def user(match: re.Match[str]) -> str:
        name = names.users.get(match.group(1))
        return f"<@{match.group(1)}|{_slack_escape(name)}>" if name else match.group(0)

    def channel(match: re.Match[str]) -> str:
        name = names.channels.get(match.group(1))
        return f"<#{match.group(1)}|{_slack_escape(name)}>" if name else match.group(0)

    return _CHANNEL.sub(channel, _USER.sub(user, text or ""))
