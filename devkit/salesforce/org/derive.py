"""Defaulted and derived fields that Salesforce fills in on save.

Defaults apply on create (describe ``defaultValue``, the default picklist entry, booleans false);
derived fields are recomputed on every save: compound names, Opportunity stage facts, activity
AccountId and closed flags, Case numbers, activity relation flags.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from devkit.salesforce.org.definition import OrgDefinition
from devkit.salesforce.org.store import Store
from devkit.salesforce.schema.objects import ObjectDef

_FORECAST_API = {
    "Omitted": "Omitted",
    "Pipeline": "Pipeline",
    "Best Case": "BestCase",
    "Commit": "Forecast",
    "Closed": "Closed",
}
_ACCOUNT_PARENTS = {"Opportunity", "Contract", "Case", "Contact", "Order", "Asset"}


def apply_defaults(obj: ObjectDef, record: dict[str, Any]) -> None:
    """Fill describe defaults into a new record for fields the request left out."""
    for f in obj.fields:
        name = f["name"]
        if record.get(name) is not None:
            continue
        if f["type"] in {"picklist", "multipicklist"} and f["defaultedOnCreate"]:
            chosen = next(
                (p["value"] for p in f["picklistValues"] if p["defaultValue"]), f["defaultValue"]
            )
            record[name] = chosen
        elif f["type"] == "boolean":
            record[name] = bool(f["defaultValue"])
        elif f["defaultValue"] is not None and f["defaultedOnCreate"]:
            record[name] = f["defaultValue"]


def derive(
    definition: OrgDefinition,
    store: Store,
    obj: ObjectDef,
    record: dict[str, Any],
    old: dict[str, Any] | None,
    given: set[str],
    now: str,
) -> None:
    """Recompute read-only fields of ``record`` (``given``: field names the request set)."""
    name = obj.name
    if (
        obj.has("FirstName")
        and obj.has("LastName")
        and obj.field("Name")["calculated"] is False
        and not obj.field("Name")["createable"]
    ):
        parts = [record.get("FirstName"), record.get("LastName")]
        record["Name"] = " ".join(p for p in parts if p) or None
    if name == "Opportunity":
        _opportunity(definition, record, old, given, now)
    elif name in {"Task", "Event"}:
        _activity(definition, store, name, record, now)
    elif name == "Case":
        record["IsClosed"] = record.get("Status") == "Closed"
        if record["IsClosed"] and not (old or {}).get("IsClosed"):
            record["ClosedDate"] = now
        elif not record["IsClosed"]:
            record["ClosedDate"] = None
    elif name in {"TaskRelation", "EventRelation"}:
        rel = record.get("RelationId") or ""
        rel_type = store.type_of(rel)
        record["IsWhat"] = rel_type not in {"Contact", "Lead", "User", None}
        record["AccountId"] = _account_of(store, rel)


def _opportunity(
    definition: OrgDefinition,
    record: dict[str, Any],
    old: dict[str, Any] | None,
    given: set[str],
    now: str,
) -> None:
    stage_changed = old is None or old.get("StageName") != record.get("StageName")
    info = definition.stage(record.get("StageName"))
    if info is not None:
        probability, forecast, closed, won = info
        record["IsClosed"], record["IsWon"] = closed, won
        if stage_changed and "Probability" not in given:
            record["Probability"] = probability
        if stage_changed and "ForecastCategoryName" not in given:
            record["ForecastCategoryName"] = forecast
    else:
        record["IsClosed"], record["IsWon"] = False, False
        if record.get("ForecastCategoryName") is None:
            record["ForecastCategoryName"] = "Pipeline"
    record["ForecastCategory"] = _FORECAST_API.get(record.get("ForecastCategoryName") or "")
    if stage_changed:
        record["LastStageChangeDate"] = now if old is not None else None
    amount, prob = record.get("Amount"), record.get("Probability")
    record["ExpectedRevenue"] = (
        round(amount * prob / 100, 2) if amount is not None and prob is not None else None
    )
    close = record.get("CloseDate")
    if close:
        day = date.fromisoformat(close)
        quarter = (day.month - 1) // 3 + 1
        record["FiscalYear"], record["FiscalQuarter"] = day.year, quarter
        record["Fiscal"] = f"{day.year} {quarter}"


def _account_of(store: Store, record_id: str | None) -> str | None:
    """The account a record belongs to: itself for an Account, else its AccountId."""
    if not record_id:
        return None
    sobject = store.type_of(record_id)
    if sobject == "Account":
        return record_id
    if sobject in _ACCOUNT_PARENTS:
        return (store.get(record_id) or {}).get("AccountId")
    return None


def _activity(
    definition: OrgDefinition, store: Store, name: str, record: dict[str, Any], now: str
) -> None:
    # AccountId: the What's account (Account, Opportunity, Contract, Case…), else the Who
    # contact's account (README §4, Task).
    account = _account_of(store, record.get("WhatId"))
    if account is None and store.type_of(record.get("WhoId") or "") == "Contact":
        account = _account_of(store, record.get("WhoId"))
    record["AccountId"] = account
    if name == "Task":
        closed = record.get("Status") == "Completed"
        if closed and not record.get("IsClosed"):
            record["CompletedDateTime"] = now
        record["IsClosed"] = closed
        record["IsHighPriority"] = record.get("Priority") == "High"
        if record.get("TaskSubtype") is None:
            record["TaskSubtype"] = "Task"
    else:
        _event_times(record)


def _event_times(record: dict[str, Any]) -> None:
    from datetime import timedelta

    from devkit.salesforce.org.values import format_datetime, parse_datetime

    start = record.get("StartDateTime") or record.get("ActivityDateTime")
    if start:
        begin = parse_datetime(start.replace("+0000", "Z"))
        if begin is not None:
            record["StartDateTime"] = record["ActivityDateTime"] = format_datetime(begin)
            record["ActivityDate"] = begin.date().isoformat()
            if record.get("EndDateTime"):
                end = parse_datetime(record["EndDateTime"].replace("+0000", "Z"))
                if end is not None:
                    record["DurationInMinutes"] = int((end - begin).total_seconds() // 60)
            elif record.get("DurationInMinutes") is not None:
                end = begin + timedelta(minutes=record["DurationInMinutes"])
                record["EndDateTime"] = format_datetime(end)
            if record.get("EndDateTime"):
                record["EndDate"] = record["EndDateTime"][:10]
    elif record.get("IsAllDayEvent") and record.get("ActivityDate"):
        record["EndDate"] = record["ActivityDate"]
        record["DurationInMinutes"] = 1440
    record.setdefault("EventSubtype", "Event")
    if record.get("EventSubtype") is None:
        record["EventSubtype"] = "Event"
