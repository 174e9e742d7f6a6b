"""Value parsers: what people type → values, and a clear problem for anything else."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.salesforce.values import (
    UserContext,
    ValueProblem,
    normalize_email,
    normalize_phone,
    normalize_url,
    parse_boolean,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_number,
    parse_time,
    parse_value,
)

WEDNESDAY = datetime(2026, 5, 13, 10, 0, tzinfo=UTC)
US = UserContext(locale="en-US", tz="America/New_York", now=WEDNESDAY)
GB = UserContext(locale="en-GB", tz="Europe/London", now=WEDNESDAY)
DE = UserContext(locale="de-DE", tz="Europe/Berlin", now=WEDNESDAY)


@pytest.mark.parametrize(
    ("typed", "kind", "expected"),
    [
        ("50k", "currency", "50000"),
        ("$1.2M", "currency", "1200000"),
        ("1,200.50", "double", "1200.5"),
        ("12%", "percent", "12"),
        ("-$5", "currency", "-5"),
        ("$-5", "currency", "-5"),
        ("EUR 300", "currency", "300"),
        ("2bn", "currency", "2000000000"),
        ("1 200", "int", "1200"),
        ("1.5k", "int", "1500"),
        ("1,5k", "currency", "1500"),
        (" 42 ", "int", "42"),
    ],
)
def test_numbers(typed: str, kind: str, expected: str) -> None:
    assert parse_number(typed, kind=kind, ctx=US) == Decimal(expected)


def test_decimal_comma_locales() -> None:
    assert parse_number("1.200,50", kind="currency", ctx=US) == Decimal("1200.5")
    assert parse_number("1,200", kind="currency", ctx=US) == Decimal("1200")
    assert parse_number("1,200", kind="currency", ctx=DE) == Decimal("1.2")
    assert parse_number("1.200", kind="currency", ctx=DE) == Decimal("1200")


@pytest.mark.parametrize(
    ("typed", "kind", "reason"),
    [
        ("abc", "currency", "isn't a number"),
        ("12%", "currency", "is a percentage"),
        ("1.5", "int", "isn't a whole number"),
        ("5 apples", "double", "use k, M or bn"),
        ("", "double", "isn't a number"),
    ],
)
def test_number_problems_name_the_input_and_an_example(typed: str, kind: str, reason: str) -> None:
    with pytest.raises(ValueProblem) as info:
        parse_number(typed, kind=kind)
    assert reason in info.value.message
    assert f"“{typed.strip()}”" in info.value.message or typed == ""
    assert "Try “" in info.value.message


@pytest.mark.parametrize("typed", ["yes", "Y", "true", "On", "1"])
def test_true_words(typed: str) -> None:
    assert parse_boolean(typed) is True


@pytest.mark.parametrize("typed", ["no", "N", "FALSE", "off", "0"])
def test_false_words(typed: str) -> None:
    assert parse_boolean(typed) is False


def test_boolean_problem() -> None:
    with pytest.raises(ValueProblem, match="isn't yes or no"):
        parse_boolean("maybe")


@pytest.mark.parametrize(
    ("typed", "ctx", "expected"),
    [
        ("2026-12-31", US, date(2026, 12, 31)),
        ("31/12/2026", GB, date(2026, 12, 31)),
        ("12/31/2026", US, date(2026, 12, 31)),
        ("01/02/2026", US, date(2026, 1, 2)),
        ("01/02/2026", GB, date(2026, 2, 1)),
        ("31/12/2026", US, date(2026, 12, 31)),  # only one reading is a date
        ("1.2.2026", US, date(2026, 2, 1)),
        ("Dec 31", US, date(2026, 12, 31)),
        ("31 December 2026", GB, date(2026, 12, 31)),
        ("today", US, date(2026, 5, 13)),
        ("tomorrow", US, date(2026, 5, 14)),
        ("friday", US, date(2026, 5, 15)),
        ("wednesday", US, date(2026, 5, 13)),
        ("next wednesday", US, date(2026, 5, 20)),
        ("in 2 weeks", US, date(2026, 5, 27)),
        ("in a month", US, date(2026, 6, 13)),
        ("3 days from now", US, date(2026, 5, 16)),
        ("end of month", US, date(2026, 5, 31)),
        ("end of quarter", US, date(2026, 6, 30)),
        ("EOQ", US, date(2026, 6, 30)),
        ("end of next quarter", US, date(2026, 9, 30)),
        ("eoy", US, date(2026, 12, 31)),
    ],
)
def test_dates(typed: str, ctx: UserContext, expected: date) -> None:
    assert parse_date(typed, ctx=ctx) == expected


def test_today_is_where_the_user_is() -> None:
    late = datetime(2026, 5, 13, 23, 30, tzinfo=UTC)
    assert parse_date("today", ctx=UserContext(tz="Asia/Tokyo", now=late)) == date(2026, 5, 14)
    assert parse_date("today", ctx=UserContext(tz="Not/AZone", now=late)) == date(2026, 5, 13)


def test_fiscal_quarters() -> None:
    ctx = UserContext(now=WEDNESDAY, fiscal_year_start_month=2)
    assert parse_date("eoq", ctx=ctx) == date(2026, 7, 31)
    assert parse_date("eoy", ctx=ctx) == date(2027, 1, 31)


@pytest.mark.parametrize(("typed", "reason"), [("2026-02-30", "real date"), ("soon", "understand")])
def test_date_problems(typed: str, reason: str) -> None:
    with pytest.raises(ValueProblem, match=reason) as info:
        parse_date(typed, ctx=US)
    assert "2026-12-31" in info.value.message


def test_datetimes_use_the_user_time_zone() -> None:
    assert parse_datetime("2026-12-31 14:00", ctx=US) == datetime(2026, 12, 31, 19, 0, tzinfo=UTC)
    assert parse_datetime("tomorrow 3pm", ctx=GB).astimezone(UTC) == datetime(
        2026, 5, 14, 14, 0, tzinfo=UTC
    )
    assert parse_datetime("friday at 9:30", ctx=GB).time() == time(9, 30)
    assert parse_datetime("2026-12-31T14:00:00Z", ctx=US).utcoffset() == timedelta(0)
    with pytest.raises(ValueProblem, match="needs a time"):
        parse_datetime("2026-12-31", ctx=US)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("14:30", time(14, 30)), ("2pm", time(14)), ("2:30 pm", time(14, 30)), ("12am", time(0)),
     ("14h30", time(14, 30)), ("noon", time(12))],
)  # fmt: skip
def test_times(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "13pm", "9", "later"])
def test_time_problems(typed: str) -> None:
    with pytest.raises(ValueProblem):
        parse_time(typed)


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [("30m", 1800), ("1h", 3600), ("1h30m", 5400), ("1h 30 min", 5400), ("90 min", 5400),
     ("1.5h", 5400), ("1:30", 5400), ("90", 5400), ("2 hours and 15 minutes", 8100)],
)  # fmt: skip
def test_durations(typed: str, seconds: int) -> None:
    assert parse_duration(typed) == seconds


def test_contact_details() -> None:
    assert normalize_email(" Ada@ACME.com ") == "Ada@acme.com"
    assert normalize_email("mailto:a@b.co") == "a@b.co"
    assert normalize_url("acme.com/pricing") == "https://acme.com/pricing"
    assert normalize_url("HTTP://Acme.COM") == "http://acme.com"
    assert normalize_phone("+1  (415) 555-0100 ext 12") == "+1 (415) 555-0100 ext 12"
    bad = [
        (normalize_email, "ada@"),
        (normalize_url, "ftp://x.com"),
        (normalize_url, "mailto:a@b.co"),
        (normalize_phone, "call me"),
    ]
    for parser, typed in bad:
        with pytest.raises(ValueProblem):
            parser(typed)


def test_parse_value_dispatches_on_field_type() -> None:
    assert parse_value("50k", field_type="currency") == Decimal(50000)
    assert parse_value("yes", field_type="boolean") is True
    assert parse_value("plain", field_type="string") == "plain"


def test_problem_messages_escape_what_was_typed() -> None:
    with pytest.raises(ValueProblem) as info:
        parse_number("<!channel> @here", kind="currency")
    assert "<!channel>" not in info.value.message
    assert "@here" not in info.value.message


_TYPES = ["int", "double", "currency", "percent", "boolean", "date", "datetime", "time",
          "email", "phone", "url", "string"]  # fmt: skip
_TEXT = st.text(max_size=40) | st.from_regex(
    r"[-+$€]?\d{0,12}[.,]?\d{0,12}\s?(k|m|bn|%|h|min|am|pm)?|\d{1,5}[/.-]\d{1,5}([/.-]\d{1,5})?"
    r"|(in|next|end of) [a-z0-9 ]{0,12}|\d{1,9}:\d{1,9}",
    fullmatch=True,
)


@given(_TEXT, st.sampled_from(_TYPES), st.sampled_from(["en-US", "en-GB", "de-DE", "xx"]))
def test_parsers_raise_only_value_problems(typed: str, field_type: str, locale: str) -> None:
    ctx = UserContext(locale=locale, tz="Europe/Paris", now=WEDNESDAY)
    try:
        parse_value(typed, field_type=field_type, ctx=ctx)
    except ValueProblem as exc:
        assert exc.message.startswith("“") and "Try “" in exc.message
        assert "<" not in exc.message


@given(st.text(max_size=30))
def test_duration_raises_only_value_problems(typed: str) -> None:
    try:
        assert parse_duration(typed) >= 0
    except ValueProblem:
        pass
