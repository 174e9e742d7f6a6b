"""Describe JSON as the calling user sees it: FLS hides fields or makes them read-only, object
permissions set createable/updateable/deletable, record types carry availability.

Shapes follow ../shared/salesforce/describe (README §3.5).
"""

from __future__ import annotations

from typing import Any

from devkit.salesforce.ids import MASTER_RECORD_TYPE_ID
from devkit.salesforce.org.access import UserContext
from devkit.salesforce.schema.objects import ObjectDef
from devkit.salesforce.schema.render import object_urls

# Objects that can have record types (others describe ``recordTypeInfos: []``).
_RECORD_TYPE_CAPABLE = {
    "Account",
    "Contact",
    "Lead",
    "Opportunity",
    "Case",
    "Task",
    "Event",
    "ContentVersion",
    "OpportunityContactRole",
}
_GLOBAL_KEYS = [
    "activateable",
    "associateEntityType",
    "associateParentEntity",
    "createable",
    "custom",
    "customSetting",
    "deepCloneable",
    "deletable",
    "deprecatedAndHidden",
    "feedEnabled",
    "hasSubtypes",
    "isInterface",
    "isSubtype",
    "keyPrefix",
    "label",
    "labelPlural",
    "layoutable",
    "mergeable",
    "mruEnabled",
    "name",
    "queryable",
    "replicateable",
    "retrieveable",
    "searchable",
    "triggerable",
    "undeletable",
    "updateable",
]
_GLOBAL_URL_KEYS = [
    "compactLayouts",
    "rowTemplate",
    "approvalLayouts",
    "listviews",
    "describe",
    "quickActions",
    "layouts",
    "sobject",
]


def object_flags(org: Any, user: UserContext, obj: ObjectDef) -> dict[str, bool]:
    rights = org.access.object_rights(user, obj.name)
    return {
        "createable": obj.base.get("createable", True) and "C" in rights,
        "updateable": obj.base.get("updateable", True) and "E" in rights,
        "deletable": obj.base.get("deletable", True) and "D" in rights,
        "queryable": obj.base.get("queryable", True) and "R" in rights,
    }


def visible_fields(org: Any, user: UserContext, obj: ObjectDef) -> list[dict[str, Any]]:
    """The object's fields after field-level security for ``user``."""
    out = []
    for f in obj.fields:
        level = org.access.field_access(user, obj.name, f)
        if level == "none":
            continue
        if level == "read" and (f["createable"] or f["updateable"]):
            f = dict(f, createable=False, updateable=False)
        out.append(f)
    return out


def child_relationships(org: Any, obj: ObjectDef) -> list[dict[str, Any]]:
    names = {obj.name}
    if obj.name in {"ContentDocument", "ContentNote"}:
        names = {"ContentDocument"}
    out = []
    for child in org.definition.objects.values():
        for f in child.fields:
            if f["type"] != "reference" or not names & set(f["referenceTo"]):
                continue
            info = child.compact_fields.get(f["name"], {})
            out.append(
                {
                    "cascadeDelete": bool(info.get("cascade", False)),
                    "childSObject": child.name,
                    "deprecatedAndHidden": False,
                    "field": f["name"],
                    "junctionIdListNames": [],
                    "junctionReferenceTo": [],
                    "relationshipName": info.get("child"),
                    "restrictedDelete": bool(info.get("restricted", False)),
                }
            )
    out.sort(key=lambda r: (r["childSObject"], r["field"]))
    return out


def record_type_infos(
    org: Any, user: UserContext, obj: ObjectDef, version: str
) -> list[dict[str, Any]]:
    if obj.name not in _RECORD_TYPE_CAPABLE and not obj.name.endswith("__c"):
        return []
    layout = f"/services/data/v{version}/sobjects/{obj.name}/describe/layouts/"
    rts = sorted(org.definition.record_types_of(obj.name), key=lambda r: r.name)
    default_id = org.default_record_type(user, obj.name)
    infos = [
        {
            "active": rt.active,
            "available": rt.active,
            "defaultRecordTypeMapping": rt.id == default_id,
            "developerName": rt.developer_name,
            "master": False,
            "name": rt.name,
            "recordTypeId": rt.id,
            "urls": {"layout": layout + rt.id},
        }
        for rt in rts
    ]
    infos.append(
        {
            "active": True,
            "available": not rts,
            "defaultRecordTypeMapping": not rts,
            "developerName": "Master",
            "master": True,
            "name": "Master",
            "recordTypeId": MASTER_RECORD_TYPE_ID,
            "urls": {"layout": layout + MASTER_RECORD_TYPE_ID},
        }
    )
    return infos


def describe_object(
    org: Any, user: UserContext, obj: ObjectDef, *, version: str, host: str
) -> dict[str, Any]:
    """The full ``sobjects/T/describe`` body for ``user``."""
    out = dict(obj.base)
    out.update(object_flags(org, user, obj))
    out["fields"] = visible_fields(org, user, obj)
    out["childRelationships"] = child_relationships(org, obj)
    out["recordTypeInfos"] = record_type_infos(org, user, obj, version)
    out["urls"] = object_urls({**obj.base, "urlKeys": obj.url_keys}, version=version, host=host)
    return dict(sorted(out.items()))


def global_entry(org: Any, user: UserContext, obj: ObjectDef, version: str) -> dict[str, Any]:
    flags = object_flags(org, user, obj)
    entry = {k: flags.get(k, obj.base.get(k)) for k in _GLOBAL_KEYS}
    urls = object_urls({**obj.base, "urlKeys": _GLOBAL_URL_KEYS}, version=version, host="")
    entry["urls"] = urls
    return entry


def describe_global(org: Any, user: UserContext, *, version: str) -> dict[str, Any]:
    objects = [o for o in org.definition.objects.values() if org.access.can(user, o.name, "R")]
    return {
        "encoding": "UTF-8",
        "maxBatchSize": 200,
        "sobjects": [
            global_entry(org, user, o, version) for o in sorted(objects, key=lambda o: o.name)
        ],
    }
