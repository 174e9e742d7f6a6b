"""SOQL: SELECT shapes, WHERE operators, ORDER BY, LIMIT/OFFSET, COUNT() and aggregates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from devkit.salesforce.query import QueryError, execute_soql

from .query_fake import demo_org

NOW = datetime(2024, 5, 15, 12, 0, tzinfo=UTC)
URL = "/services/data/v62.0/sobjects"


@pytest.fixture()
def org(shared_dir):
    return demo_org(shared_dir)


def run(org, soql, **kwargs):
    source, _ = org
    return execute_soql(source, soql, now=NOW, **kwargs)


def names(org, soql, field="Name"):
    return [rec[field] for rec in run(org, soql).records]


def test_record_shape_follows_select_order_with_attributes_first(org):
    _, ids = org
    result = run(org, "SELECT name, ID, industry FROM account WHERE Name = 'Acme Corp'")
    assert result.total_size == 1 and not result.is_count
    assert result.records == [
        {
            "attributes": {
                "type": "Account",
                "url": f"/services/data/v62.0/sobjects/Account/{ids['acme']}",
            },
            "Name": "Acme Corp",
            "Id": ids["acme"],
            "Industry": "Technology",
        }
    ]
    assert list(result.records[0]) == ["attributes", "Name", "Id", "Industry"]


def test_api_version_goes_into_the_url(org):
    source, ids = org
    result = execute_soql(source, "SELECT Id FROM User LIMIT 1", api_version="59.0")
    url = result.records[0]["attributes"]["url"]
    assert url == f"/services/data/v59.0/sobjects/User/{ids['rep']}"


def test_parent_fields_nest_and_merge_and_missing_parent_is_null(org):
    _, ids = org
    soql = (
        "SELECT Name, Account.Name, account.owner.name, Account.Industry FROM Contact ORDER BY Name"
    )
    records = run(org, soql).records
    ada = records[0]
    assert ada["Account"] == {
        "attributes": {"type": "Account", "url": f"{URL}/Account/{ids['acme']}"},
        "Name": "Acme Corp",
        "Owner": {
            "attributes": {"type": "User", "url": f"{URL}/User/{ids['rep']}"},
            "Name": "Dana Rep",
        },
        "Industry": "Technology",
    }
    bob = records[1]
    assert bob["Name"] == "Bob Loner" and bob["Account"] is None
    assert list(bob) == ["attributes", "Name", "Account"]


def test_polymorphic_owner_uses_the_name_entity(org):
    _, ids = org
    record = run(org, "SELECT Subject, Owner.Name, Owner.Type FROM Case").records[0]
    assert record["Owner"] == {
        "attributes": {"type": "Name", "url": f"/services/data/v62.0/sobjects/User/{ids['admin']}"},
        "Name": "Ari Admin",
        "Type": "User",
    }


def test_object_name_prefix_is_allowed(org):
    soql = "SELECT Account.Name FROM Account WHERE Account.Name = 'Globex'"
    assert names(org, soql) == ["Globex"]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("Name = 'acme corp'", ["Acme Corp"]),
        ("Name != 'Acme Corp'", ["Globex", "O'Reilly Media", "100% Juice_Co"]),
        ("Name <> 'Acme Corp'", ["Globex", "O'Reilly Media", "100% Juice_Co"]),
        ("Industry = null", ["Globex"]),
        ("Industry = ''", ["Globex"]),
        ("Industry != ''", ["Acme Corp", "O'Reilly Media", "100% Juice_Co"]),
        ("OwnerId != ''", ["Acme Corp", "Globex", "O'Reilly Media", "100% Juice_Co"]),
        ("Industry != null", ["Acme Corp", "O'Reilly Media", "100% Juice_Co"]),
        ("Industry != 'Media'", ["Acme Corp", "Globex", "100% Juice_Co"]),
        ("AnnualRevenue > 5000", ["Acme Corp", "Globex"]),
        ("AnnualRevenue >= 5000", ["Acme Corp", "Globex", "100% Juice_Co"]),
        ("AnnualRevenue < 250000.0", ["100% Juice_Co"]),
        ("AnnualRevenue <= 250000", ["Globex", "100% Juice_Co"]),
        ("NumberOfEmployees > -1 AND NumberOfEmployees < 100", ["Acme Corp"]),
        ("Name LIKE 'ac%'", ["Acme Corp"]),
        ("Name LIKE '%e_ia'", ["O'Reilly Media"]),
        ("Name LIKE '100\\% Juice\\_Co'", ["100% Juice_Co"]),
        ("Name LIKE '1__\\%%'", ["100% Juice_Co"]),
        ("Name LIKE 'O\\'R%'", ["O'Reilly Media"]),
        ("Industry LIKE '%'", ["Acme Corp", "O'Reilly Media", "100% Juice_Co"]),
        ("Name IN ('globex', 'Acme Corp', 'nope')", ["Acme Corp", "Globex"]),
        ("Industry NOT IN ('Media', 'Food')", ["Acme Corp", "Globex"]),
        ("Industry IN (null, 'Food')", ["Globex", "100% Juice_Co"]),
        ("NOT Name LIKE 'A%'", ["Globex", "O'Reilly Media", "100% Juice_Co"]),
        (
            "(Industry = 'Media' OR Industry = 'Food') AND NumberOfEmployees > 10",
            ["O'Reilly Media"],
        ),
        (
            "Industry = 'Media' OR (Industry = 'Food' AND NOT (AnnualRevenue = null))",
            ["O'Reilly Media", "100% Juice_Co"],
        ),
        ("Regions__c INCLUDES ('emea')", ["Acme Corp", "100% Juice_Co"]),
        ("Regions__c INCLUDES ('AMER', 'APAC;EMEA')", ["Globex", "100% Juice_Co"]),
        ("Regions__c EXCLUDES ('EMEA')", ["Globex", "O'Reilly Media"]),
        ("Regions__c = 'EMEA;Technology'", ["Acme Corp"]),
        ("CreatedDate > 2024-05-13T08:30:00Z", ["O'Reilly Media", "100% Juice_Co"]),
        ("CreatedDate <= 2024-05-13T10:30:00+02:00", ["Acme Corp", "Globex"]),
        ("CreatedDate < 2024-05-13T10:30:00+0200", ["Acme Corp"]),
        ("CreatedDate = 2024-05-12T08:30:00.000Z", ["Acme Corp"]),
        ("CreatedDate = YESTERDAY", ["O'Reilly Media"]),
        ("CreatedDate = LAST_N_DAYS:2", ["Globex", "O'Reilly Media", "100% Juice_Co"]),
        ("CreatedDate < LAST_N_DAYS:1", ["Acme Corp", "Globex"]),
        ("CreatedDate = THIS_WEEK", ["Acme Corp", "Globex", "O'Reilly Media", "100% Juice_Co"]),
        ("CreatedDate < THIS_WEEK", []),
    ],
)
def test_where_operators(org, where, expected):
    assert names(org, f"SELECT Name FROM Account WHERE {where}") == expected


def test_ids_match_in_15_and_18_character_forms(org):
    _, ids = org
    acme = ids["acme"]
    assert names(org, f"SELECT Name FROM Account WHERE Id = '{acme[:15]}'") == ["Acme Corp"]
    assert names(org, f"SELECT Name FROM Contact WHERE AccountId IN ('{acme}')") == ["Ada Lovelace"]
    where = f"Account.OwnerId = '{ids['rep']}' AND Account.Name != null"
    assert names(org, f"SELECT Name FROM Contact WHERE {where}") == ["Ada Lovelace"]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("CloseDate = TODAY", ["Acme - Big deal"]),
        ("CloseDate = YESTERDAY", ["Acme - Small deal"]),
        ("CloseDate = 2024-05-14", ["Acme - Small deal"]),
        ("CloseDate < 2024-01-01", ["Juice pilot"]),
        ("CloseDate >= TODAY", ["Acme - Big deal", "Globex renewal"]),
        ("CloseDate > TODAY", ["Globex renewal"]),
        ("CloseDate <= YESTERDAY", ["Acme - Small deal", "Juice pilot"]),
        ("CloseDate = THIS_WEEK", ["Acme - Big deal", "Acme - Small deal"]),
        ("CloseDate = NEXT_WEEK", []),
        ("CloseDate = NEXT_N_WEEKS:3", ["Globex renewal"]),
        ("CloseDate = NEXT_N_WEEKS:2", []),
        ("CloseDate = NEXT_N_DAYS:19", ["Globex renewal"]),
        ("CloseDate = NEXT_N_DAYS:18", []),
        ("CloseDate = LAST_N_DAYS:1", ["Acme - Big deal", "Acme - Small deal"]),
        ("CloseDate = THIS_MONTH", ["Acme - Big deal", "Acme - Small deal"]),
        ("CloseDate = NEXT_MONTH", ["Globex renewal"]),
        ("CloseDate = THIS_QUARTER", ["Acme - Big deal", "Acme - Small deal", "Globex renewal"]),
        ("CloseDate = LAST_YEAR", ["Juice pilot"]),
        ("CloseDate = LAST_N_MONTHS:5", ["Juice pilot"]),
        ("CloseDate = N_DAYS_AGO:1", ["Acme - Small deal"]),
        ("CloseDate != THIS_YEAR", ["Juice pilot"]),
        ("IsClosed = true", ["Acme - Small deal", "Juice pilot"]),
        ("IsClosed = FALSE AND Account.Name LIKE 'acme%'", ["Acme - Big deal"]),
        ("Account.Owner.Name = 'Ari Admin'", ["Globex renewal", "Juice pilot"]),
    ],
)
def test_date_literals_booleans_and_parent_filters(org, where, expected):
    assert names(org, f"SELECT Name FROM Opportunity WHERE {where}") == expected


def test_order_by_several_keys_with_nulls_placement(org):
    assert names(org, "SELECT Name FROM Account ORDER BY Industry") == [
        "Globex", "100% Juice_Co", "O'Reilly Media", "Acme Corp",
    ]  # fmt: skip
    assert names(org, "SELECT Name FROM Account ORDER BY Industry DESC") == [
        "Acme Corp", "O'Reilly Media", "100% Juice_Co", "Globex",
    ]  # fmt: skip
    assert names(org, "SELECT Name FROM Account ORDER BY Industry DESC NULLS FIRST")[0] == "Globex"
    assert names(org, "SELECT Name FROM Account ORDER BY Industry ASC NULLS LAST")[-1] == "Globex"
    soql = "SELECT Name FROM Opportunity ORDER BY Account.Name DESC, Amount ASC NULLS LAST"
    assert names(org, soql) == [
        "Globex renewal", "Acme - Small deal", "Acme - Big deal", "Juice pilot",
    ]  # fmt: skip
    assert names(org, "SELECT Name FROM Contact ORDER BY FirstName NULLS LAST, Name") == [
        "Ada Lovelace", "Bob Loner", "Gus",
    ]  # fmt: skip


def test_string_order_is_case_insensitive(org):
    source, _ = org
    source.add("Account", Name="acme lowercase")
    assert names(org, "SELECT Name FROM Account ORDER BY Name LIMIT 3") == [
        "100% Juice_Co", "Acme Corp", "acme lowercase",
    ]  # fmt: skip


def test_limit_and_offset(org):
    soql = "SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1"
    result = run(org, soql)
    assert [r["Name"] for r in result.records] == ["Acme Corp", "Globex"]
    assert result.total_size == 2
    assert names(org, "SELECT Name FROM Account LIMIT 0") == []
    assert names(org, "SELECT Name FROM Account ORDER BY Name OFFSET 3") == ["O'Reilly Media"]


def test_count_returns_no_records_and_the_total(org):
    result = run(org, "select count() from Account")
    assert (result.records, result.total_size, result.is_count) == ([], 4, True)
    assert run(org, "SELECT COUNT() FROM Account WHERE Industry = null").total_size == 1
    assert run(org, "SELECT COUNT() FROM Account LIMIT 2").total_size == 2


def test_aggregate_functions_give_one_aggregate_result_row(org):
    soql = "SELECT COUNT(Id), COUNT(Industry), SUM(AnnualRevenue) total, MAX(Name) FROM Account"
    result = run(org, soql)
    assert result.total_size == 1 and not result.is_count
    assert result.records == [
        {
            "attributes": {"type": "AggregateResult"},
            "expr0": 4,
            "expr1": 3,
            "total": 1_255_000.0,
            "expr2": "O'Reilly Media",
        }
    ]
    soql = "SELECT AVG(Amount), MIN(CloseDate), COUNT_DISTINCT(AccountId) FROM Opportunity"
    row = run(org, soql).records[0]
    assert row["expr0"] == pytest.approx(521_000 / 3)
    assert (row["expr1"], row["expr2"]) == ("2023-12-31", 3)


def test_deleted_records_only_with_include_deleted(org):
    source, ids = org
    source.delete(ids["globex"])
    assert "Globex" not in names(org, "SELECT Name FROM Account")
    soql = "SELECT Name, IsDeleted FROM Account WHERE IsDeleted = true"
    result = run(org, soql, include_deleted=True)
    assert [(r["Name"], r["IsDeleted"]) for r in result.records] == [("Globex", True)]
    assert run(org, "SELECT COUNT() FROM Account", include_deleted=True).total_size == 4


def test_deleted_parent_reads_as_null(org):
    source, ids = org
    source.delete(ids["acme"])
    record = run(org, "SELECT Account.Name FROM Contact WHERE LastName = 'Lovelace'").records[0]
    assert record["Account"] is None


def test_with_security_enforced_is_accepted(org):
    soql = "SELECT Name FROM Account WHERE Name = 'Globex' WITH SECURITY_ENFORCED LIMIT 1"
    assert names(org, soql) == ["Globex"]


def test_string_escapes(org):
    source, _ = org
    source.add("Account", Name='Back\\slash "quoted"\nline')
    soql = "SELECT Name FROM Account WHERE Name = 'Back\\\\slash \\\"quoted\\\"\\nline'"
    assert names(org, soql) == ['Back\\slash "quoted"\nline']
    assert names(org, "SELECT Name FROM Account WHERE Name = '\\u0047lobex'") == ["Globex"]


def test_multi_line_query(org):
    soql = "SELECT Name\nFROM Account\nWHERE Name = 'Globex'\nORDER BY Name"
    assert names(org, soql) == ["Globex"]
    with pytest.raises(QueryError) as err:
        run(org, "SELECT Name\nFROM Account\nWHERE Nope = 1")
    assert "\nWHERE Nope = 1\n      ^\nERROR at Row:3:Column:7\n" in err.value.message
