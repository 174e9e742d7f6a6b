"""Lookup (reference) field checks: malformed ids, wrong object, missing, deleted, not visible."""

from __future__ import annotations

from typing import Any

from devkit.salesforce import ids
from devkit.salesforce.errors import ApiError
from devkit.salesforce.org.access import UserContext
from devkit.salesforce.schema.objects import ObjectDef

_DOCUMENT_TYPES = {"ContentDocument", "ContentNote"}


def _targets_match(stored: str, targets: list[str]) -> bool:
    if stored in targets:
        return True
    return stored in _DOCUMENT_TYPES and bool(_DOCUMENT_TYPES & set(targets))


def check_reference(
    org: Any,
    user: UserContext,
    obj: ObjectDef,
    fdesc: dict[str, Any],
    value: str,
    *,
    system: bool = False,
) -> str:
    """Validate a lookup value; returns the normalised 18-character id."""
    label, name = fdesc["label"], fdesc["name"]
    rid = ids.to18(value)
    if rid is None:
        raise ApiError.one(
            400, "MALFORMED_ID", f"{label}: id value of incorrect type: {value}", [name]
        )
    if name == "RecordTypeId":
        rt = org.definition.record_types.get(rid)
        if rt is None or rt.sobject != obj.name or not rt.active:
            raise ApiError.one(
                400,
                "INVALID_CROSS_REFERENCE_KEY",
                f"Record Type ID: this ID value isn't valid for the user: {rid}",
                [name],
            )
        return rid
    target = org.definition.object_for_id(rid)
    stored = org.store.type_of(rid)
    kind = stored or (target.name if target else None)
    if kind is None or not _targets_match(kind, fdesc["referenceTo"]):
        raise ApiError.one(
            400, "MALFORMED_ID", f"{label}: id value of incorrect type: {value}", [name]
        )
    record = org.store.get(rid)
    if record is None:
        raise ApiError.one(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [])
    if record.get("IsDeleted"):
        raise ApiError.one(400, "ENTITY_IS_DELETED", "entity is deleted", [])
    if stored == "User" and not record.get("IsActive", True) and name == "OwnerId":
        raise ApiError.one(400, "INACTIVE_OWNER_OR_USER", "owner or user is inactive", [])
    if not system and not org.access.can_read(user, rid):
        raise ApiError.one(
            400,
            "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY",
            f"insufficient access rights on cross-reference id: {rid[:15]}",
            [],
        )
    return rid
