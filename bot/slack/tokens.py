"""Reading `/sf` text as Slack sends it: markup unwrapped, then words, quotes and `key=value`.

Slack escapes `&`, `<`, `>` in slash-command text and sends mentions and links as markup
(docs.slack.dev "Formatting text", "Implementing slash commands"): `<@U123|ada>`, `<#C1|sales>`,
`<mailto:a@b.c|a@b.c>`, `<https://…|label>`. The markup is unwrapped first, so positions refer
to the text the user saw. Values may be quoted with "…", '…', “…” or ‘…’ (Slack's smart quotes); a
quote closes only before a space or the end, and a backslash keeps a quote literal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.escape import escape_mrkdwn, quote_user_text

DOUBLE_QUOTES = '"“”„'
SINGLE_QUOTES = "'‘’"
_MARKUP = re.compile(r"<([^<>]*)>")
_KEY = re.compile(r"[\w.\- ]+")

MESSAGES = {
    "unclosed": "This quote is never closed: add a closing {quote} or remove it.",
    "empty_key": "A field name is missing before `=` (e.g. `stage=Prospecting`).",
    "bad_key": "{key} isn't a field name (letters, digits, `_` and `.` only).",
}


class GrammarError(ValueError):
    """The command text can't be read; `message` is Slack-safe and points at `position`."""

    def __init__(self, message: str, *, position: int, text: str) -> None:
        super().__init__(message)
        self.message = message
        self.position = max(0, min(position, len(text)))
        self.text = text

    def render(self) -> str:
        """The message, then the typed line with a caret under the problem (Slack mrkdwn)."""
        start = self.text.rfind("\n", 0, self.position) + 1
        end = self.text.find("\n", self.position)
        line = self.text[start : len(self.text) if end < 0 else end]
        caret = " " * (self.position - start) + "^"
        return f"{self.message}\n```{escape_mrkdwn(line)}\n{caret}```"


@dataclass(frozen=True)
class Arg:
    """One typed word or value: its text (unquoted, unwrapped) and where it was."""

    value: str
    start: int
    end: int
    quoted: bool = False
    user_id: str | None = None  # set when the word was a Slack user mention
    key: str | None = None  # set for `key=value` pairs


def _unwrap(raw: str) -> tuple[str, list[bool], list[tuple[int, int, str]]]:
    """Slack text → (shown text, per-char "inside markup" mask, user mention spans)."""
    out: list[str] = []
    locked: list[bool] = []
    users: list[tuple[int, int, str]] = []

    def plain(s: str) -> None:
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        out.append(s)
        locked.extend([False] * len(s))

    pos = 0
    for m in _MARKUP.finditer(raw):
        plain(raw[pos : m.start()])
        inner = m.group(1)
        target, _, label = inner.partition("|")
        label = label.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        if target.startswith("@"):
            shown = "@" + (label or target[1:])
        elif target.startswith("#"):
            shown = "#" + (label or target[1:])
        elif target.startswith("mailto:"):
            shown = label or target[len("mailto:") :]
        elif target.startswith("!"):
            shown = m.group(0)  # special mentions stay literal; echoing escapes them
        else:
            shown = label if label and not label.endswith("…") else target
        start = sum(len(s) for s in out)
        if target.startswith("@"):
            users.append((start, start + len(shown), target[1:]))
        out.append(shown)
        locked.extend([True] * len(shown))
        pos = m.end()
    plain(raw[pos:])
    return "".join(out), locked, users


class Lexer:
    """Reads one token at a time from Slack command text (see the module docstring)."""

    def __init__(self, raw: str) -> None:
        self.text, self.locked, self.users = _unwrap(raw)
        self.pos = 0

    def _free(self, i: int, chars: str) -> bool:
        return i < len(self.text) and not self.locked[i] and self.text[i] in chars

    def skip_space(self) -> int:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1
        return self.pos

    def _quoted(self, key: bool) -> str | None:
        """Read a quoted part at `pos`; None when an apostrophe is never closed (then literal)."""
        text, i = self.text, self.pos
        closers = DOUBLE_QUOTES if text[i] in DOUBLE_QUOTES else SINGLE_QUOTES
        buf: list[str] = []
        j = i + 1
        while j < len(text):
            ch = text[j]
            if (
                ch == "\\"
                and j + 1 < len(text)
                and text[j + 1] in DOUBLE_QUOTES + SINGLE_QUOTES + "\\"
            ):
                buf.append(text[j + 1])
                j += 2
                continue
            nxt = j + 1
            if self._free(j, closers) and (
                nxt == len(text) or text[nxt].isspace() or (key and text[nxt] == "=")
            ):
                self.pos = nxt
                return "".join(buf)
            buf.append(ch)
            j += 1
        if closers == SINGLE_QUOTES:
            return None
        raise GrammarError(MESSAGES["unclosed"].format(quote="”"), position=i, text=text)

    def _part(self, key: bool) -> tuple[str, bool]:
        if self._free(self.pos, DOUBLE_QUOTES + SINGLE_QUOTES):
            value = self._quoted(key)
            if value is not None:
                return value, True
        buf: list[str] = []
        text = self.text
        while self.pos < len(text) and not (text[self.pos].isspace() and not self.locked[self.pos]):
            if key and self._free(self.pos, "="):
                break
            ch = text[self.pos]
            if ch == "\\" and self._free(self.pos + 1, DOUBLE_QUOTES + SINGLE_QUOTES + "\\"):
                self.pos += 1
                ch = text[self.pos]
            buf.append(ch)
            self.pos += 1
        return "".join(buf), False

    def token(self) -> Arg | None:
        """The next word or `key=value` pair, or None at the end."""
        start = self.skip_space()
        if start >= len(self.text):
            return None
        value, quoted = self._part(key=True)
        if not self._free(self.pos, "="):
            return Arg(value, start, self.pos, quoted, self._user(start, self.pos))
        if not value.strip():
            raise GrammarError(MESSAGES["empty_key"], position=start, text=self.text)
        if not quoted and not _KEY.fullmatch(value):
            msg = MESSAGES["bad_key"].format(key=quote_user_text(value))
            raise GrammarError(msg, position=start, text=self.text)
        self.pos += 1
        val_start = self.pos
        if self.pos < len(self.text) and not self.text[self.pos].isspace():
            val, vquoted = self._part(key=False)
        else:
            val, vquoted = "", False
        return Arg(val, start, self.pos, vquoted, self._user(val_start, self.pos), key=value)

    def _user(self, start: int, end: int) -> str | None:
        return next((u for s, e, u in self.users if s == start and e == end), None)
