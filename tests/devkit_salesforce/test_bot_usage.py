"""What the bot sends Salesforce, served by the emulator as Salesforce serves it.

Each test drives the bot's own Salesforce functions (``bot.salesforce.*``) with an unmodified
simple-salesforce client, so a call the bot makes that the emulator answered wrongly (or not at
all) shows up here: duplicate-rule header, SOAP undelete, composite with collections and
``@{ref}``, classic and enhanced notes, SOSL/SOQL/queryAll, conditional describe requests.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceExpiredSession, SalesforceMalformedRequest
from sqlalchemy import create_engine

from bot.salesforce import activities, notes, records, summary
from bot.salesforce.describe import DescribeCache
from bot.salesforce.search import records_named_sosl
from bot.store.db import make_session_factory
from bot.store.models import Base

ORG = "00D000000000001AAA"


def _sf(emu, username: str = "rep@demo.example") -> Salesforce:
    token, instance_url = emu.token_for(username)
    session = requests.Session()
    session.verify = emu.ca_file
    session.trust_env = False  # REQUESTS_CA_BUNDLE would override verify
    return Salesforce(instance_url=instance_url, session_id=token, session=session)


def _id(emu, sobject: str, **match) -> str:
    return next(
        r["Id"] for r in emu.records(sobject) if all(r.get(k) == v for k, v in match.items())
    )


def _calls(emu, since: int) -> list[tuple[str, str, int]]:
    return [(r["method"], r["path"], r["status"]) for r in emu.requests()[since:]]


def test_duplicate_rule_header_on_create_and_update(emu):
    sf = _sf(emu)
    with pytest.raises(SalesforceMalformedRequest) as refused:
        records.create_record(sf, "Contact", {"LastName": "Twin", "Email": "ada@acme.example"})
    assert refused.value.content[0]["errorCode"] == "DUPLICATES_DETECTED"
    new = records.create_record(
        sf, "Contact", {"LastName": "Twin", "Email": "ada@acme.example"}, allow_save_duplicates=True
    )
    assert emu.record(new)["Email"] == "ada@acme.example"
    grace = _id(emu, "Contact", LastName="Hopper")
    with pytest.raises(SalesforceMalformedRequest):
        records.update_record(sf, "Contact", grace, {"Email": "ada@acme.example"})
    records.update_record(
        sf, "Contact", grace, {"Email": "ada@acme.example"}, allow_save_duplicates=True
    )
    assert emu.record(grace)["Email"] == "ada@acme.example"


def test_delete_then_soap_undelete_and_resume_lookup(emu):
    sf = _sf(emu)
    since = datetime.now(UTC)
    new = records.create_record(sf, "Contact", {"LastName": "Resume", "Title": "CTO"})
    found = records.find_created_record(
        sf, "Contact", {"LastName": "Resume", "Title": "CTO"}, since=since
    )
    assert found == new
    records.delete_record(sf, "Contact", new)
    assert records.is_deleted(sf, "Contact", new)
    records.undelete_record(sf, new)
    assert not records.is_deleted(sf, "Contact", new)
    with pytest.raises(records.UndeleteError) as again:
        records.undelete_record(sf, new)
    assert again.value.content[0]["errorCode"] == "UNDELETE_FAILED"
    records.delete_record(sf, "Contact", new)
    emu.expire_tokens()
    with pytest.raises(SalesforceExpiredSession):
        records.undelete_record(sf, new)


def test_enhanced_note_with_links_in_one_composite(emu):
    sf = _sf(emu)
    acme, globex = (
        _id(emu, "Account", Name="Acme Corporation"),
        _id(emu, "Account", Name="Globex Corporation"),
    )
    payload = notes.note_payload(
        title="Call notes",
        body_html="<p>Price &amp; terms</p>",
        body_text="Price & terms",
        record_ids=[acme, globex],
        kind=notes.ENHANCED,
    )
    since = datetime.now(UTC)
    start = len(emu.requests())
    made = notes.create_note(sf, payload)
    assert [c[:2] for c in _calls(emu, start)] == [("POST", "/services/data/v59.0/composite")]
    assert made["record_id"].startswith("069") and len(made["links"]) == 2
    assert notes.find_note(sf, payload, since=since, created_by=None) == made


def test_classic_note_when_the_org_has_note(emu):
    sf = _sf(emu)
    acme = _id(emu, "Account", Name="Acme Corporation")
    listed = {o["name"]: o for o in sf.describe()["sobjects"]}
    assert listed["Note"]["createable"] and listed["Note"]["keyPrefix"] == "002"
    payload = notes.note_payload(
        title="Classic", body_html="", body_text="Plain body", record_ids=[acme], kind=notes.CLASSIC
    )
    since = datetime.now(UTC)
    made = notes.create_note(sf, payload)
    note = emu.record(made["record_id"])
    assert (note["ParentId"], note["Title"], note["Body"]) == (acme, "Classic", "Plain body")
    assert notes.find_note(sf, payload, since=since, created_by=None) == made
    # Notes follow their parent: visible on the account, gone with it.
    rows = sf.query(f"SELECT Id FROM Note WHERE ParentId = '{acme}'")["records"]
    assert [r["Id"] for r in rows] == [made["record_id"]]
    assert notes.delete_records(sf, made["undo_records"]) == [made["record_id"]]


def test_task_with_extra_contacts_in_one_composite(emu):
    sf = _sf(emu)
    acme = _id(emu, "Account", Name="Acme Corporation")
    ada, grace = _id(emu, "Contact", LastName="Lovelace"), _id(emu, "Contact", LastName="Hopper")
    payload = {
        "sobject": "Task",
        "fields": {"Subject": "Call", "WhoId": ada, "WhatId": acme, "Status": "Completed"},
        "relations": [grace],
    }
    since = datetime.now(UTC)
    made = activities.create_activity(sf, payload)
    relations = [r for r in emu.records("TaskRelation") if r["TaskId"] == made["record_id"]]
    assert {r["RelationId"] for r in relations} >= {grace}
    assert activities.find_activity(sf, payload, since=since, created_by=None) == made
    role = activities.create_relation(
        sf,
        {
            "sobject": "OpportunityContactRole",
            "fields": {
                "OpportunityId": _id(emu, "Opportunity", Name="Acme renewal 2026"),
                "ContactId": grace,
                "Role": "Influencer",
            },
        },
    )
    assert emu.record(role["record_id"])["Role"] == "Influencer"


def test_sosl_and_query_all_as_the_bot_builds_them(emu):
    sf = _sf(emu)
    sosl = records_named_sosl(
        text="acme", returning={"Account": ["Id", "Name"], "Contact": ["Id", "Name"]}, prefix=True
    )
    names = {row["Name"] for row in sf.search(sosl)["searchRecords"]}
    assert "Acme Corporation" in names
    escaped = records_named_sosl(text="Smith & Jones and", returning={"Account": ["Id", "Name"]})
    assert sf.search(escaped)["searchRecords"] == []
    gone = records.create_record(sf, "Lead", {"LastName": "Gone", "Company": "Gone Inc"})
    records.delete_record(sf, "Lead", gone)
    soql = f"SELECT Id, IsDeleted FROM Lead WHERE Id = '{gone}'"
    assert sf.query(soql)["totalSize"] == 0
    assert sf.query(soql, include_deleted=True)["records"][0]["IsDeleted"] is True


def test_describe_cache_revalidates_with_304_for_every_kind(emu):
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    now = [1_900_000_000.0]
    cache = DescribeCache(make_session_factory(engine), ttl_seconds=60, clock=lambda: now[0])
    sf = _sf(emu)
    rep = emu.user_id("rep@demo.example")
    renewal = next(
        rt.id for rt in emu.org.definition.record_types.values() if rt.developer_name == "Renewal"
    )
    fetches = [
        lambda: cache.describe_global(sf, org_id=ORG, sf_user_id=rep),
        lambda: cache.describe(sf, org_id=ORG, sf_user_id=rep, sobject="Opportunity"),
        lambda: cache.picklist_values(
            sf, org_id=ORG, sf_user_id=rep, sobject="Opportunity", record_type_id=renewal
        ),
    ]
    first = [fetch() for fetch in fetches]
    now[0] += 61
    start = len(emu.requests())
    assert [fetch() for fetch in fetches] == first
    assert [status for _m, _p, status in _calls(emu, start)] == [304, 304, 304]
    assert cache.stats["not_modified"] == 3


def test_conditional_headers_of_describe_and_ui_api(emu):
    session = _sf(emu).session
    token, _ = emu.token_for("rep@demo.example")
    auth = {"Authorization": f"Bearer {token}"}
    base = emu.base_url + "/services/data/v59.0/"
    fresh = session.get(base + "sobjects", headers=auth)
    assert fresh.status_code == 200 and fresh.headers["Last-Modified"]
    stale = {**auth, "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    assert session.get(base + "sobjects", headers=stale).status_code == 200
    same = {**auth, "If-Modified-Since": fresh.headers["Last-Modified"]}
    unchanged = session.get(base + "sobjects", headers=same)
    assert unchanged.status_code == 304 and unchanged.content == b""

    master = "012000000000000AAA"
    url = base + f"ui-api/object-info/Account/picklist-values/{master}"
    first = session.get(url, headers=auth)
    tag = first.headers["ETag"]
    assert tag == f'"{first.json()["eTag"]}"'
    assert session.get(url, headers={**auth, "If-None-Match": tag}).status_code == 304
    other = session.get(url, headers={**auth, "If-None-Match": '"not-it"'})
    assert other.status_code == 200
    info = session.get(base + "ui-api/object-info/Account", headers=auth)
    assert (
        session.get(
            base + "ui-api/object-info/Account",
            headers={**auth, "If-None-Match": info.headers["ETag"]},
        ).status_code
        == 304
    )


class _View:
    """The two things ``bot.salesforce.summary`` needs from an OrgView."""

    def __init__(self, sf: Salesforce) -> None:
        self.sf = sf

    def describe(self, sobject: str) -> dict:
        return getattr(self.sf, sobject).describe()


@pytest.mark.parametrize(
    "sobject,name",
    [
        ("Account", "Acme Corporation"),
        ("Opportunity", "Acme renewal 2026"),
        ("Case", "00001000"),
        ("Organization", "Demo Company"),
    ],
)
def test_record_summary_query_with_related_names(emu, sobject, name):
    record = next(r for r in emu.records(sobject) if name in r.values())
    found = summary.fetch_summary(_View(_sf(emu)), sobject=sobject, record_id=record["Id"])
    assert found is not None and found.name == name
