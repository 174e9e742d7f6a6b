"""Composite, graph, collections and query envelopes against ../shared/salesforce."""

from __future__ import annotations

import json

from tests.devkit_salesforce.conftest import as_user, emu, emu_server, rep  # noqa: F401


def _load(shared_dir, *parts):
    return json.loads((shared_dir / "salesforce").joinpath(*parts).read_text())


def test_composite_unknown_sobject_and_query_errors(shared_dir, rep):  # noqa: F811
    real = _load(shared_dir, "composite", "composite_query_invalid_type_400.cumulusci.json")[0]
    subs = [
        dict(s, url=s["url"].replace("vxx.0", "v59.0"))
        for s in real["request"]["body"]["compositeRequest"]
    ]
    resp = rep.post("composite", {"compositeRequest": subs})
    assert resp.status_code == 200
    ours = resp.json()["compositeResponse"]
    theirs = real["response"]["body"]["compositeResponse"]
    assert [e["httpStatusCode"] for e in ours] == [e["httpStatusCode"] for e in theirs]
    assert ours[1]["body"] == theirs[1]["body"]
    assert ours[0]["body"] == {"totalSize": 6, "done": True, "records": []}
    assert all(set(e) == set(theirs[0]) for e in ours)
    missing = rep.post(
        "composite",
        {
            "compositeRequest": [
                {"referenceId": "r", "method": "GET", "url": "/services/data/v59.0/sobjects/Foo"}
            ]
        },
    )
    assert missing.json()["compositeResponse"][0]["httpStatusCode"] == 404


def test_composite_all_or_none_rolls_back(emu, rep):  # noqa: F811
    resp = rep.post(
        "composite",
        {
            "allOrNone": True,
            "compositeRequest": [
                {
                    "method": "POST",
                    "url": "/services/data/v59.0/sobjects/Account",
                    "referenceId": "a",
                    "body": {"Name": "Rolled Back Inc"},
                },
                {
                    "method": "POST",
                    "url": "/services/data/v59.0/sobjects/Contact",
                    "referenceId": "c",
                    "body": {"FirstName": "No", "AccountId": "@{a.id}"},
                },
            ],
        },
    ).json()["compositeResponse"]
    assert resp[0]["body"][0]["errorCode"] == "PROCESSING_HALTED"
    assert resp[1]["body"][0]["errorCode"] == "REQUIRED_FIELD_MISSING"
    assert not [r for r in emu.records("Account") if r["Name"] == "Rolled Back Inc"]


def test_reference_to_failed_request_is_processing_halted(rep):  # noqa: F811
    resp = rep.post(
        "composite",
        {
            "allOrNone": False,
            "compositeRequest": [
                {
                    "method": "POST",
                    "url": "/services/data/v59.0/sobjects/Account",
                    "referenceId": "a",
                    "body": {"Phone": "1"},
                },
                {
                    "method": "POST",
                    "url": "/services/data/v59.0/sobjects/Contact",
                    "referenceId": "c",
                    "body": {"LastName": "X", "AccountId": "@{a.id}"},
                },
            ],
        },
    ).json()["compositeResponse"]
    assert resp[1]["httpStatusCode"] == 400
    assert resp[1]["body"][0]["errorCode"] == "PROCESSING_HALTED"
    assert resp[1]["body"][0]["message"].startswith("Invalid reference specified.")


def test_graph_shape(shared_dir, emu, rep):  # noqa: F811
    real = _load(shared_dir, "composite", "composite_graph.docs.json")
    body = json.loads(json.dumps(real["request"]["body"]).replace("v66.0", "v59.0"))
    ours = rep.post("composite/graph", body).json()
    theirs = real["response"]["body"]
    assert [g["graphId"] for g in ours["graphs"]] == ["1", "2"]
    assert all(g["isSuccessful"] for g in ours["graphs"])
    for our_graph, their_graph in zip(ours["graphs"], theirs["graphs"], strict=True):
        assert set(our_graph) == set(their_graph)
        for a, b in zip(
            our_graph["graphResponse"]["compositeResponse"],
            their_graph["graphResponse"]["compositeResponse"],
            strict=True,
        ):
            assert set(a) == set(b) and a["httpStatusCode"] == 201
            assert set(a["httpHeaders"]) == {"Location"} and set(a["body"]) == set(b["body"])


def test_collections_update_envelopes(shared_dir, emu, rep):  # noqa: F811
    real = _load(shared_dir, "composite", "sobject_collections_update.docs.json")["responses"]
    acme = next(r["Id"] for r in emu.records("Account") if r["Name"] == "Acme Corporation")
    records = [
        {"attributes": {"type": "Account"}, "id": acme, "NumberOfEmployees": 27000},
        {"attributes": {"type": "Contact"}, "id": acme, "Title": "Lead Engineer"},
    ]
    partial = rep.patch("composite/sobjects", {"allOrNone": False, "records": records}).json()
    assert partial[0] == {"id": acme, "success": True, "errors": []}
    assert set(partial[1]) == set(real["partial_failure_allOrNone_false"]["body"][1])
    assert partial[1]["errors"][0]["statusCode"] == "MALFORMED_ID"
    assert partial[1]["errors"][0]["fields"] == ["Id"]
    whole = rep.patch("composite/sobjects", {"allOrNone": True, "records": records}).json()
    assert whole[0]["errors"] == real["failure_allOrNone_true"]["body"][0]["errors"]
    none = rep.delete("composite/sobjects", params={"ids": ""})
    assert none.status_code == 400
    assert none.json() == _load(
        shared_dir, "composite", "sobjects_delete_no_ids_400.restforce.json"
    )


def test_query_envelopes(shared_dir, rep):  # noqa: F811
    empty = rep.get("query/", params={"q": "SELECT Id FROM Lead WHERE LastName = 'Nobody'"})
    assert empty.json() == _load(shared_dir, "query", "query_empty.restforce.json")
    page = rep.get("query/", params={"q": "SELECT Id FROM Account"}).json()
    assert set(page) == set(_load(shared_dir, "query", "query_page2_done_true.restforce.json"))
