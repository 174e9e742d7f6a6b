"""The Organization record every org has: its id is the org id of identity URLs and tokens."""

from __future__ import annotations

import json

from devkit.salesforce import start_emulator
from devkit.salesforce.ids import to18


def _org_id(emu) -> str:
    return emu.org.definition.org_id


def test_connect_flow_query_names_the_org(rep):
    # The query the bot's connect flow makes to say "Connected as … to Demo Company".
    resp = rep.get("query", params={"q": "SELECT Name, IsSandbox FROM Organization"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert body["totalSize"] == 1 and body["done"] is True
    (row,) = body["records"]
    assert row["Name"] == "Demo Company"
    assert row["IsSandbox"] is False
    assert row["attributes"]["type"] == "Organization"


def test_organization_id_is_the_identity_org_id(emu, rep):
    identity = rep.get("/services/oauth2/userinfo").json()
    (row,) = rep.get("query", params={"q": "SELECT Id FROM Organization"}).json()["records"]
    assert row["Id"] == identity["organization_id"] == _org_id(emu)
    assert row["Id"].startswith("00D") and to18(row["Id"]) == row["Id"]
    token, _ = emu.token_for("rep@demo.example")
    assert token.startswith(row["Id"][:15] + "!")
    assert f"/id/{row['Id']}/" in identity["sub"]


def test_get_by_id_has_the_real_record_shape(emu, rep, shared_dir):
    real = json.loads(
        (shared_dir / "salesforce/misc/sobject_get_Organization.cumulusci.json").read_text()
    )["body"]
    resp = rep.get(f"sobjects/Organization/{_org_id(emu)}")
    assert resp.status_code == 200, resp.text
    record = resp.json()
    assert list(record) == list(real)  # every field, in the real order
    assert record["attributes"] == {
        "type": "Organization",
        "url": f"/services/data/v59.0/sobjects/Organization/{_org_id(emu)}",
    }
    for name, value in real.items():
        if isinstance(value, bool | int) and not isinstance(record[name], bool | int):
            raise AssertionError(f"{name}: {record[name]!r} is not a {type(value).__name__}")
    assert record["OrganizationType"] == "Enterprise Edition"
    assert record["LanguageLocaleKey"] == "en_US"
    assert record["TimeZoneSidKey"] == "America/Los_Angeles"
    assert record["DefaultLocaleSidKey"] == "en_US"
    assert record["InstanceName"] and len(record["InstanceName"]) <= 5
    assert record["Address"]["city"] == "Chicago" and record["Address"]["country"] == "US"
    # The sharing defaults of the demo org, in the Organization record's words.
    assert record["DefaultAccountAccess"] == "Read"
    assert record["DefaultOpportunityAccess"] == "None"
    assert record["DefaultContactAccess"] == "ControlledByParent"
    assert record["DefaultLeadAccess"] == "ReadEditTransfer"
    assert record["CreatedDate"].endswith("+0000")
    # 15-character id in the URL works too.
    assert rep.get(f"sobjects/Organization/{_org_id(emu)[:15]}").status_code == 200


def test_every_user_reads_it_nobody_writes_it(emu, as_user, admin):
    reader = as_user("readonly@demo.example")
    rows = reader.get("query", params={"q": "SELECT Name FROM Organization"}).json()["records"]
    assert [r["Name"] for r in rows] == ["Demo Company"]
    patch = admin.patch(f"sobjects/Organization/{_org_id(emu)}", {"Name": "Renamed"})
    assert patch.status_code == 400
    assert patch.json()[0]["errorCode"] == "INSUFFICIENT_ACCESS_OR_READONLY"
    create = admin.post("sobjects/Organization/", {"Name": "Second"})
    assert create.status_code == 400
    assert admin.delete(f"sobjects/Organization/{_org_id(emu)}").status_code == 400
    assert emu.record(_org_id(emu))["Name"] == "Demo Company"


def test_describe_and_global_describe(emu, rep):
    describe = rep.get("sobjects/Organization/describe").json()
    assert describe["keyPrefix"] == "00D"
    assert describe["createable"] is False and describe["queryable"] is True
    fields = {f["name"]: f for f in describe["fields"]}
    assert fields["IsSandbox"]["type"] == "boolean"
    assert fields["Address"]["type"] == "address"
    assert fields["City"]["compoundFieldName"] == "Address"
    assert not any(f["createable"] or f["updateable"] for f in describe["fields"])
    listed = {o["name"]: o for o in rep.get("sobjects").json()["sobjects"]}
    assert listed["Organization"]["keyPrefix"] == "00D"


def test_empty_org_and_reset_keep_one_organization():
    with start_emulator("empty") as emu:
        session = emu.session("admin@demo.example")
        url = emu.base_url + "/services/data/v59.0/query"
        rows = session.get(url, params={"q": "SELECT Id, Name FROM Organization"}).json()
        assert rows["records"][0]["Name"] == "Empty Org"
        assert rows["records"][0]["Id"] == emu.org.definition.org_id
        emu.reset()  # forgets grants too: log in again
        session = emu.session("admin@demo.example")
        again = session.get(url, params={"q": "SELECT COUNT() FROM Organization"}).json()
        assert again["totalSize"] == 1


def test_persisted_org_keeps_its_organization(tmp_path):
    data = tmp_path / "org.sqlite"
    with start_emulator("demo", data=data) as emu:
        org_id = emu.org.definition.org_id
    with start_emulator("demo", data=data) as emu:
        assert emu.org.definition.org_id == org_id
        assert emu.record(org_id)["Name"] == "Demo Company"
        assert len(emu.records("Organization")) == 1
