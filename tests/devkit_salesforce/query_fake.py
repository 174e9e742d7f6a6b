"""An in-memory org source for the query engine's tests, built from the captured describes.

This is input data for the engine (the real source is the emulator's store); it implements the
source contract: describe / records / get / sobject_for_id.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

DESCRIBES = ("Account", "Contact", "Opportunity", "Lead", "Case", "Event", "User.partial")


def _multipicklist(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "multipicklist",
        "filterable": True,
        "sortable": False,
        "relationshipName": None,
        "referenceTo": [],
        "nameField": False,
    }


class FakeOrg:
    """Records by id, with describes loaded from ../shared/salesforce/describe."""

    def __init__(self, shared_dir: Path) -> None:
        self._describes: dict[str, dict[str, Any]] = {}
        for stem in DESCRIBES:
            path = shared_dir / "salesforce" / "describe" / f"{stem}.json"
            described = json.loads(path.read_text())
            self._describes[described["name"].lower()] = described
        # The captured orgs have no multi-select picklist; add one so INCLUDES can be exercised.
        self._describes["account"]["fields"].append(_multipicklist("Regions__c"))
        user = self._describes["user"]
        user["fields"].append(copy.deepcopy(user["fields"][1]) | {"name": "Email"})
        self._records: dict[str, dict[str, Any]] = {}
        self._counter = 0

    def add(self, sobject: str, **fields: Any) -> str:
        """Store a record and return its new 18-character id."""
        described = self._describes[sobject.lower()]
        self._counter += 1
        record_id = f"{described['keyPrefix']}{self._counter:012d}AAA"
        record = {"Id": record_id, "IsDeleted": False, **fields}
        record["attributes_type"] = described["name"]
        self._records[record_id] = record
        return record_id

    def delete(self, record_id: str) -> None:
        self._records[record_id]["IsDeleted"] = True

    # -- the source contract --------------------------------------------------------------------
    def describe(self, sobject_name: str) -> dict[str, Any] | None:
        return self._describes.get(sobject_name.lower())

    def records(self, sobject_name: str, *, include_deleted: bool):
        for record in self._records.values():
            if record["attributes_type"].lower() != sobject_name.lower():
                continue
            if record["IsDeleted"] and not include_deleted:
                continue
            yield {k: v for k, v in record.items() if k != "attributes_type"}

    def get(self, record_id: str) -> dict[str, Any] | None:
        record = self._records.get(record_id)
        if record is None or record["IsDeleted"]:
            return None
        return {k: v for k, v in record.items() if k != "attributes_type"}

    def sobject_for_id(self, record_id: str) -> str | None:
        record = self._records.get(record_id)
        return record["attributes_type"] if record else None


def demo_org(shared_dir: Path) -> tuple[FakeOrg, dict[str, str]]:
    """A small org with known records; returns it and a name → id map.

    Dates are relative to 2024-05-15 (a Wednesday), the ``now`` the tests pass in.
    """
    org = FakeOrg(shared_dir)
    ids: dict[str, str] = {}
    ids["rep"] = org.add(
        "User",
        Username="rep@demo.example",
        FirstName="Dana",
        LastName="Rep",
        Name="Dana Rep",
        Email="rep@demo.example",
    )
    ids["admin"] = org.add(
        "User",
        Username="admin@demo.example",
        FirstName="Ari",
        LastName="Admin",
        Name="Ari Admin",
        Email="admin@demo.example",
    )
    accounts = [
        ("acme", "Acme Corp", "Technology", 1_000_000.0, 50, "rep", "Technology;EMEA"),
        ("globex", "Globex", None, 250_000.0, 1200, "admin", "AMER"),
        ("oreilly", "O'Reilly Media", "Media", None, 300, "rep", None),
        ("juice", "100% Juice_Co", "Food", 5_000.0, None, "admin", "EMEA;APAC"),
    ]
    for key, name, industry, revenue, employees, owner, regions in accounts:
        ids[key] = org.add(
            "Account",
            Name=name,
            Industry=industry,
            AnnualRevenue=revenue,
            NumberOfEmployees=employees,
            OwnerId=ids[owner],
            Regions__c=regions,
            CreatedDate=f"2024-05-1{len(ids)}T08:30:00.000+0000",
        )
    ids["ada"] = org.add(
        "Contact",
        FirstName="Ada",
        LastName="Lovelace",
        Name="Ada Lovelace",
        Email="ada@acme.example",
        AccountId=ids["acme"],
        OwnerId=ids["rep"],
        Phone="(415) 555-0100",
    )
    ids["bob"] = org.add(
        "Contact",
        FirstName="Bob",
        LastName="Loner",
        Name="Bob Loner",
        Email=None,
        AccountId=None,
        OwnerId=ids["admin"],
    )
    ids["gus"] = org.add(
        "Contact",
        FirstName=None,
        LastName="Gus",
        Name="Gus",
        Email="gus@globex.example",
        AccountId=ids["globex"],
        OwnerId=ids["rep"],
    )
    opportunities = [
        ("big", "Acme - Big deal", "acme", 500_000.0, "2024-05-15", "Prospecting"),
        ("small", "Acme - Small deal", "acme", 1_000.0, "2024-05-14", "Closed Won"),
        ("gx", "Globex renewal", "globex", None, "2024-06-03", "Negotiation/Review"),
        ("old", "Juice pilot", "juice", 20_000.0, "2023-12-31", "Closed Lost"),
    ]
    for key, name, account, amount, close, stage in opportunities:
        ids[key] = org.add(
            "Opportunity",
            Name=name,
            AccountId=ids[account],
            Amount=amount,
            CloseDate=close,
            StageName=stage,
            OwnerId=ids["rep"],
            IsClosed=stage.startswith("Closed"),
        )
    ids["case"] = org.add(
        "Case",
        Subject="Printer on fire",
        Status="New",
        OwnerId=ids["admin"],
        AccountId=ids["acme"],
        ContactId=ids["ada"],
    )
    return org, ids
