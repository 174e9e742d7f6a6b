"""Opportunity contact roles: one primary per opportunity, mirrored in Opportunity.ContactId.

Salesforce keeps at most one primary contact role per opportunity: saving a role with
``IsPrimary = true`` clears the flag on the opportunity's other roles. The opportunity's
read-only ``ContactId`` (API 46.0+) is the primary role's contact, and an opportunity created
with a ``ContactId`` gets that contact as its primary role [unverified: role left empty].
"""

from __future__ import annotations

from typing import Any

ROLE = "OpportunityContactRole"


def _roles_of(org: Any, opportunity_id: str) -> list[dict[str, Any]]:
    return [
        r
        for r in org.store.of_type(ROLE)
        if r.get("OpportunityId") == opportunity_id and not r.get("IsDeleted")
    ]


def _touch(org: Any, record: dict[str, Any], user_id: str | None) -> None:
    now = org.now()
    record["SystemModstamp"] = record["LastModifiedDate"] = now
    if user_id:
        record["LastModifiedById"] = user_id


def _set_contact(org: Any, opportunity_id: str, contact_id: str | None) -> None:
    opp = org.store.get(opportunity_id)
    if opp is None or "ContactId" not in opp or opp.get("ContactId") == contact_id:
        return
    changed = dict(opp)
    changed["ContactId"] = contact_id
    changed["SystemModstamp"] = org.now()
    org.store.put("Opportunity", changed)


def after_save(
    org: Any, user_id: str | None, sobject: str, record: dict[str, Any], old: dict | None
) -> None:
    """Keep one primary role per opportunity; create the primary role of a new opportunity."""
    if sobject == "Opportunity" and old is None and record.get("ContactId"):
        _create_primary(org, user_id, record)
        return
    if sobject != ROLE:
        return
    opportunity_id = record.get("OpportunityId") or ""
    if record.get("IsPrimary"):
        for other in _roles_of(org, opportunity_id):
            if other["Id"] != record["Id"] and other.get("IsPrimary"):
                changed = dict(other)
                changed["IsPrimary"] = False
                _touch(org, changed, user_id)
                org.store.put(ROLE, changed)
        _set_contact(org, opportunity_id, record.get("ContactId"))
    elif old is not None and old.get("IsPrimary"):
        _set_contact(org, opportunity_id, None)


def after_delete(org: Any, sobject: str, record: dict[str, Any]) -> None:
    """A deleted primary role leaves its opportunity without a primary contact."""
    if sobject == ROLE and record.get("IsPrimary"):
        _set_contact(org, record.get("OpportunityId") or "", None)


def after_undelete(org: Any, sobject: str, record: dict[str, Any]) -> None:
    """A restored primary role is primary again unless another role became primary meanwhile."""
    if sobject != ROLE or not record.get("IsPrimary"):
        return
    opportunity_id = record.get("OpportunityId") or ""
    others = [
        r for r in _roles_of(org, opportunity_id) if r["Id"] != record["Id"] and r.get("IsPrimary")
    ]
    if others:
        changed = dict(record)
        changed["IsPrimary"] = False
        org.store.put(ROLE, changed)
    else:
        _set_contact(org, opportunity_id, record.get("ContactId"))


def _create_primary(org: Any, user_id: str | None, opportunity: dict[str, Any]) -> None:
    obj = org.definition.objects.get(ROLE)
    if obj is None:
        return
    now = org.now()
    role = {f["name"]: None for f in obj.fields}
    role.update(
        Id=org.ids.new(obj.key_prefix),
        OpportunityId=opportunity["Id"],
        ContactId=opportunity["ContactId"],
        IsPrimary=True,
        IsDeleted=False,
        CreatedById=user_id,
        LastModifiedById=user_id,
        CreatedDate=now,
        LastModifiedDate=now,
        SystemModstamp=now,
    )
    for other in _roles_of(org, opportunity["Id"]):
        if other.get("IsPrimary"):
            changed = dict(other)
            changed["IsPrimary"] = False
            org.store.put(ROLE, changed)
    org.store.put(ROLE, role)
