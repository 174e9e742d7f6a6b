"""SOSL search terms: the text between the braces of ``FIND {...}`` (or parameterizedSearch ``q``).

Follows the SOSL reference "FIND {SearchQuery}": words and "quoted phrases", ``AND``, ``OR``,
``AND NOT`` and parentheses, ``*`` and ``?`` wildcards, and the reserved characters
``? & | ! { } [ ] ( ) ^ ~ * : \\ " ' + -`` which must be backslash-escaped to be searched for.
Several words with no operator must all match (an implicit AND).

Matching is token based: field text and search words are split into runs of letters and digits
and compared case-insensitively; a word with punctuation (an email, ``O\\'Reilly``) must match as
consecutive tokens in one field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import MALFORMED_SEARCH, QueryError

_RESERVED = set("&|!{}[]^~:'+-")
Tokens = list[str]  # the searched fields' text, one string per field
Matcher = Callable[[Tokens], bool]


@dataclass(frozen=True, slots=True)
class _Lex:
    kind: str  # word, phrase, (, )
    text: str  # for words/phrases: the pattern text with wildcards as \x00 (*) and \x01 (?)
    bare: str  # unescaped source (to recognise AND/OR/NOT)


def compile_term(raw: str) -> Matcher:
    """Parse a search term into a function over a record's field token lists.

    Raises:
        QueryError: MALFORMED_SEARCH for an empty or one-character term, an unescaped reserved
            character, an unbalanced quote or parenthesis, or a dangling operator.
    """
    lexemes = _lex(raw)
    letters = sum(ch.isalnum() for lex in lexemes if lex.kind != "(" for ch in lex.text)
    if letters < 2:
        raise QueryError(MALFORMED_SEARCH, "search term must be longer than one character")
    parser = _TermParser(lexemes)
    matcher = parser.either()
    if parser.index != len(lexemes):
        raise _malformed(f"unexpected '{lexemes[parser.index].bare}'")
    return matcher


def field_text(value: object, *, phone: bool = False) -> str:
    """A field value as searchable text; phones also carry their digits run together."""
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    text = str(value)
    if phone:
        text += " " + "".join(ch for ch in text if ch.isdigit())
    return text


def _malformed(detail: str) -> QueryError:
    return QueryError(MALFORMED_SEARCH, f"Invalid search term: {detail}")


def _lex(raw: str) -> list[_Lex]:
    out: list[_Lex] = []
    i, word, bare = 0, [], []

    def flush() -> None:
        if word:
            out.append(_Lex("word", "".join(word), "".join(bare)))
            word.clear()
            bare.clear()

    while i < len(raw):
        ch = raw[i]
        if ch == "\\":
            if i + 1 >= len(raw):
                raise _malformed("a backslash must be followed by the character it escapes")
            word.append(raw[i + 1])
            bare.append("\\" + raw[i + 1])
            i += 2
        elif ch.isspace() or ch in "()":
            flush()
            if not ch.isspace():
                out.append(_Lex(ch, ch, ch))
            i += 1
        elif ch == '"':
            flush()
            end = _closing_quote(raw, i + 1)
            out.append(_Lex("phrase", _unescape(raw[i + 1 : end]), raw[i : end + 1]))
            i = end + 1
        elif ch in _RESERVED:
            raise _malformed(
                f"the reserved character '{ch}' must be escaped with a backslash (\\{ch})"
            )
        else:
            word.append({"*": "\x00", "?": "\x01"}.get(ch, ch))
            bare.append(ch)
            i += 1
    flush()
    if not out:
        raise QueryError(MALFORMED_SEARCH, "search term must be longer than one character")
    return out


def _closing_quote(raw: str, start: int) -> int:
    i = start
    while i < len(raw):
        if raw[i] == "\\":
            i += 2
            continue
        if raw[i] == '"':
            return i
        i += 1
    raise _malformed("a quoted phrase is not closed")


def _unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
            continue
        out.append({"*": "\x00", "?": "\x01"}.get(text[i], text[i]))
        i += 1
    return "".join(out)


class _TermParser:
    """either := both {OR both};  both := unary {[AND] [NOT] unary};  unary := ( either ) | word."""

    def __init__(self, lexemes: list[_Lex]) -> None:
        self.lexemes, self.index = lexemes, 0

    def _peek_op(self, *ops: str) -> bool:
        if self.index >= len(self.lexemes):
            return False
        lex = self.lexemes[self.index]
        return lex.kind == "word" and lex.bare.upper() in ops

    def either(self) -> Matcher:
        parts = [self.both()]
        while self._peek_op("OR"):
            self.index += 1
            parts.append(self.both())
        return parts[0] if len(parts) == 1 else (lambda t: any(p(t) for p in parts))

    def both(self) -> Matcher:
        parts = [self.unary()]
        while self.index < len(self.lexemes) and self.lexemes[self.index].kind != ")":
            if self._peek_op("OR"):
                break
            if self._peek_op("AND"):
                self.index += 1
            if self._peek_op("NOT"):
                self.index += 1
                inner = self.unary()
                parts.append(lambda t, inner=inner: not inner(t))
            else:
                parts.append(self.unary())
        return parts[0] if len(parts) == 1 else (lambda t: all(p(t) for p in parts))

    def unary(self) -> Matcher:
        if self.index >= len(self.lexemes):
            raise _malformed("an operator is missing its search word")
        lex = self.lexemes[self.index]
        self.index += 1
        if lex.kind == "(":
            inner = self.either()
            if self.index >= len(self.lexemes) or self.lexemes[self.index].kind != ")":
                raise _malformed("a parenthesis is not closed")
            self.index += 1
            return inner
        if lex.kind == ")" or (lex.kind == "word" and lex.bare.upper() in ("AND", "OR", "NOT")):
            raise _malformed(f"unexpected '{lex.bare}'")
        return _sequence(lex.text)


def _sequence(text: str) -> Matcher:
    """Consecutive tokens of one field, each a literal or a wildcard pattern.

    Compiled to one regular expression over the raw field text: tokens are separated by any run
    of non-alphanumerics and must not be glued to further letters or digits on either side.
    """
    pieces = re.findall(r"(?:[^\W_]|[\x00\x01])+", text)
    if not pieces:
        return lambda fields: False
    body = r"[\W_]+".join(_piece(piece) for piece in pieces)
    search = re.compile(rf"(?<![^\W_]){body}(?![^\W_])", re.IGNORECASE).search
    return lambda fields: any(search(field) for field in fields)


def _piece(piece: str) -> str:
    return "".join(
        r"[^\W_]*" if ch == "\x00" else r"[^\W_]" if ch == "\x01" else re.escape(ch) for ch in piece
    )
