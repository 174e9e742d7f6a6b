"""Values the way people type them → Python values, per Salesforce field type.

Numbers: `50k`, `$1.2M`, `1,200.50` (or `1.200,50` in a decimal-comma locale), `12%`.
Booleans: yes/no/true/false/y/n/on/off/1/0. Durations: `30m`, `1h`, `1h30m`, `90 min`, `1:30`.
Email, phone and URL are checked and tidied. Dates and times are in `bot.salesforce.dates`.
Every parser raises only `ValueProblem`, whose message shows what was typed and a valid example.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from bot.salesforce.dates import parse_date, parse_datetime, parse_time
from bot.salesforce.valuetypes import UserContext, ValueProblem

__all__ = [
    "EXAMPLES",
    "UserContext",
    "ValueProblem",
    "normalize_email",
    "normalize_phone",
    "normalize_url",
    "parse_boolean",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "parse_number",
    "parse_time",
    "parse_value",
]

EXAMPLES = {
    "int": "12",
    "double": "1,200.50",
    "currency": "50k",
    "percent": "12%",
    "boolean": "yes",
    "duration": "1h30m",
    "email": "ada@example.com",
    "phone": "+1 415 555 0100",
    "url": "https://example.com",
}
_MULTIPLIERS = {"k": 3, "thousand": 3, "m": 6, "mm": 6, "mn": 6, "mio": 6, "million": 6,
                "b": 9, "bn": 9, "billion": 9}  # fmt: skip
_CODES = "usd|eur|gbp|jpy|cad|aud|chf|inr|cny|sek|nok|dkk|nzd|brl|mxn|zar|sgd|hkd"
_CURRENCY = re.compile(rf"^(?:[$€£¥₹]|(?:{_CODES})\b)\s*|\s*(?:[$€£¥₹]|\b(?:{_CODES}))$", re.I)
_NUMBER = re.compile(
    r"(?P<num>\d[\d,.' _\u00a0\u202f]*|[.,]\d+)\s*(?P<mult>[a-z]+)?\s*(?P<pct>%)?", re.IGNORECASE
)
_TRUE = frozenset({"yes", "y", "true", "t", "on", "1", "checked", "✓", "✅", "x"})
_FALSE = frozenset({"no", "n", "false", "f", "off", "0", "unchecked", "none", "-"})
_DURATION_PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hours?|m|mins?|minutes?|s|secs?|seconds?|d|days?)(?![a-z])"
)
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1, "d": 86400}
_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[a-z]{2,63}", re.IGNORECASE)
_PHONE = re.compile(r"\+?[\d\s().\-/]{4,}(?:\s*(?:x|ext\.?|extension)\s*\d{1,6})?", re.IGNORECASE)
_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}|localhost|[\d.]+")


def _problem(typed: str, kind: str, reason: str) -> ValueProblem:
    return ValueProblem(typed=typed, reason=reason, example=EXAMPLES[kind])


def _digits(num: str, *, decimal_comma: bool) -> str:
    """`1,200.50` / `1.200,50` / `1 200` → `1200.50`: decide which mark is the decimal one."""
    num = re.sub(r"[' _\u00a0\u202f]", "", num)
    commas, dots = num.count(","), num.count(".")
    decimal: str | None
    if commas and dots:
        decimal = "," if num.rfind(",") > num.rfind(".") else "."
    elif commas + dots == 0:
        return num
    else:
        mark = "," if commas else "."
        tail = num.rsplit(mark, 1)[1]
        grouping = (commas + dots > 1) or (len(tail) == 3 and (mark == ",") != decimal_comma)
        decimal = None if grouping else mark
    grouping_mark = "." if decimal == "," else ","
    num = num.replace(grouping_mark, "") if decimal else num.replace(",", "").replace(".", "")
    return num.replace(",", ".") if decimal == "," else num


def parse_number(typed: str, *, kind: str = "double", ctx: UserContext | None = None) -> Decimal:
    """A number, with `k`/`M`/`bn` multipliers, currency marks and `%`.

    Args:
        typed: e.g. `50k`, `$1.2M`, `-3.5`, `1,200.50`, `12%`.
        kind: The field type (`int`, `double`, `currency`, `percent`) for the checks and example.
        ctx: The user's locale, which decides whether `1,5` is one and a half.

    Raises:
        ValueProblem: Not a number, or not one this kind of field takes.
    """
    ctx = ctx or UserContext()
    text, sign = typed.strip(), 1
    for _ in range(2):  # the sign may come before or after a currency mark: -$5, $-5
        if text.startswith(("+", "-", "−")):
            sign, text = (-1 if text[0] != "+" else 1) * sign, text[1:].lstrip()
        if kind in ("currency", "double", "int"):
            text = _CURRENCY.sub("", text, count=2).strip()
    m = _NUMBER.fullmatch(text)
    if not text or m is None:
        raise _problem(typed, kind, "isn't a number.")
    multiplier = (m.group("mult") or "").casefold()
    if multiplier and multiplier not in _MULTIPLIERS:
        raise _problem(typed, kind, "isn't a number (use k, M or bn for thousands, millions).")
    if m.group("pct") and kind != "percent":
        raise _problem(typed, kind, "is a percentage; this field takes a plain number.")
    try:
        value = Decimal(_digits(m.group("num"), decimal_comma=ctx.decimal_comma))
    except InvalidOperation as exc:
        raise _problem(typed, kind, "isn't a number.") from exc
    value = sign * value.scaleb(_MULTIPLIERS.get(multiplier, 0))
    if value == value.to_integral_value():
        return Decimal(int(value))  # 5E+4 → 50000, so it prints and serialises plainly
    if kind == "int":
        raise _problem(typed, kind, "isn't a whole number.")
    return value.normalize()


def parse_boolean(typed: str) -> bool:
    """yes/no, true/false, y/n, on/off, 1/0 (any case).

    Raises:
        ValueProblem: None of those words.
    """
    text = typed.strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueProblem(typed=typed, reason="isn't yes or no.", example="yes")


def parse_duration(typed: str, *, default_unit: str = "m") -> int:
    """A duration in whole seconds: `30m`, `1h`, `1h30m`, `1h 30 min`, `90 min`, `1.5h`, `1:30`.

    Args:
        typed: What the user typed.
        default_unit: Unit of a bare number (`m` minutes by default, `s` or `h`).

    Raises:
        ValueProblem: Not a duration.
    """
    text = " ".join(typed.casefold().replace(" and ", " ").replace(",", " ").split())
    if m := re.fullmatch(r"(\d{1,3}):([0-5]\d)", text):
        return int(m.group(1)) * 3600 + int(m.group(2)) * 60
    if re.fullmatch(r"\d{1,7}(?:\.\d+)?", text):
        return round(Decimal(text) * _UNIT_SECONDS[default_unit])
    parts = _DURATION_PART.findall(text)
    leftover = _DURATION_PART.sub("", text).strip()
    if not parts or leftover or len(text) > 60:
        raise _problem(typed, "duration", "isn't a duration.")
    total = sum(Decimal(n.replace(",", ".")) * _UNIT_SECONDS[u[0]] for n, u in parts)
    return round(total)


def normalize_email(typed: str) -> str:
    """A tidy email address (`mailto:` dropped, domain lower-cased).

    Raises:
        ValueProblem: Not an email address.
    """
    text = typed.strip().removeprefix("mailto:").strip()
    if not _EMAIL.fullmatch(text) or ".." in text or len(text) > 80:
        raise _problem(typed, "email", "isn't an email address.")
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.casefold()}"


def normalize_phone(typed: str) -> str:
    """A phone number as typed, with spacing tidied; needs at least six digits.

    Raises:
        ValueProblem: Letters or too few digits.
    """
    text = " ".join(typed.split())
    if not _PHONE.fullmatch(text) or sum(ch.isdigit() for ch in text) < 6 or len(text) > 40:
        raise _problem(typed, "phone", "isn't a phone number.")
    return text


def normalize_url(typed: str) -> str:
    """A web address; `https://` is added when missing, only http and https are accepted.

    Raises:
        ValueProblem: Not a web address.
    """
    text = typed.strip().strip("<>")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").casefold()
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError as exc:
        raise _problem(typed, "url", "isn't a web address.") from exc
    if parts.scheme.casefold() not in ("http", "https") or "@" in parts.netloc:
        raise _problem(typed, "url", "isn't a web address.")
    if not _HOST.fullmatch(host):
        raise _problem(typed, "url", "isn't a web address.")
    if any(ch.isspace() for ch in text) or len(text) > 255:
        raise _problem(typed, "url", "isn't a web address.")
    return parts._replace(scheme=parts.scheme.casefold(), netloc=parts.netloc.casefold()).geturl()


def parse_value(typed: str, *, field_type: str, ctx: UserContext | None = None) -> Any:
    """Parse typed text for a Salesforce field type (picklists and references excluded).

    Args:
        typed: What the user typed.
        field_type: The describe `type` (`currency`, `date`, `boolean`, …).
        ctx: The user's locale and time zone.

    Returns:
        `Decimal` for numbers, `bool`, `date`, `datetime` (aware), `time`, or a tidy `str`.

    Raises:
        ValueProblem: The text isn't a value of that type.
    """
    ctx = ctx or UserContext()
    if field_type in ("int", "double", "currency", "percent", "long"):
        return parse_number(typed, kind="int" if field_type == "long" else field_type, ctx=ctx)
    if field_type == "boolean":
        return parse_boolean(typed)
    if field_type == "date":
        return parse_date(typed, ctx=ctx)
    if field_type == "datetime":
        return parse_datetime(typed, ctx=ctx)
    if field_type == "time":
        return parse_time(typed)
    if field_type == "email":
        return normalize_email(typed)
    if field_type == "phone":
        return normalize_phone(typed)
    if field_type == "url":
        return normalize_url(typed)
    return typed
