"""Tokenizer shared by the SOQL and SOSL parsers.

Follows the literal rules of the SOQL reference ("Quoted String Escape Sequences", "Date Formats and
Date Literals"): single-quoted strings with backslash escapes, ISO dates and datetimes with a zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import MALFORMED_QUERY, MALFORMED_SEARCH, QueryError, located

IDENT, STRING, NUMBER, DATE, DATETIME = "ident", "string", "number", "date", "datetime"
OP, LPAREN, RPAREN, COMMA, COLON, BRACED, EOF = "op", "(", ")", ",", ":", "braced", "eof"

# \% and \_ only mean something inside LIKE patterns; elsewhere they are the plain characters.
_ESCAPES = {
    "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f",
    '"': '"', "'": "'", "\\": "\\", "%": "%", "_": "_",
}  # fmt: skip
_OPERATORS = ("!=", "<>", "<=", ">=", "=", "<", ">")


@dataclass(frozen=True, slots=True)
class Token:
    """One lexeme: ``value`` is decoded (strings unescaped), ``raw`` is the source text."""

    kind: str
    value: str
    pos: int
    raw: str = ""

    def is_word(self, *words: str) -> bool:
        """True when this is an identifier equal (case-insensitively) to one of ``words``."""
        return self.kind == IDENT and self.value.upper() in words


def tokenize(text: str, *, error_code: str = MALFORMED_QUERY) -> list[Token]:
    """Split ``text`` into tokens, ending with an EOF token.

    Raises:
        QueryError: On a character or literal Salesforce would not accept.
    """
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch.isalpha() or ch == "_":
            i = _word(text, i, tokens, error_code)
        elif ch.isdigit() or (ch in "+-" and i + 1 < n and text[i + 1].isdigit()):
            i = _number_or_date(text, i, tokens, error_code)
        elif ch == "'":
            i = _string(text, i, tokens, error_code)
        elif ch == "{":
            i = _braced(text, i, tokens, error_code)
        elif ch in "(),:":
            tokens.append(Token(ch, ch, i, ch))
            i += 1
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
            if op is None:
                raise located(error_code, f"unexpected token: '{ch}'", text, i)
            tokens.append(Token(OP, "!=" if op == "<>" else op, i, op))
            i += len(op)
    tokens.append(Token(EOF, "", n, ""))
    return tokens


def _word(text: str, i: int, out: list[Token], code: str) -> int:
    """An identifier, possibly a dotted relationship path such as ``Account.Owner.Name``."""
    start, n = i, len(text)
    while True:
        while i < n and (text[i].isalnum() or text[i] == "_"):
            i += 1
        if i < n and text[i] == ".":
            if i + 1 < n and (text[i + 1].isalpha() or text[i + 1] == "_"):
                i += 1
                continue
            raise located(code, "unexpected token: '.'", text, i)
        break
    word = text[start:i]
    out.append(Token(IDENT, word, start, word))
    return i


def _digits(text: str, i: int, count: int) -> int:
    end = i + count
    if end > len(text) or not text[i:end].isdigit():
        return -1
    return end


def _number_or_date(text: str, i: int, out: list[Token], code: str) -> int:
    start = i
    if _digits(text, i, 4) != -1 and text[i + 4 : i + 5] == "-":
        return _date(text, i, out, code)
    if text[i] in "+-":
        i += 1
    while i < len(text) and text[i].isdigit():
        i += 1
    if i < len(text) and text[i] == ".":
        i += 1
        if i >= len(text) or not text[i].isdigit():
            raise located(code, f"unexpected token: '{text[start:i]}'", text, start)
        while i < len(text) and text[i].isdigit():
            i += 1
    if i < len(text) and (text[i].isalpha() or text[i] == "_"):
        raise located(code, f"unexpected token: '{text[start : i + 1]}'", text, start)
    out.append(Token(NUMBER, text[start:i], start, text[start:i]))
    return i


def _date(text: str, i: int, out: list[Token], code: str) -> int:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDThh:mm:ss[.sss](Z|±hh:mm|±hhmm)``."""
    start = i
    j = _digits(text, i + 5, 2)
    j = _digits(text, j + 1, 2) if j != -1 and text[j : j + 1] == "-" else -1
    if j == -1:
        raise located(code, f"unexpected token: '{_chunk(text, start)}'", text, start)
    if text[j : j + 1] != "T":
        out.append(Token(DATE, text[start:j], start, text[start:j]))
        return j
    k = j + 1
    for sep in ("", ":", ":"):
        if sep and text[k : k + 1] != sep:
            k = -1
            break
        k = _digits(text, k + len(sep), 2)
        if k == -1:
            break
    if k != -1 and text[k : k + 1] == ".":
        k += 1
        while k < len(text) and text[k].isdigit():
            k += 1
    if k != -1 and text[k : k + 1] == "Z":
        k += 1
    elif k != -1 and text[k : k + 1] in ("+", "-"):
        zone = _digits(text, k + 1, 2)
        if zone != -1 and text[zone : zone + 1] == ":":
            zone = _digits(text, zone + 1, 2)
        elif zone != -1:
            zone = _digits(text, zone, 2)
        k = zone
    else:
        k = -1
    if k == -1 or (k < len(text) and (text[k].isalnum() or text[k] in "_.:")):
        raise located(code, f"unexpected token: '{_chunk(text, start)}'", text, start)
    out.append(Token(DATETIME, text[start:k], start, text[start:k]))
    return k


def _chunk(text: str, start: int) -> str:
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in "(),":
        end += 1
    return text[start:end]


def _string(text: str, i: int, out: list[Token], code: str) -> int:
    start, n = i, len(text)
    i += 1
    chars: list[str] = []
    while i < n:
        ch = text[i]
        if ch == "'":
            out.append(Token(STRING, "".join(chars), start, text[start + 1 : i]))
            return i + 1
        if ch == "\\":
            nxt = text[i + 1 : i + 2]
            if nxt == "u" and _is_hex(text[i + 2 : i + 6]):
                chars.append(chr(int(text[i + 2 : i + 6], 16)))
                i += 6
                continue
            if nxt not in _ESCAPES:
                literal = text[start : min(n, i + 2)]
                raise located(
                    code,
                    f"Invalid string literal {literal}. "
                    f"Illegal character sequence '\\{nxt}' in string literal.",
                    text,
                    start,
                )
            chars.append(_ESCAPES[nxt])
            i += 2
            continue
        chars.append(ch)
        i += 1
    raise located(code, "unexpected token: <EOF> (unterminated string literal)", text, start)


def _is_hex(chunk: str) -> bool:
    return len(chunk) == 4 and all(c in "0123456789abcdefABCDEF" for c in chunk)


def _braced(text: str, i: int, out: list[Token], code: str) -> int:
    """A SOSL search term: everything up to the first unescaped ``}``."""
    start, j = i, i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == "}":
            out.append(Token(BRACED, text[start + 1 : j], start, text[start + 1 : j]))
            return j + 1
        j += 1
    if code != MALFORMED_SEARCH:
        raise located(code, "unexpected token: '{'", text, start)
    raise QueryError(code, "No search term found. The search term must be enclosed in braces.")
