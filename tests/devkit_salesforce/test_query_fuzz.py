"""Property tests: whatever the input, the engine answers or raises QueryError, nothing else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devkit.salesforce.query import QueryError, execute_soql, execute_sosl

from .query_fake import demo_org

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2024, 5, 15, 12, 0, tzinfo=UTC)

# Fragments that make random statements get past the first token often.
SOQL_WORDS = [
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "INCLUDES", "EXCLUDES", "ORDER",
    "BY", "ASC", "DESC", "NULLS", "FIRST", "LAST", "LIMIT", "OFFSET", "WITH", "SECURITY_ENFORCED",
    "GROUP", "COUNT()", "COUNT(Id)", "SUM(Amount)", "MAX(Name)", "Id", "Name", "Account",
    "Contact", "Opportunity", "Case", "Account.Name", "Owner.Name", "Account.Owner.Name",
    "Industry", "Amount", "CloseDate", "CreatedDate", "IsDeleted", "Regions__c", "AccountId",
    "Description", "BillingAddress", "=", "!=", "<>", "<", "<=", ">", ">=", "(", ")", ",", ":",
    "null", "true", "false", "'x'", "'Acme%'", "'a\\'b'", "'\\%'", "5", "-1.5", "2147483648",
    "2024-05-01", "2024-05-01T10:00:00Z", "2024-13-45", "TODAY", "LAST_N_DAYS:3", "LAST_N_DAYS",
    "NEXT_N_YEARS:99999999", "THIS_QUARTER", "'001000000000001AAA'", "{x}", "TYPEOF", ".",
]  # fmt: skip
SOSL_WORDS = [
    "FIND", "{acme}", "{a}", "{ac*}", "{\"acme corp\"}", "{x-y}", "{acme OR}", "IN", "ALL",
    "NAME", "EMAIL", "PHONE", "FIELDS", "RETURNING", "Account", "Contact(Name)",
    "Opportunity(Name WHERE Amount > 5 ORDER BY Name LIMIT 2)", "Account(", "Name", ")", ",",
    "LIMIT", "5", "WHERE", "WITH", "Widget__c",
]  # fmt: skip


@pytest.fixture(scope="module")
def source(request):
    shared_dir = request.getfixturevalue("shared_dir")
    return demo_org(shared_dir)[0]


def soql_statement():
    prefix = st.sampled_from(["", "SELECT Id FROM Account ", "SELECT Name FROM Opportunity WHERE "])
    words = st.lists(st.sampled_from(SOQL_WORDS), max_size=14).map(" ".join)
    return st.builds(lambda p, w: p + w, prefix, words)


def check(call) -> None:
    try:
        call()
    except QueryError as err:
        assert err.error_code and err.message
        assert isinstance(err.as_body(), list)


@FUZZ
@given(text=st.text(max_size=80))
def test_arbitrary_text_soql(source, text):
    check(lambda: execute_soql(source, text, now=NOW))


@FUZZ
@given(text=soql_statement(), include_deleted=st.booleans())
def test_soql_shaped_statements(source, text, include_deleted):
    check(lambda: execute_soql(source, text, include_deleted=include_deleted, now=NOW))


@FUZZ
@given(text=st.text(max_size=60))
def test_arbitrary_text_sosl(source, text):
    check(lambda: execute_sosl(source, text))
    check(lambda: execute_sosl(source, "FIND {" + text + "}"))


@FUZZ
@given(words=st.lists(st.sampled_from(SOSL_WORDS), max_size=10))
def test_sosl_shaped_statements(source, words):
    check(lambda: execute_sosl(source, " ".join(words)))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "q",
                "sobjects",
                "sobject",
                "fields",
                "in",
                "overallLimit",
                "defaultLimit",
                "Account.fields",
                "Account.limit",
                "other",
            ]
        ),
        json_values,
    )  # fmt: skip
)
def test_parameterized_search_params(source, params):
    check(lambda: execute_sosl(source, params))


@FUZZ
@given(value=st.text(max_size=20))
def test_an_escaped_literal_finds_exactly_that_value(shared_dir, value):
    org, _ = demo_org(shared_dir)
    org.add("Account", Name=value)
    escaped = "".join("\\" + ch if ch in "\\'%_" else ch for ch in value)
    soql_eq = f"SELECT Name FROM Account WHERE Name = '{escaped}' AND Name LIKE '{escaped}'"
    names = [rec["Name"] for rec in execute_soql(org, soql_eq).records]
    assert value in names or value == ""  # '' is stored as null, which = '' does not match
    assert all(name.lower() == value.lower() for name in names)


@FUZZ
@given(
    keys=st.lists(
        st.tuples(
            st.sampled_from(["Name", "Industry", "AnnualRevenue", "CreatedDate"]),
            st.sampled_from(["", " ASC", " DESC"]),
            st.sampled_from(["", " NULLS FIRST", " NULLS LAST"]),
        ),
        min_size=1,
        max_size=2,
        unique_by=lambda k: k[0],
    )  # fmt: skip
)
def test_order_by_is_a_total_order_on_the_first_key(source, keys):
    clause = ", ".join(f"{name}{direction}{nulls}" for name, direction, nulls in keys)
    records = execute_soql(source, f"SELECT Id, {keys[0][0]} FROM Account ORDER BY {clause}")
    name, direction, nulls = keys[0]
    values = [rec[name] for rec in records.records]
    present = [v for v in values if v is not None]
    expected = sorted(present, key=lambda v: v.lower() if isinstance(v, str) else v)
    if direction == " DESC":
        expected.reverse()
    assert present == expected
    nulls_last = nulls == " NULLS LAST" or (nulls == "" and direction == " DESC")
    flags = [v is None for v in values]
    assert flags == sorted(flags, reverse=not nulls_last)
