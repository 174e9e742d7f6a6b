"""query/, queryAll/, search/ and parameterizedSearch/ endpoints: envelopes and pagination."""

from __future__ import annotations


def _make_leads(rep, count: int) -> None:
    for start in range(0, count, 200):
        records = [
            {"attributes": {"type": "Lead"}, "LastName": f"Bulk{i:04d}", "Company": "B"}
            for i in range(start, min(count, start + 200))
        ]
        resp = rep.post("composite/sobjects", {"allOrNone": True, "records": records})
        assert all(r["success"] for r in resp.json())


def test_pagination_with_batch_size_and_locator(rep):
    _make_leads(rep, 450)
    soql = "SELECT Id, LastName FROM Lead WHERE Company = 'B' ORDER BY LastName"
    first = rep.get(
        "query/", params={"q": soql}, headers={"Sforce-Query-Options": "batchSize=200"}
    ).json()
    assert first["totalSize"] == 450 and first["done"] is False and len(first["records"]) == 200
    assert first["nextRecordsUrl"].startswith("/services/data/v59.0/query/01g")
    assert first["nextRecordsUrl"].endswith("-200")
    second = rep.get(first["nextRecordsUrl"]).json()
    assert second["records"][0]["LastName"] == "Bulk0200" and second["done"] is False
    third = rep.get(second["nextRecordsUrl"]).json()
    assert third["done"] is True and "nextRecordsUrl" not in third
    assert len(third["records"]) == 50


def test_default_batch_is_2000_and_count_query(rep):
    resp = rep.get("query/", params={"q": "SELECT COUNT() FROM Account"}).json()
    assert resp == {"totalSize": 6, "done": True, "records": []}


def test_query_all_sees_deleted_records(emu, rep):
    rid = rep.post("sobjects/Lead/", {"LastName": "Ghost", "Company": "G"}).json()["id"]
    rep.delete(f"sobjects/Lead/{rid}")
    soql = "SELECT Id, IsDeleted FROM Lead WHERE LastName = 'Ghost'"
    assert rep.get("query/", params={"q": soql}).json()["totalSize"] == 0
    rows = rep.get("queryAll/", params={"q": soql}).json()["records"]
    assert [(r["Id"], r["IsDeleted"]) for r in rows] == [(rid, True)]


def test_query_respects_record_visibility(rep, as_user):
    soql = "SELECT Id FROM Opportunity"
    assert rep.get("query/", params={"q": soql}).json()["totalSize"] == 4
    admin = as_user("admin@demo.example")
    assert admin.get("query/", params={"q": soql}).json()["totalSize"] == 6


def test_query_errors_are_400_arrays(rep):
    resp = rep.get("query/", params={"q": "SELECT Id FROM Nope"})
    assert resp.status_code == 400 and resp.json()[0]["errorCode"] == "INVALID_TYPE"
    resp = rep.get("query/01gNOTALOCATOR-200")
    assert resp.status_code == 400 and resp.json()[0]["errorCode"] == "INVALID_QUERY_LOCATOR"


def test_search_and_parameterized_search(rep):
    found = rep.get(
        "search/", params={"q": "FIND {Globex} IN NAME FIELDS RETURNING Account(Id, Name)"}
    ).json()
    assert [r["Name"] for r in found["searchRecords"]] == ["Globex Corporation"]
    posted = rep.post(
        "parameterizedSearch/",
        {"q": "Globex", "sobjects": [{"name": "Account"}], "fields": ["Id", "Name"]},
    ).json()
    assert [r["Name"] for r in posted["searchRecords"]] == ["Globex Corporation"]
    bad = rep.get("search/", params={"q": "Globex"})
    assert bad.status_code == 400 and bad.json()[0]["errorCode"] == "MALFORMED_SEARCH"
