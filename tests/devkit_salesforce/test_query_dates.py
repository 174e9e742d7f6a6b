"""Relative date literals as date ranges (org in UTC, weeks from Sunday, fiscal = calendar)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from devkit.salesforce.query.dates import date_range, today_utc

WEDNESDAY = date(2024, 5, 15)


@pytest.mark.parametrize(
    ("literal", "n", "start", "end"),
    [
        ("TODAY", None, date(2024, 5, 15), date(2024, 5, 16)),
        ("YESTERDAY", None, date(2024, 5, 14), date(2024, 5, 15)),
        ("TOMORROW", None, date(2024, 5, 16), date(2024, 5, 17)),
        ("THIS_WEEK", None, date(2024, 5, 12), date(2024, 5, 19)),
        ("LAST_WEEK", None, date(2024, 5, 5), date(2024, 5, 12)),
        ("NEXT_WEEK", None, date(2024, 5, 19), date(2024, 5, 26)),
        ("THIS_MONTH", None, date(2024, 5, 1), date(2024, 6, 1)),
        ("LAST_MONTH", None, date(2024, 4, 1), date(2024, 5, 1)),
        ("NEXT_MONTH", None, date(2024, 6, 1), date(2024, 7, 1)),
        ("THIS_QUARTER", None, date(2024, 4, 1), date(2024, 7, 1)),
        ("LAST_QUARTER", None, date(2024, 1, 1), date(2024, 4, 1)),
        ("NEXT_QUARTER", None, date(2024, 7, 1), date(2024, 10, 1)),
        ("THIS_YEAR", None, date(2024, 1, 1), date(2025, 1, 1)),
        ("LAST_YEAR", None, date(2023, 1, 1), date(2024, 1, 1)),
        ("NEXT_YEAR", None, date(2025, 1, 1), date(2026, 1, 1)),
        ("THIS_FISCAL_QUARTER", None, date(2024, 4, 1), date(2024, 7, 1)),
        ("LAST_90_DAYS", None, date(2024, 2, 15), date(2024, 5, 16)),
        ("NEXT_90_DAYS", None, date(2024, 5, 16), date(2024, 8, 14)),
        ("LAST_N_DAYS", 7, date(2024, 5, 8), date(2024, 5, 16)),
        ("NEXT_N_DAYS", 7, date(2024, 5, 16), date(2024, 5, 23)),
        ("N_DAYS_AGO", 3, date(2024, 5, 12), date(2024, 5, 13)),
        ("LAST_N_WEEKS", 2, date(2024, 4, 28), date(2024, 5, 12)),
        ("NEXT_N_WEEKS", 1, date(2024, 5, 19), date(2024, 5, 26)),
        ("N_WEEKS_AGO", 1, date(2024, 5, 5), date(2024, 5, 12)),
        ("LAST_N_MONTHS", 6, date(2023, 11, 1), date(2024, 5, 1)),
        ("NEXT_N_MONTHS", 8, date(2024, 6, 1), date(2025, 2, 1)),
        ("N_MONTHS_AGO", 5, date(2023, 12, 1), date(2024, 1, 1)),
        ("LAST_N_QUARTERS", 2, date(2023, 10, 1), date(2024, 4, 1)),
        ("NEXT_N_QUARTERS", 3, date(2024, 7, 1), date(2025, 4, 1)),
        ("N_QUARTERS_AGO", 2, date(2023, 10, 1), date(2024, 1, 1)),
        ("LAST_N_YEARS", 2, date(2022, 1, 1), date(2024, 1, 1)),
        ("NEXT_N_YEARS", 1, date(2025, 1, 1), date(2026, 1, 1)),
        ("N_YEARS_AGO", 1, date(2023, 1, 1), date(2024, 1, 1)),
        ("N_FISCAL_YEARS_AGO", 1, date(2023, 1, 1), date(2024, 1, 1)),
    ],
)
def test_ranges(literal, n, start, end):
    assert date_range(literal, n, WEDNESDAY) == (start, end)


def test_a_sunday_starts_its_own_week():
    assert date_range("THIS_WEEK", None, date(2024, 5, 12)) == (
        date(2024, 5, 12),
        date(2024, 5, 19),
    )
    assert date_range("THIS_WEEK", None, date(2024, 5, 18))[0] == date(2024, 5, 12)


def test_huge_n_is_clamped_not_an_overflow():
    assert date_range("NEXT_N_DAYS", 10**9, WEDNESDAY)[1] == date.max
    assert date_range("LAST_N_YEARS", 10**6, WEDNESDAY)[0] == date.min


def test_today_is_the_utc_date():
    late_in_new_york = datetime(2024, 5, 15, 22, 0, tzinfo=timezone(timedelta(hours=-4)))
    assert today_utc(late_in_new_york) == date(2024, 5, 16)
    assert today_utc(datetime(2024, 5, 15, 23, 59)) == date(2024, 5, 15)
    assert today_utc(None) == datetime.now(UTC).date()
