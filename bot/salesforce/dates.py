"""Dates, date-times and times the way people type them, in their locale and time zone.

`2026-12-31`, `31/12/2026` (en-GB) or `12/31/2026` (en-US), `Dec 31`, `today`, `tomorrow`,
`friday` (the coming one, today included), `next friday` (strictly after today), `in 2 weeks`,
`end of month`, `eoq`; date-times add a time: `2026-12-31 14:00`, `tomorrow 3pm`, `friday at 9:30`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, time, timedelta

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta

from bot.salesforce.valuetypes import UserContext, ValueProblem

WEEKDAYS = {name: i for i, names in enumerate(
    ("mon monday", "tue tues tuesday", "wed weds wednesday", "thu thur thurs thursday",
     "fri friday", "sat saturday", "sun sunday")) for name in names.split()}  # fmt: skip
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_UNITS = {"d": "days", "day": "days", "w": "weeks", "wk": "weeks", "week": "weeks",
          "m": "months", "mo": "months", "month": "months", "y": "years", "yr": "years",
          "year": "years"}  # fmt: skip
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})(?:\2(\d{2}|\d{4}))?")
_IN = re.compile(r"(?:in\s+)?(\d{1,4}|an?|one)\s*([a-z]+?)s?(?:\s+from\s+(?:now|today))?")
_TIME = re.compile(
    r"(?P<h>\d{1,2})(?:[:h.](?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ap>am|pm|a\.m\.|p\.m\.|a|p)?"
)
_TRAILING_TIME = re.compile(
    r"^(?P<date>.*?)(?:\s*(?:at|@|,)?\s+|^)(?P<time>[\d:h.]+\s*(?:[ap]\.?m\.?|[ap])?|noon|midnight)$"
)  # noqa: E501
_ENDS = {"eom": "month", "eoq": "quarter", "eoy": "year", "eow": "week"}

DATE_EXAMPLE = "2026-12-31"
DATETIME_EXAMPLE = "2026-12-31 14:00"
TIME_EXAMPLE = "14:30"


def _problem(typed: str, example: str, reason: str = "isn't a date I understand.") -> ValueProblem:
    return ValueProblem(typed=typed, reason=reason, example=example)


def _end_of(period: str, today: date, ctx: UserContext, later: int = 0) -> date:
    if period == "week":  # the working week ends on Friday
        return today + timedelta(days=(4 - today.weekday()) % 7 + 7 * later)
    if period == "month":
        first = today.replace(day=1) + relativedelta(months=later)
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if period == "year":
        start_month = ctx.fiscal_year_start_month
        start = date(today.year - (today.month < start_month), start_month, 1)
        return start + relativedelta(years=1 + later, days=-1)
    # quarter: three-month blocks starting at the fiscal year's first month
    offset = (today.month - ctx.fiscal_year_start_month) % 3
    start = today.replace(day=1) - relativedelta(months=offset)
    return start + relativedelta(months=3 * (1 + later), days=-1)


def _relative(text: str, today: date, ctx: UserContext) -> date | None:
    simple = {"today": 0, "tod": 0, "now": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "yesterday": -1}
    if text in simple:
        return today + timedelta(days=simple[text])
    if text in _ENDS:
        return _end_of(_ENDS[text], today, ctx)
    m = re.fullmatch(
        r"(?:the\s+)?end\s+of\s+(?:the\s+)?(this\s+|next\s+)?(week|month|quarter|year)", text
    )  # noqa: E501
    if m:
        return _end_of(m.group(2), today, ctx, later=1 if m.group(1) == "next " else 0)
    m = re.fullmatch(r"(this\s+|next\s+)?([a-z]+)", text)
    if m and m.group(2) in WEEKDAYS:
        ahead = (WEEKDAYS[m.group(2)] - today.weekday()) % 7
        if m.group(1) and m.group(1).startswith("next") and ahead == 0:
            ahead = 7
        return today + timedelta(days=ahead)
    if text in ("next week", "next month"):
        if text == "next week":
            return today + timedelta(days=7 - today.weekday())
        return today.replace(day=1) + relativedelta(months=1)
    m = _IN.fullmatch(text)
    if m and (text.startswith("in ") or "from" in text) and m.group(2) in _UNITS:
        count = 1 if m.group(1) in ("a", "an", "one") else int(m.group(1))
        return today + relativedelta(**{_UNITS[m.group(2)]: count})
    return None


def _numeric(m: re.Match[str], today: date, ctx: UserContext) -> date:
    first, sep, second, year_text = int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
    year = today.year if year_text is None else int(year_text)
    if year_text is not None and len(year_text) == 2:
        year += 2000
    month_first = ctx.month_first and sep != "."  # dotted dates are day-first everywhere
    if month_first and first > 12 >= second:
        month_first = False  # 31/12 can only be day/month, whatever the locale
    elif not month_first and second > 12 >= first:
        month_first = True
    month, day = (first, second) if month_first else (second, first)
    return date(year, month, day)


def parse_date(typed: str, *, ctx: UserContext) -> date:
    """A date from what a user typed.

    Args:
        typed: e.g. `2026-12-31`, `31/12/2026`, `Dec 31`, `tomorrow`, `next friday`, `eoq`.
        ctx: The user's locale (for day/month order), time zone (for "today") and fiscal year.

    Raises:
        ValueProblem: Not a date, or not a real one (`2026-02-30`).
    """
    text = " ".join(typed.casefold().split()).rstrip(".")
    today = ctx.today()
    try:
        found = _relative(text, today, ctx)
        if found is not None:
            return found
        if m := _ISO.fullmatch(text):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := _NUMERIC.fullmatch(text):
            return _numeric(m, today, ctx)
        if re.search(_MONTHS, text) and len(text) <= 40:
            default = datetime(today.year, today.month, 1)
            parsed = dateutil_parser.parse(text, default=default, dayfirst=not ctx.month_first)
            if parsed.time() == time(0):
                return parsed.date()
    except (ValueError, OverflowError, ArithmeticError) as exc:
        raise _problem(typed, DATE_EXAMPLE, "isn't a real date.") from exc
    raise _problem(typed, DATE_EXAMPLE, "isn't a date I understand.")


def parse_time(typed: str) -> time:
    """A time of day: `14:30`, `2pm`, `2:30 pm`, `14h30`, `noon`, `midnight`.

    Raises:
        ValueProblem: Not a time of day.
    """
    text = " ".join(typed.casefold().split())
    if text in ("noon", "midday"):
        return time(12)
    if text == "midnight":
        return time(0)
    m = _TIME.fullmatch(text)
    # a bare number is too ambiguous (an hour? minutes?) unless it has am/pm
    if m and (m.group("m") or m.group("ap") or "h" in text):
        hour, minute, second = int(m.group("h")), int(m.group("m") or 0), int(m.group("s") or 0)
        ap = (m.group("ap") or "").replace(".", "")[:1]
        if ap and not 1 <= hour <= 12:
            raise _problem(typed, TIME_EXAMPLE, "isn't a time (am/pm hours go from 1 to 12).")
        if ap:
            hour = hour % 12 + (12 if ap == "p" else 0)
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    raise _problem(typed, TIME_EXAMPLE, "isn't a time of day I understand.")


def parse_datetime(typed: str, *, ctx: UserContext) -> datetime:
    """A moment, read in the user's time zone and returned aware (in that zone).

    Args:
        typed: e.g. `2026-12-31 14:00`, `2026-12-31T14:00:00Z`, `tomorrow 3pm`, `friday at 9:30`.
        ctx: The user's locale and time zone.

    Raises:
        ValueProblem: No date, no time, or not a real moment.
    """
    text = " ".join(typed.strip().split())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})?", text, re.IGNORECASE):
        try:
            parsed = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
        except ValueError as exc:
            raise _problem(typed, DATETIME_EXAMPLE, "isn't a real date and time.") from exc
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=ctx.zone)
    if text.casefold() == "now":
        return ctx.current().replace(second=0, microsecond=0)
    m = _TRAILING_TIME.fullmatch(text.casefold())
    if m is None:
        reason = "needs a time as well as a date."
        raise _problem(typed, DATETIME_EXAMPLE, reason)
    try:
        at = parse_time(m.group("time"))
        day = parse_date(m.group("date"), ctx=ctx) if m.group("date").strip() else ctx.today()
    except ValueProblem as exc:
        raise _problem(typed, DATETIME_EXAMPLE, "isn't a date and time I understand.") from exc
    return datetime.combine(day, at, tzinfo=ctx.zone)
