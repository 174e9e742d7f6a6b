"""SOSL: FIND terms, search scopes, RETURNING clauses, parameterizedSearch, MALFORMED_SEARCH."""

from __future__ import annotations

import json

import pytest

from devkit.salesforce.query import QueryError, execute_sosl

from .query_fake import demo_org


@pytest.fixture()
def org(shared_dir):
    return demo_org(shared_dir)


def search(org, query):
    return execute_sosl(org[0], query)


def found(org, query, field="Name"):
    return [(rec["attributes"]["type"], rec.get(field)) for rec in search(org, query)]


def test_result_entries_match_the_documented_shape(org, shared_dir):
    doc = json.loads((shared_dir / "salesforce" / "query" / "search_sosl.docs.json").read_text())
    documented = doc["response"]["body"]["searchRecords"][0]
    records = search(org, "FIND {Globex}")
    # Gus's email is gus@globex.example
    assert [rec["attributes"]["type"] for rec in records] == ["Account", "Contact", "Opportunity"]
    for rec in records:
        assert list(rec) == list(documented)  # attributes, Id
        assert list(rec["attributes"]) == list(documented["attributes"])
    _, ids = org
    assert records[0] == {
        "attributes": {
            "type": "Account",
            "url": f"/services/data/v62.0/sobjects/Account/{ids['globex']}",
        },
        "Id": ids["globex"],
    }


def test_returning_fields_where_order_and_limit(org):
    query = (
        "FIND {acme} IN ALL FIELDS RETURNING Account(Name, Industry), "
        "Opportunity(Name, Account.Name WHERE Amount > 100 ORDER BY Amount DESC LIMIT 1), "
        "Contact(Name)"
    )
    records = search(org, query)
    assert [rec["attributes"]["type"] for rec in records] == ["Account", "Opportunity", "Contact"]
    assert records[0]["Name"] == "Acme Corp" and records[0]["Industry"] == "Technology"
    assert records[1]["Name"] == "Acme - Big deal"
    assert records[1]["Account"]["Name"] == "Acme Corp"
    assert records[2]["Name"] == "Ada Lovelace"  # via her email ada@acme.example


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (
            "{acme}",
            [
                ("Account", "Acme Corp"),
                ("Opportunity", "Acme - Big deal"),
                ("Opportunity", "Acme - Small deal"),
            ],
        ),
        ('{"big deal"}', [("Opportunity", "Acme - Big deal")]),
        ('{"deal big"}', []),
        ("{acme AND small}", [("Opportunity", "Acme - Small deal")]),
        ("{acme small}", [("Opportunity", "Acme - Small deal")]),
        ("{acme AND NOT small}", [("Account", "Acme Corp"), ("Opportunity", "Acme - Big deal")]),
        (
            "{globex OR juice}",
            [
                ("Account", "Globex"),
                ("Account", "100% Juice_Co"),
                ("Opportunity", "Globex renewal"),
                ("Opportunity", "Juice pilot"),
            ],
        ),
        ("{(globex OR juice) AND pilot}", [("Opportunity", "Juice pilot")]),
        ("{ren*}", [("Opportunity", "Globex renewal")]),
        ("{gl?bex}", [("Account", "Globex"), ("Opportunity", "Globex renewal")]),
        ("{O\\'Reilly}", [("Account", "O'Reilly Media")]),
        ("{100\\% Juice\\_Co}", [("Account", "100% Juice_Co")]),
        ("{ACME corp}", [("Account", "Acme Corp")]),
        ("{nothing-like-this}", None),
    ],
)
def test_search_terms(org, term, expected):
    query = f"FIND {term} IN NAME FIELDS RETURNING Account(Name), Opportunity(Name)"
    if expected is None:
        with pytest.raises(QueryError) as err:
            search(org, query)
        assert err.value.error_code == "MALFORMED_SEARCH"
        assert "reserved character '-'" in err.value.message
    else:
        assert found(org, query) == expected


def test_scopes_choose_the_fields_searched(org):
    returning = "RETURNING Contact(Name)"
    assert found(org, f"FIND {{ada}} IN NAME FIELDS {returning}") == [("Contact", "Ada Lovelace")]
    assert found(org, f"FIND {{globex}} IN NAME FIELDS {returning}") == []
    assert found(org, f"FIND {{globex}} IN EMAIL FIELDS {returning}") == [("Contact", "Gus")]
    assert found(org, f"FIND {{gus\\@globex.example}} IN EMAIL FIELDS {returning}") == [
        ("Contact", "Gus")
    ]
    assert found(org, f"FIND {{ada}} IN PHONE FIELDS {returning}") == []
    assert found(org, f"FIND {{4155550100}} IN PHONE FIELDS {returning}") == [
        ("Contact", "Ada Lovelace")
    ]
    assert found(org, f"FIND {{555\\-0100}} {returning}") == [("Contact", "Ada Lovelace")]
    assert found(org, "FIND {fire} IN NAME FIELDS RETURNING Case(Subject)", "Subject") == [
        ("Case", "Printer on fire")
    ]


def test_overall_limit_and_deleted_records(org):
    source, ids = org
    assert len(search(org, "FIND {acme} RETURNING Account, Opportunity LIMIT 2")) == 2
    source.delete(ids["globex"])
    assert found(org, "FIND {globex} RETURNING Account(Name)") == []


def test_parameterized_search_post_body(org):
    _, ids = org
    params = {
        "q": "acme",
        "in": "NAME",
        "fields": ["Id"],
        "sobjects": [
            {"name": "Account", "fields": ["Id", "Name"]},
            {"name": "Opportunity", "where": "Amount > 100", "orderBy": "Amount DESC", "limit": 1},
        ],
        "overallLimit": 10,
    }
    records = execute_sosl(org[0], params)
    assert records[0] == {
        "attributes": {
            "type": "Account",
            "url": f"/services/data/v62.0/sobjects/Account/{ids['acme']}",
        },
        "Id": ids["acme"],
        "Name": "Acme Corp",
    }
    assert [r["Id"] for r in records[1:]] == [ids["big"]]


def test_parameterized_search_get_form_and_defaults(org):
    _, ids = org
    params = {
        "q": ["globex"],
        "sobject": ["Account"],
        "Account.fields": "Name",
        "Account.limit": "5",
    }
    assert found(org, params) == [("Account", "Globex")]
    records = execute_sosl(org[0], {"q": "globex", "fields": "Name", "defaultLimit": "1"})
    assert [(r["attributes"]["type"], r.get("Name")) for r in records] == [
        ("Account", "Globex"), ("Contact", "Gus"), ("Opportunity", "Globex renewal"),
    ]  # fmt: skip
    assert execute_sosl(org[0], {"q": "globex", "overallLimit": 1})[0]["Id"] == ids["globex"]


@pytest.mark.parametrize(
    ("params", "text"),
    [
        ({}, "The q parameter (the search term) is required."),
        ({"q": "a"}, "search term must be longer than one character"),
        ({"q": "acme", "in": "SOMEWHERE"}, "Invalid value for 'in'"),
        ({"q": "acme", "overallLimit": "lots"}, "'overallLimit' must be a non-negative integer"),
        ({"q": "acme", "sobjects": [{"fields": ["Id"]}]}, "needs a 'name'"),
        ({"q": "acme", "sobjects": "Account"}, "'sobjects' must be a list"),
        ({"q": "acme", "snippet": "x"}, "'snippet' is not supported by the devkit"),
        ({"q": "acme", "sobjects": [{"name": "Account", "where": "Name ="}]}, "unexpected token"),
    ],
)
def test_parameterized_search_errors(org, params, text):
    with pytest.raises(QueryError) as err:
        execute_sosl(org[0], params)
    assert err.value.error_code == "MALFORMED_SEARCH"
    assert text in err.value.message


def test_missing_braces_matches_the_captured_error(org, shared_dir):
    capture = shared_dir / "salesforce" / "errors" / "MALFORMED_SEARCH.json"
    expected = json.loads(capture.read_text())["examples"][0]["body"]
    for query in ("FIND acme", "FIND 'acme'", "FIND {acme", "acme", ""):
        with pytest.raises(QueryError) as err:
            search(org, query)
        assert err.value.as_body() == expected


@pytest.mark.parametrize(
    ("query", "code", "text"),
    [
        ("FIND {a}", "MALFORMED_SEARCH", "search term must be longer than one character"),
        ("FIND {*}", "MALFORMED_SEARCH", "search term must be longer than one character"),
        ("FIND {}", "MALFORMED_SEARCH", "search term must be longer than one character"),
        ("FIND {acme OR}", "MALFORMED_SEARCH", "operator is missing its search word"),
        ('FIND {"acme}', "MALFORMED_SEARCH", "quoted phrase is not closed"),
        ("FIND {(acme}", "MALFORMED_SEARCH", "parenthesis is not closed"),
        ("FIND {acme) x}", "MALFORMED_SEARCH", "unexpected ')'"),
        ("FIND {a+b}", "MALFORMED_SEARCH", "reserved character '+'"),
        ("FIND {acme} IN BODY FIELDS", "MALFORMED_SEARCH", "unexpected token: 'BODY'"),
        ("FIND {acme} IN SIDEBAR FIELDS", "MALFORMED_SEARCH", "not supported by the devkit"),
        ("FIND {acme} RETURNING", "MALFORMED_SEARCH", "unexpected token: '<EOF>'"),
        ("FIND {acme} RETURNING Account(", "MALFORMED_SEARCH", "unexpected token: '<EOF>'"),
        ("FIND {acme} RETURNING Account(Name", "MALFORMED_SEARCH", "unexpected token: '<EOF>'"),
        ("FIND {acme} RETURNING Account LIMIT x", "MALFORMED_SEARCH", "unexpected token: 'x'"),
        ("FIND {acme} WITH SNIPPET", "MALFORMED_SEARCH", "WITH clauses is not supported"),
        (
            "FIND {acme} RETURNING Account(Name WHERE Name LIKE 'a%' GROUP BY Name)",
            "MALFORMED_SEARCH",
            "GROUP BY is not supported",
        ),
        ("FIND {acme} RETURNING Widget__c", "INVALID_TYPE", "sObject type 'Widget__c'"),
        ("FIND {acme} RETURNING Account(Nope)", "INVALID_FIELD", "No such column 'Nope'"),
        (
            "FIND {acme} RETURNING Account(Id WHERE Name = 1)",
            "MALFORMED_QUERY",
            "must be of type string",
        ),
    ],
)
def test_malformed_searches(org, query, code, text):
    with pytest.raises(QueryError) as err:
        search(org, query)
    assert err.value.error_code == code
    assert text in err.value.message


def test_error_caret_points_into_the_statement(org):
    with pytest.raises(QueryError) as err:
        search(org, "FIND {acme} RETURNING Account(Nope)")
    assert err.value.message.startswith(
        "\nFIND {acme} RETURNING Account(Nope)\n" + " " * 30 + "^\nERROR at Row:1:Column:31\n"
    )
