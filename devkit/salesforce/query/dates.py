"""Relative date literals (TODAY, LAST_N_DAYS:n, THIS_QUARTER…) as half-open date ranges.

Follows the SOQL reference "Date Formats and Date Literals". The emulated org runs in UTC, weeks
start on Sunday (en_US) and the fiscal year is the calendar year (Salesforce's default), so the
FISCAL literals equal their calendar twins.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

# name -> (unit, relation); relation says where the range sits relative to the current unit.
_FIXED = {
    "YESTERDAY": ("day", -1), "TODAY": ("day", 0), "TOMORROW": ("day", 1),
    "LAST_WEEK": ("week", -1), "THIS_WEEK": ("week", 0), "NEXT_WEEK": ("week", 1),
    "LAST_MONTH": ("month", -1), "THIS_MONTH": ("month", 0), "NEXT_MONTH": ("month", 1),
    "LAST_QUARTER": ("quarter", -1), "THIS_QUARTER": ("quarter", 0), "NEXT_QUARTER": ("quarter", 1),
    "LAST_YEAR": ("year", -1), "THIS_YEAR": ("year", 0), "NEXT_YEAR": ("year", 1),
    "LAST_FISCAL_QUARTER": ("quarter", -1), "THIS_FISCAL_QUARTER": ("quarter", 0),
    "NEXT_FISCAL_QUARTER": ("quarter", 1), "LAST_FISCAL_YEAR": ("year", -1),
    "THIS_FISCAL_YEAR": ("year", 0), "NEXT_FISCAL_YEAR": ("year", 1),
}  # fmt: skip
_WITH_N = {
    "LAST_N_DAYS": "day", "NEXT_N_DAYS": "day", "N_DAYS_AGO": "day",
    "LAST_N_WEEKS": "week", "NEXT_N_WEEKS": "week", "N_WEEKS_AGO": "week",
    "LAST_N_MONTHS": "month", "NEXT_N_MONTHS": "month", "N_MONTHS_AGO": "month",
    "LAST_N_QUARTERS": "quarter", "NEXT_N_QUARTERS": "quarter", "N_QUARTERS_AGO": "quarter",
    "LAST_N_YEARS": "year", "NEXT_N_YEARS": "year", "N_YEARS_AGO": "year",
    "LAST_N_FISCAL_QUARTERS": "quarter", "NEXT_N_FISCAL_QUARTERS": "quarter",
    "N_FISCAL_QUARTERS_AGO": "quarter", "LAST_N_FISCAL_YEARS": "year",
    "NEXT_N_FISCAL_YEARS": "year", "N_FISCAL_YEARS_AGO": "year",
}  # fmt: skip
_SPANS = {"LAST_90_DAYS": ("LAST_N_DAYS", 90), "NEXT_90_DAYS": ("NEXT_N_DAYS", 90)}


def is_date_literal(name: str) -> bool:
    """True for a literal that stands alone (TODAY, LAST_90_DAYS…)."""
    return name.upper() in _FIXED or name.upper() in _SPANS


def needs_n(name: str) -> bool:
    """True for a literal written with ``:n`` (LAST_N_DAYS:30…)."""
    return name.upper() in _WITH_N


def today_utc(now: datetime | None) -> date:
    """The org's current date (UTC); a naive ``now`` is taken as UTC."""
    now = now or datetime.now(UTC)
    if now.tzinfo is not None:
        now = now.astimezone(UTC)
    return now.date()


def date_range(name: str, n: int | None, today: date) -> tuple[date, date]:
    """The ``[start, end)`` dates a literal covers."""
    name = name.upper()
    if name in _SPANS:
        name, n = _SPANS[name]
    if name in _FIXED:
        unit, step = _FIXED[name]
        start = _shift(_unit_start(unit, today), unit, step)
        return start, _shift(start, unit, 1)
    unit, count = _WITH_N[name], n or 0
    current = _unit_start(unit, today)
    if name == "LAST_N_DAYS":  # includes today: n + 1 days in all
        return _shift(today, "day", -count), _shift(today, "day", 1)
    if name.startswith("LAST_N_"):
        return _shift(current, unit, -count), current
    if name.startswith("NEXT_N_"):
        nxt = _shift(current, unit, 1)
        return nxt, _shift(nxt, unit, count)
    start = _shift(current, unit, -count)  # N_..._AGO: one whole unit
    return start, _shift(start, unit, 1)


def _unit_start(unit: str, day: date) -> date:
    if unit == "day":
        return day
    if unit == "week":  # Sunday
        return day - timedelta(days=(day.weekday() + 1) % 7)
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def _shift(start: date, unit: str, count: int) -> date:
    if unit in ("day", "week"):
        days = count * (7 if unit == "week" else 1)
        try:
            return start + timedelta(days=days)
        except OverflowError:
            return date.max if days > 0 else date.min
    months = {"month": 1, "quarter": 3, "year": 12}[unit] * count
    index = start.year * 12 + start.month - 1 + months
    year = index // 12
    if year < 1 or year > 9999:  # clamp far-away ranges rather than overflow
        return date.min if year < 1 else date.max
    return date(year, index % 12 + 1, 1)
