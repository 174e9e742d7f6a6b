"""SOQL/SOSL engine of devkit/salesforce: time per statement over 10,000 records.

Usage: PYTHONPATH=. python bench/query_engine.py

Prints, measured in this run, the median time of each statement over an in-memory org of 10,000
contacts under 1,000 accounts, and its ratio to the 100 ms budget (ratio < 1 is within budget;
the aim is well under it, so the emulator is never the bottleneck of the bot's own benchmarks).
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from devkit.salesforce.query import execute_soql, execute_sosl

N_CONTACTS, N_ACCOUNTS, BUDGET_MS, RUNS = 10_000, 1_000, 100.0, 7
STATEMENTS = [
    ("filter+order+limit", "soql",
     "SELECT Id, Name, Email FROM Contact WHERE LastName LIKE 'Smith%' AND CreatedDate = "
     "LAST_N_DAYS:30 ORDER BY LastName, FirstName DESC NULLS LAST LIMIT 200"),
    ("parent fields", "soql",
     "SELECT Name, Account.Name, Account.Owner.Name FROM Contact WHERE Account.Industry = 'Tech'"),
    ("count", "soql", "SELECT COUNT() FROM Contact WHERE Email != null"),
    ("all rows, ordered", "soql", "SELECT Id, Name FROM Contact ORDER BY Name"),
    ("sosl name fields", "sosl",
     "FIND {smith*} IN NAME FIELDS RETURNING Contact(Id, Name) LIMIT 50"),
]  # fmt: skip


def _field(name: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": kind, "filterable": True, "sortable": True,
            "relationshipName": None, "referenceTo": [], "nameField": False} | extra  # fmt: skip


def _describe(name: str, prefix: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
    base = [_field("Id", "id"), _field("IsDeleted", "boolean"),
            _field("CreatedDate", "datetime")]  # fmt: skip
    return {"name": name, "keyPrefix": prefix, "queryable": True, "searchable": True,
            "fields": base + fields}  # fmt: skip


class Org:
    """A minimal source: three objects, records kept in lists."""

    def __init__(self) -> None:
        owner = _field("OwnerId", "reference", relationshipName="Owner", referenceTo=["User"])
        account = _field("AccountId", "reference", relationshipName="Account",
                         referenceTo=["Account"])  # fmt: skip
        self.schema = {
            "user": _describe("User", "005", [_field("Name", "string", nameField=True)]),
            "account": _describe("Account", "001", [_field("Name", "string", nameField=True),
                                                    _field("Industry", "picklist"), owner]),
            "contact": _describe("Contact", "003", [
                _field("FirstName", "string"), _field("LastName", "string"),
                _field("Name", "string", nameField=True), _field("Email", "email"), account]),
        }  # fmt: skip
        now = datetime.now(UTC)
        self.by_id: dict[str, dict[str, Any]] = {}
        self.rows: dict[str, list[dict[str, Any]]] = {"user": [], "account": [], "contact": []}
        self._add("user", "005", 0, Name="Dana Rep")
        for i in range(N_ACCOUNTS):
            self._add("account", "001", i, Name=f"Account {i}", OwnerId=_id("005", 0),
                      Industry="Tech" if i % 4 == 0 else "Retail")  # fmt: skip
        last = ["Smith", "Jones", "Smithers", "Brown", "Lee"]
        for i in range(N_CONTACTS):
            first, surname = f"First{i % 97}", last[i % len(last)]
            created = (now - timedelta(days=i % 90)).strftime("%Y-%m-%dT%H:%M:%S.000+0000")
            self._add("contact", "003", i, FirstName=first, LastName=surname,
                      Name=f"{first} {surname}", AccountId=_id("001", i % N_ACCOUNTS),
                      Email=None if i % 10 == 0 else f"c{i}@example.com",
                      CreatedDate=created)  # fmt: skip

    def _add(self, key: str, prefix: str, i: int, **fields: Any) -> None:
        record = {"Id": _id(prefix, i), "IsDeleted": False, **fields}
        self.rows[key].append(record)
        self.by_id[record["Id"]] = record

    def describe(self, name: str) -> dict[str, Any] | None:
        return self.schema.get(name.lower())

    def records(self, name: str, *, include_deleted: bool) -> list[dict[str, Any]]:
        return self.rows.get(name.lower(), [])

    def get(self, record_id: str) -> dict[str, Any] | None:
        return self.by_id.get(record_id)

    def sobject_for_id(self, record_id: str) -> str | None:
        return {"005": "User", "001": "Account", "003": "Contact"}.get(record_id[:3])


def _id(prefix: str, i: int) -> str:
    return f"{prefix}{i:012d}AAA"


def main() -> None:
    org = Org()
    print(f"{N_CONTACTS} contacts, {N_ACCOUNTS} accounts; median of {RUNS} runs")
    for label, kind, statement in STATEMENTS:
        samples, size = [], 0
        for _ in range(RUNS):
            start = time.perf_counter()
            if kind == "soql":
                size = execute_soql(org, statement).total_size
            else:
                size = len(execute_sosl(org, statement))
            samples.append((time.perf_counter() - start) * 1000)
        median = statistics.median(samples)
        ratio = median / BUDGET_MS
        print(f"{label:20s} {median:7.1f} ms  rows={size:<6d} ratio to budget={ratio:.2f}")


if __name__ == "__main__":
    main()
