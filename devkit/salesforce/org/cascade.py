"""Deletes that follow lookups as Salesforce does.

For each lookup pointing at the deleted record: children on a ``cascadeDelete`` relationship go to
the recycle bin with it (Account → Contacts, Opportunities, activities…), a ``restrictedDelete``
relationship with live children blocks the delete (``DELETE_FAILED``, e.g. an Account with Cases),
and other lookups are cleared. Undelete restores the cascade and the cleared lookups.
"""

from __future__ import annotations

from typing import Any

from devkit.salesforce.errors import ApiError
from devkit.salesforce.org import contact_roles

_DOCUMENT_TYPES = {"ContentDocument", "ContentNote"}


def _children(org: Any, rid: str) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(child id, field name, field compact info, child object base) of live records → rid."""
    parent_type = org.store.type_of(rid)
    kinds = _DOCUMENT_TYPES if parent_type in _DOCUMENT_TYPES else {parent_type}
    out = []
    for obj in org.definition.objects.values():
        refs = [f for f in obj.fields if f["type"] == "reference" and kinds & set(f["referenceTo"])]
        if not refs:
            continue
        for rec in org.store.of_type(obj.name):
            if rec.get("IsDeleted"):
                continue
            for f in refs:
                if rec.get(f["name"]) == rid:
                    info = obj.compact_fields.get(f["name"], {})
                    out.append((rec["Id"], f["name"], info, obj.base))
    return out


def delete_record(org: Any, rid: str, user: Any, root: str | None = None) -> None:
    record = org.store.get(rid)
    children = _children(org, rid)
    blocking = [cid for cid, _f, info, _b in children if info.get("restricted")]
    if blocking:
        obj_label = org.store.type_of(blocking[0])
        names = ", ".join(_display(org, cid) for cid in blocking)
        plural = org.definition.objects[obj_label].base["labelPlural"].lower()
        raise ApiError.one(
            400,
            "DELETE_FAILED",
            f"Your attempt to delete {_display(org, rid)} could not be completed because it is "
            f"associated with the following {plural}.: {names}\n",
            [],
        )
    now = org.now()
    meta = dict(org.store.meta.get(rid, {}))
    meta["cascade_root"] = root
    cleared = []
    deleted = dict(record)
    deleted["IsDeleted"] = True
    if "SystemModstamp" in deleted:
        deleted["SystemModstamp"] = now
    org.store.put(org.store.type_of(rid), deleted, meta)
    contact_roles.after_delete(org, org.store.type_of(rid) or "", deleted)
    for cid, fname, info, _base in children:
        child = org.store.get(cid)
        if child is None or child.get("IsDeleted"):
            continue
        if info.get("cascade"):
            delete_record(org, cid, user, root or rid)
        else:
            changed = dict(child)
            changed[fname] = None
            org.store.put(org.store.type_of(cid), changed)
            cleared.append([cid, fname])
    if cleared:
        meta["cleared"] = cleared
        org.store.meta[rid] = meta


def undelete_record(org: Any, rid: str) -> None:
    record = org.store.get(rid)
    meta = dict(org.store.meta.get(rid, {}))
    restored = dict(record)
    restored["IsDeleted"] = False
    org.store.put(org.store.type_of(rid), restored, {})
    contact_roles.after_undelete(org, org.store.type_of(rid) or "", restored)
    for cid, fname in meta.get("cleared", []):
        child = org.store.get(cid)
        if child is not None and child.get(fname) is None:
            changed = dict(child)
            changed[fname] = rid
            org.store.put(org.store.type_of(cid), changed)
    for cid, cmeta in list(org.store.meta.items()):
        if cmeta.get("cascade_root") == rid and org.store.get(
            cid,
        ).get("IsDeleted"):
            undelete_record(org, cid)


def _display(org: Any, rid: str) -> str:
    rec = org.store.get(rid) or {}
    for key in ("Name", "CaseNumber", "Subject", "Title"):
        if rec.get(key):
            return str(rec[key])
    return rid
