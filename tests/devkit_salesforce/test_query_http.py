"""The query engine end to end: simple-salesforce, unmodified, against the HTTPS emulator."""

from __future__ import annotations

import json

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceMalformedRequest


@pytest.fixture
def connect(emu, monkeypatch):
    # requests lets these variables override session.verify; these tests trust via the session.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)

    def make(username: str = "rep@demo.example") -> Salesforce:
        token, instance = emu.token_for(username)
        session = requests.Session()
        session.verify = emu.ca_file
        return Salesforce(instance_url=instance, session_id=token, session=session)

    return make


def test_query_with_parents_date_literal_order_and_record_visibility(connect):
    soql = (
        "SELECT Name, Account.Name, Owner.Name FROM Opportunity "
        "WHERE CloseDate = NEXT_N_DAYS:50 OR Name LIKE 'initech%' ORDER BY CloseDate DESC"
    )
    rep = connect().query(soql)
    # Opportunities are private: the rep sees only their own (Initech's belongs to Sam).
    assert [r["Name"] for r in rep["records"]] == ["Acme renewal 2026", "Globex pilot"]
    assert rep["done"] is True and rep["totalSize"] == 2
    first = rep["records"][0]
    assert first["attributes"]["type"] == "Opportunity"
    assert first["attributes"]["url"].startswith("/services/data/v")
    assert first["Account"]["Name"] == "Acme Corporation"
    assert first["Account"]["attributes"]["type"] == "Account"
    assert first["Owner"]["Name"] == "Riley Rep"
    admin = connect("admin@demo.example").query(soql)
    assert [r["Name"] for r in admin["records"]] == [
        "Initech TPS upgrade", "Acme renewal 2026", "Globex pilot",
    ]  # fmt: skip


def test_count_and_aggregate(connect):
    sf = connect()
    assert sf.query("SELECT COUNT() FROM Account") == {"totalSize": 6, "done": True, "records": []}
    row = sf.query("SELECT COUNT(Id), MAX(Amount) FROM Opportunity")["records"][0]
    assert row == {"attributes": {"type": "AggregateResult"}, "expr0": 4, "expr1": 300000}


def test_unknown_object_error_is_the_captured_body(connect, shared_dir):
    capture = json.loads((shared_dir / "salesforce" / "errors" / "INVALID_TYPE.json").read_text())
    with pytest.raises(SalesforceMalformedRequest) as err:
        connect().query("select count() from XYZZY")
    assert err.value.status == 400
    assert err.value.content == capture["examples"][0]["body"]


def test_hidden_field_is_no_such_column_for_that_user(connect):
    soql = "SELECT Name, Discount_Approved__c FROM Opportunity"
    with pytest.raises(SalesforceMalformedRequest) as err:
        connect().query(soql)
    assert err.value.content[0]["errorCode"] == "INVALID_FIELD"
    assert (
        "No such column 'Discount_Approved__c' on entity 'Opportunity'"
        in (err.value.content[0]["message"])
    )
    assert connect("admin@demo.example").query(soql)["totalSize"] == 6


def test_unsupported_soql_is_a_400_not_a_wrong_answer(connect):
    with pytest.raises(SalesforceMalformedRequest) as err:
        connect().query("SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry")
    assert err.value.content[0]["errorCode"] == "MALFORMED_QUERY"
    assert "GROUP BY is not supported" in err.value.content[0]["message"]


def test_query_all_includes_deleted_records(connect):
    sf = connect()
    created = sf.Contact.create({"LastName": "Ephemeral", "AccountId": _acme_id(sf)})
    sf.Contact.delete(created["id"])
    soql = "SELECT Id, IsDeleted FROM Contact WHERE LastName = 'Ephemeral'"
    assert sf.query(soql)["totalSize"] == 0
    everything = sf.query_all(soql, include_deleted=True)
    assert [(r["Id"], r["IsDeleted"]) for r in everything["records"]] == [(created["id"], True)]


def test_polymorphic_parent_through_the_server(connect):
    soql = "SELECT Subject, What.Name, Who.Name FROM Task WHERE Subject = 'Call'"
    record = connect().query(soql)["records"][0]
    assert record["What"]["attributes"]["type"] == "Name"
    assert "/sobjects/Opportunity/" in record["What"]["attributes"]["url"]
    assert record["What"]["Name"] == "Acme renewal 2026"
    assert record["Who"]["Name"] == "Ada Lovelace"


def test_sosl_search_and_parameterized_search(connect):
    sf = connect()
    found = sf.search("FIND {acme} IN NAME FIELDS RETURNING Account(Name), Opportunity(Name "
                      "ORDER BY Name)")  # fmt: skip
    assert [(r["attributes"]["type"], r["Name"]) for r in found["searchRecords"]] == [
        ("Account", "Acme Corporation"),
        ("Opportunity", "Acme plant expansion"),
        ("Opportunity", "Acme renewal 2026"),
    ]
    params = {"q": "lovelace", "sobject": "Contact", "Contact.fields": "Name,Email"}
    body = sf.restful("parameterizedSearch/", params=params)
    assert [(r["Name"], r["Email"]) for r in body["searchRecords"]] == [
        ("Ada Lovelace", "ada@acme.example")
    ]
    body = sf.restful("parameterizedSearch/", method="POST", data=json.dumps(
        {"q": "acme", "in": "NAME", "sobjects": [{"name": "Account", "fields": ["Name"]}]}
    ))  # fmt: skip
    assert [r["Name"] for r in body["searchRecords"]] == ["Acme Corporation"]


def test_bad_sosl_is_malformed_search(connect):
    with pytest.raises(SalesforceMalformedRequest) as err:
        connect().search("FIND {a}")
    assert err.value.content == [
        {
            "errorCode": "MALFORMED_SEARCH",
            "message": "search term must be longer than one character",
        }
    ]


def test_content_document_link_needs_an_id_filter(connect):
    sf = connect()
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf.query("SELECT ContentDocumentId FROM ContentDocumentLink")
    assert err.value.content == [
        {
            "errorCode": "MALFORMED_QUERY",
            "message": "Implementation restriction: ContentDocumentLink requires a filter by a "
            "single Id on ContentDocumentId or LinkedEntityId using the equals operator or "
            "multiple Id's using the IN operator.",
        }
    ]
    acme = _acme_id(sf)
    note = sf.ContentNote.create({"Title": "Call notes", "Content": "aGVsbG8="})
    sf.ContentDocumentLink.create(
        {"ContentDocumentId": note["id"], "LinkedEntityId": acme, "ShareType": "V"}
    )
    soql = (
        "SELECT ContentDocumentId, ContentDocument.Title FROM ContentDocumentLink "
        f"WHERE LinkedEntityId = '{acme}'"
    )
    (link,) = sf.query(soql)["records"]
    assert link["ContentDocumentId"] == note["id"]
    version = link["attributes"]["url"].split("/")[3]
    assert link["ContentDocument"] == {
        "attributes": {
            "type": "ContentDocument",
            "url": f"/services/data/{version}/sobjects/ContentDocument/{note['id']}",
        },
        "Title": "Call notes",
    }


def _acme_id(sf: Salesforce) -> str:
    return sf.query("SELECT Id FROM Account WHERE Name = 'Acme Corporation'")["records"][0]["Id"]
