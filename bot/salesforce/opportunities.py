"""A new opportunity with its contact roles, in one all-or-none composite request.

Record types and their stages come from the user's own describe and the UI API picklist values
of the chosen record type (its sales process), through the describe cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.salesforce.notes import run_composite
from bot.salesforce.records import record_id

MAX_CONTACT_ROLES = 24


@dataclass(frozen=True)
class RecordType:
    """A record type the user may choose."""

    record_type_id: str
    name: str
    default: bool = False


def record_types(describe: Mapping[str, Any]) -> list[RecordType]:
    """Available record types other than Master, the user's default first."""
    found = [
        RecordType(
            str(i["recordTypeId"]),
            str(i.get("name") or ""),
            bool(i.get("defaultRecordTypeMapping")),
        )  # noqa: E501
        for i in describe.get("recordTypeInfos") or []
        if not i.get("master") and i.get("available", True) and i.get("active", True)
    ]
    return sorted(found, key=lambda rt: (not rt.default, rt.name.casefold()))


def opportunity_payload(
    *, fields: Mapping[str, Any], contact_ids: Sequence[str], role: str | None
) -> dict[str, Any]:
    """The write-intent payload: the Opportunity's fields and its contact roles."""
    contacts = list(dict.fromkeys(record_id(c) for c in contact_ids))[:MAX_CONTACT_ROLES]
    return {"fields": dict(fields), "contacts": contacts, "role": role}


def create_opportunity(sf: Any, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Create the opportunity and one contact role per contact (the first one primary).

    Raises:
        bot.salesforce.notes.CompositeFailure: Salesforce refused something; nothing was kept.
    """
    base = f"/services/data/v{sf.sf_version}"
    fields = dict(payload["fields"])
    stamp = getattr(sf, "stamp", None)
    if callable(stamp):
        fields = stamp("Opportunity", fields, create=True)
    requests = [
        {
            "method": "POST",
            "url": f"{base}/sobjects/Opportunity",
            "referenceId": "opportunity",
            "body": fields,
        }
    ]
    contacts = list(payload.get("contacts") or [])
    if contacts:
        roles = []
        for index, contact in enumerate(contacts):
            role: dict[str, Any] = {
                "attributes": {"type": "OpportunityContactRole"},
                "OpportunityId": "@{opportunity.id}",
                "ContactId": contact,
                "IsPrimary": index == 0,
            }
            if payload.get("role"):
                role["Role"] = payload["role"]
            roles.append(role)
        requests.append(
            {
                "method": "POST",
                "url": f"{base}/composite/sobjects",
                "referenceId": "roles",
                "body": {"allOrNone": True, "records": roles},
            }
        )
    bodies = run_composite(sf, requests)
    new_id = str(bodies["opportunity"]["id"])
    return {
        "record_id": new_id,
        "sobject": "Opportunity",
        "contacts": contacts,
        "undo_records": [{"sobject": "Opportunity", "id": new_id}],
    }
