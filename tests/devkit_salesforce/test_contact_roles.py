"""Opportunity contact roles: only one primary per opportunity, mirrored in Opportunity.ContactId.

Demo seed: "Acme renewal 2026" has Ada Lovelace as its primary contact role.
"""

from __future__ import annotations


def _id(emu, sobject: str, **match) -> str:
    return next(
        r["Id"] for r in emu.records(sobject) if all(r.get(k) == v for k, v in match.items())
    )


def _roles(rep, opportunity: str) -> dict[str, bool]:
    soql = (
        "SELECT Contact.LastName, IsPrimary FROM OpportunityContactRole "
        f"WHERE OpportunityId = '{opportunity}'"
    )
    rows = rep.get("query", params={"q": soql}).json()["records"]
    return {row["Contact"]["LastName"]: row["IsPrimary"] for row in rows}


def test_new_primary_role_clears_the_old_one(emu, rep):
    opp = _id(emu, "Opportunity", Name="Acme renewal 2026")
    ada, grace = _id(emu, "Contact", LastName="Lovelace"), _id(emu, "Contact", LastName="Hopper")
    assert _roles(rep, opp) == {"Lovelace": True}
    assert emu.record(opp)["ContactId"] == ada
    old_role = _id(emu, "OpportunityContactRole", OpportunityId=opp, ContactId=ada)
    before = emu.record(old_role)["LastModifiedDate"]

    created = rep.post(
        "sobjects/OpportunityContactRole/",
        {"OpportunityId": opp, "ContactId": grace, "Role": "Economic Buyer", "IsPrimary": True},
    )
    assert created.status_code == 201, created.text
    assert _roles(rep, opp) == {"Lovelace": False, "Hopper": True}
    assert emu.record(opp)["ContactId"] == grace
    assert emu.record(old_role)["LastModifiedDate"] >= before

    # A second non-primary role changes nothing.
    hank = _id(emu, "Contact", LastName="Scorpio")
    extra = rep.post("sobjects/OpportunityContactRole/", {"OpportunityId": opp, "ContactId": hank})
    assert extra.status_code == 201
    assert _roles(rep, opp) == {"Lovelace": False, "Hopper": True, "Scorpio": False}


def test_updating_a_role_to_primary_and_back(emu, rep):
    opp = _id(emu, "Opportunity", Name="Acme renewal 2026")
    ada, grace = _id(emu, "Contact", LastName="Lovelace"), _id(emu, "Contact", LastName="Hopper")
    ada_role = _id(emu, "OpportunityContactRole", OpportunityId=opp, ContactId=ada)
    grace_role = rep.post(
        "sobjects/OpportunityContactRole/", {"OpportunityId": opp, "ContactId": grace}
    ).json()["id"]
    assert _roles(rep, opp) == {"Lovelace": True, "Hopper": False}

    patch = rep.patch(f"sobjects/OpportunityContactRole/{grace_role}", {"IsPrimary": True})
    assert patch.status_code == 204
    assert _roles(rep, opp) == {"Lovelace": False, "Hopper": True}
    assert emu.record(opp)["ContactId"] == grace

    # Unsetting the primary leaves the opportunity with no primary contact.
    rep.patch(f"sobjects/OpportunityContactRole/{grace_role}", {"IsPrimary": False})
    assert _roles(rep, opp) == {"Lovelace": False, "Hopper": False}
    assert emu.record(opp)["ContactId"] is None
    assert emu.record(ada_role)["IsPrimary"] is False


def test_deleting_the_primary_role_and_undeleting_it(emu, rep):
    opp = _id(emu, "Opportunity", Name="Acme renewal 2026")
    ada = _id(emu, "Contact", LastName="Lovelace")
    ada_role = _id(emu, "OpportunityContactRole", OpportunityId=opp, ContactId=ada)
    assert rep.delete(f"sobjects/OpportunityContactRole/{ada_role}").status_code == 204
    assert emu.record(opp)["ContactId"] is None
    emu.undelete(ada_role)
    assert emu.record(ada_role)["IsPrimary"] is True
    assert emu.record(opp)["ContactId"] == ada


def test_roles_on_other_opportunities_are_untouched(emu, rep):
    acme = _id(emu, "Opportunity", Name="Acme renewal 2026")
    globex = _id(emu, "Opportunity", Name="Globex pilot")
    hank = _id(emu, "Contact", LastName="Scorpio")
    resp = rep.post(
        "sobjects/OpportunityContactRole/",
        {"OpportunityId": globex, "ContactId": hank, "IsPrimary": True},
    )
    assert resp.status_code == 201
    assert _roles(rep, acme) == {"Lovelace": True}
    assert _roles(rep, globex) == {"Scorpio": True}


def test_opportunity_created_with_a_contact_gets_it_as_primary_role(emu, rep):
    acme = _id(emu, "Account", Name="Acme Corporation")
    grace = _id(emu, "Contact", LastName="Hopper")
    resp = rep.post(
        "sobjects/Opportunity/",
        {
            "Name": "Acme add-on",
            "StageName": "Prospecting",
            "CloseDate": "2030-06-30",
            "AccountId": acme,
            "ContactId": grace,
        },
    )
    assert resp.status_code == 201, resp.text
    opp = resp.json()["id"]
    assert _roles(rep, opp) == {"Hopper": True}
    assert rep.get(f"sobjects/Opportunity/{opp}").json()["ContactId"] == grace
    # ContactId is create-only: it changes through contact roles.
    patch = rep.patch(f"sobjects/Opportunity/{opp}", {"ContactId": acme})
    assert patch.status_code == 400
    assert patch.json()[0]["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"


def test_composite_all_or_none_rolls_back_the_cleared_flag(emu, rep):
    opp = _id(emu, "Opportunity", Name="Acme renewal 2026")
    grace = _id(emu, "Contact", LastName="Hopper")
    body = {
        "allOrNone": True,
        "compositeRequest": [
            {
                "method": "POST",
                "url": "/services/data/v59.0/sobjects/OpportunityContactRole",
                "referenceId": "role",
                "body": {"OpportunityId": opp, "ContactId": grace, "IsPrimary": True},
            },
            {
                "method": "POST",
                "url": "/services/data/v59.0/sobjects/Account",
                "referenceId": "broken",
                "body": {},
            },
        ],
    }
    resp = rep.post("composite", body)
    assert resp.status_code == 200
    assert resp.json()["compositeResponse"][1]["httpStatusCode"] == 400
    assert _roles(rep, opp) == {"Lovelace": True}
    assert emu.record(opp)["ContactId"] == _id(emu, "Contact", LastName="Lovelace")
