"""SOQL errors: Salesforce's codes and caret-formatted messages; unsupported SOQL is refused."""

from __future__ import annotations

import json

import pytest

from devkit.salesforce.query import QueryError, execute_soql

from .query_fake import demo_org

CUSTOM_FIELD_HINT = (
    "If you are attempting to use a custom field, be sure to append the '__c' after the custom "
    "field name. Please reference your WSDL or the describe call for the appropriate names."
)


@pytest.fixture()
def source(shared_dir):
    return demo_org(shared_dir)[0]


def error(source, soql) -> QueryError:
    with pytest.raises(QueryError) as caught:
        execute_soql(source, soql)
    return caught.value


def test_unknown_object_matches_the_captured_salesforce_error(source, shared_dir):
    capture = shared_dir / "salesforce" / "errors" / "INVALID_TYPE.json"
    expected = json.loads(capture.read_text())["examples"][0]["body"]
    assert error(source, "select count() from XYZZY").as_body() == expected


def test_unknown_field_points_at_the_field(source):
    err = error(source, "SELECT Id, Foo FROM Account")
    assert err.error_code == "INVALID_FIELD"
    assert err.message == (
        "\nSELECT Id, Foo FROM Account\n           ^\nERROR at Row:1:Column:12\n"
        f"No such column 'Foo' on entity 'Account'. {CUSTOM_FIELD_HINT}"
    )


def test_unknown_parent_field_names_the_parent_entity(source):
    err = error(source, "SELECT Account.Nope FROM Contact")
    assert err.error_code == "INVALID_FIELD"
    assert "ERROR at Row:1:Column:8\nNo such column 'Nope' on entity 'Account'." in err.message


@pytest.mark.parametrize(
    "soql",
    [
        "SELECT Foo.Name FROM Contact",
        "SELECT AccountId.Name FROM Contact",
        "SELECT Account.Foo.Name FROM Contact",
        "SELECT DandbCompany.Name FROM Account",  # a target object this org does not have
    ],
)
def test_unknown_relationship(source, soql):
    err = error(source, soql)
    assert err.error_code == "INVALID_FIELD"
    assert "in field path. If you are attempting to use a custom relationship" in err.message
    assert "ERROR at Row:1:Column:8\nDidn't understand relationship '" in err.message


def test_unknown_field_in_where_and_order_by(source):
    err = error(source, "SELECT Id FROM Account WHERE Bogus__c = 'x'")
    assert (err.error_code, "Column:30\nNo such column 'Bogus__c'") == (
        "INVALID_FIELD", err.message[err.message.index("Column:30") :][:35])  # fmt: skip
    err = error(source, "SELECT Id FROM Account ORDER BY Bogus")
    assert err.error_code == "INVALID_FIELD" and "Column:33\nNo such column 'Bogus'" in err.message


def test_polymorphic_relationship_only_offers_name_fields(source):
    err = error(source, "SELECT Owner.Industry FROM Case")
    assert "No such column 'Industry' on entity 'Name'" in err.message


def test_duplicate_field(source):
    err = error(source, "SELECT Name, name FROM Account")
    assert (err.error_code, err.message) == ("INVALID_FIELD", "duplicate field selected: Name")


def test_not_filterable_and_not_sortable(source):
    err = error(source, "SELECT Id FROM Account WHERE Description = 'x'")
    assert err.error_code == "INVALID_FIELD"
    assert err.message.endswith("field 'Description' can not be filtered in a query call")
    err = error(source, "SELECT Id FROM Account ORDER BY Description")
    assert err.message.endswith("field 'Description' can not be sorted in a query call")


@pytest.mark.parametrize(
    ("where", "column", "text"),
    [
        ("Name = 5", 37, "field 'Name' must be of type string and should be enclosed in quotes"),
        (
            "AnnualRevenue = '5'",
            46,
            "field 'AnnualRevenue' must be of type double and should not be enclosed in quotes",
        ),
        (
            "NumberOfEmployees > 'x'",
            50,
            "field 'NumberOfEmployees' must be of type int and should not be enclosed in quotes",
        ),
        (
            "CreatedDate > 2024-01-01",
            44,
            "field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes",
        ),
        (
            "IsDeleted = 'true'",
            42,
            "field 'IsDeleted' must be of type boolean and should not be enclosed in quotes",
        ),
        (
            "Owner.Name = TODAY",
            43,
            "field 'Owner.Name' must be of type string and should be enclosed in quotes",
        ),
    ],
)
def test_filter_value_type_errors(source, where, column, text):
    err = error(source, f"SELECT Id FROM Account WHERE {where}")
    assert err.error_code == "MALFORMED_QUERY"
    assert f"ERROR at Row:1:Column:{column}\n" in err.message
    assert f"value of filter criterion for {text}" in err.message


@pytest.mark.parametrize(
    ("where", "column", "text"),
    [
        ("Id = 'abc'", 35, "invalid ID field: abc"),
        ("OwnerId IN ('005000000000001AAA', 'x')", 64, "invalid ID field: x"),
        ("IsDeleted > false", 42, "invalid operator on boolean field: IsDeleted"),
        ("AnnualRevenue LIKE '5%'", 49, "invalid operator on double field: AnnualRevenue"),
        ("Name INCLUDES ('a')", 30, "includes or excludes operator only valid on multipicklist"),
    ],
)
def test_filter_operator_errors(source, where, column, text):
    err = error(source, f"SELECT Id FROM Account WHERE {where}")
    assert err.error_code == "INVALID_QUERY_FILTER_OPERATOR"
    assert f"ERROR at Row:1:Column:{column}\n" in err.message
    assert text in err.message


def test_date_field_refuses_a_datetime(source):
    err = error(source, "SELECT Id FROM Opportunity WHERE CloseDate = 2024-01-01T00:00:00Z")
    assert err.error_code == "MALFORMED_QUERY"
    assert "field 'CloseDate' must be of type date and should not be enclosed" in err.message


@pytest.mark.parametrize(
    ("soql", "column", "text"),
    [
        ("SELECT FROM Account", 8, "unexpected token: 'FROM'"),
        ("SELECT Id Account", 11, "unexpected token: 'Account'"),
        ("SELECT Id FROM", 15, "unexpected token: '<EOF>'"),
        ("SELECT Id FROM Account WHERE", 29, "unexpected token: '<EOF>'"),
        (
            "SELECT Id FROM Account WHERE Name = 'x' AND Name = 'y' OR Name = 'z'",
            56,
            "unexpected token: 'OR'",
        ),
        ("SELECT Id FROM Account WHERE Name = 'abc", 37, "unterminated string literal"),
        ('SELECT Id FROM Account WHERE Name = "abc"', 37, "unexpected token: '\"'"),
        (
            "SELECT Id FROM Account WHERE Name = 'a\\qb'",
            37,
            "Invalid string literal 'a\\q. Illegal character sequence '\\q' in string literal.",
        ),
        ("SELECT Id FROM Account WHERE Name = :name", 37, "Bind variables only allowed in Apex"),
        ("SELECT Id FROM Account LIMIT x", 30, "unexpected token: 'x'"),
        ("SELECT Id FROM Account LIMIT 2147483648", 30, "numeric value out of range"),
        ("SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T00:00:00", 44, "unexpected token"),
        ("SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS", 55, "unexpected token: '<EOF>'"),
        ("SELECT Id FROM Account WHERE Name = bogus", 37, "unexpected token: 'bogus'"),
        ("SELECT Id, COUNT() FROM Account", 12, "COUNT() must be the only element"),
        ("SELECT Name, COUNT(Id) FROM Account", 8, "Field must be grouped or aggregated: Name"),
        ("SELECT COUNT() FROM Account ORDER BY Name", 38, "Ordered field must be grouped"),
        ("SELECT SUM(Name) FROM Account", 8, "does not support aggregate operator SUM"),
        ("SELECT Account. FROM Contact", 15, "unexpected token: '.'"),
    ],
)
def test_malformed_queries(source, soql, column, text):
    err = error(source, soql)
    assert err.error_code == "MALFORMED_QUERY"
    assert f"ERROR at Row:1:Column:{column}\n" in err.message
    assert text in err.message


def test_offset_over_2000(source):
    err = error(source, "SELECT Id FROM Account OFFSET 2001")
    assert err.error_code == "NUMBER_OUTSIDE_VALID_RANGE"
    assert err.message.endswith("Maximum SOQL offset allowed is 2000")
    assert execute_soql(source, "SELECT Id FROM Account OFFSET 2000").records == []


@pytest.mark.parametrize(
    ("soql", "what"),
    [
        ("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry", "GROUP BY is not supported"),
        ("SELECT COUNT(Id) FROM Account GROUP BY Industry", "GROUP BY is not supported"),
        ("SELECT Id FROM Account ORDER BY Name HAVING COUNT(Id) > 1", "HAVING is not supported"),
        ("SELECT Id, (SELECT Id FROM Contacts) FROM Account", "subquery is not supported"),
        ("SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)", "semi-join"),
        ("SELECT TYPEOF What WHEN Account THEN Name END FROM Event", "TYPEOF is not supported"),
        ("SELECT Id FROM Account FOR UPDATE", "FOR VIEW/REFERENCE/UPDATE is not supported"),
        ("SELECT Id FROM Account LIMIT 1 FOR VIEW", "FOR VIEW/REFERENCE/UPDATE is not supported"),
        ("SELECT Id FROM Account USING SCOPE Mine", "USING SCOPE is not supported"),
        ("SELECT FIELDS(ALL) FROM Account LIMIT 200", "FIELDS() is not supported"),
        ("SELECT toLabel(Industry) FROM Account", "toLabel() is not supported"),
        ("SELECT Id FROM Account WHERE CALENDAR_YEAR(CreatedDate) = 2024", "CALENDAR_YEAR()"),
        ("SELECT Id FROM Account a", "object alias is not supported"),
        ("SELECT Id FROM Account, Contact", "several objects is not supported"),
        ("SELECT Id FROM Account WITH USER_MODE", "WITH USER_MODE is not supported"),
        ("SELECT Id FROM Account WHERE BillingAddress = null", "address field is not supported"),
    ],
)
def test_unsupported_soql_is_refused_not_ignored(source, soql, what):
    err = error(source, soql)
    assert err.error_code == "MALFORMED_QUERY"
    assert what in err.message
