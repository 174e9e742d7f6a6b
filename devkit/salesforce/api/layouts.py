"""Record-type-specific picklists: ``ui-api/object-info/T[/picklist-values/{rtId}[/Field]]`` and
``sobjects/T/describe/layouts[/{rtId}]`` (shapes of ../shared/salesforce/uiapi).

Opportunity.StageName per record type comes from the record type's business process; other
fields may be narrowed per record type in the org definition (``record_types[].picklists``).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from devkit.salesforce.api.describe import child_relationships, object_flags, visible_fields
from devkit.salesforce.api.rest import Call, Reply, route
from devkit.salesforce.errors import ApiError, not_found
from devkit.salesforce.ids import MASTER_RECORD_TYPE_ID, to18
from devkit.salesforce.org import dml
from devkit.salesforce.schema.objects import ObjectDef

_DATA_TYPES = {
    "string": "String",
    "picklist": "Picklist",
    "reference": "Reference",
    "boolean": "Boolean",
    "currency": "Currency",
    "date": "Date",
    "datetime": "DateTime",
    "double": "Double",
    "int": "Int",
    "percent": "Percent",
    "textarea": "TextArea",
    "email": "Email",
    "phone": "Phone",
    "url": "Url",
    "id": "Reference",
    "multipicklist": "MultiPicklist",
    "combobox": "ComboBox",
    "address": "Address",
    "base64": "Base64",
    "location": "Location",
    "encryptedstring": "EncryptedString",
    "time": "Time",
}


def _etag(value: Any) -> str:
    return hashlib.md5(json.dumps(value, sort_keys=True).encode()).hexdigest()  # noqa: S324


def picklist_for_record_type(
    org: Any, obj: ObjectDef, rt_id: str, fdesc: dict[str, Any]
) -> list[dict[str, Any]]:
    """The picklist entries of a field that a record type offers."""
    values = [p for p in fdesc["picklistValues"] if p.get("active", True)]
    del obj
    allowed = org.definition.record_type_values(rt_id, fdesc["name"])
    if allowed is None:
        return values
    by_value = {p["value"]: p for p in values}
    return [
        by_value.get(v)
        or {"active": True, "defaultValue": False, "label": v, "validFor": None, "value": v}
        for v in allowed
    ]


def _record_type(call: Call, obj: ObjectDef, rt_segment: str) -> str:
    rt_id = to18(rt_segment)
    if rt_id == MASTER_RECORD_TYPE_ID:
        return rt_id
    rt = call.org.definition.record_types.get(rt_id or "")
    if rt is None or rt.sobject != obj.name:
        raise ApiError.one(404, "NOT_FOUND", f"Record type {rt_segment} not found for {obj.name}")
    return rt.id


def _field_values(call: Call, obj: ObjectDef, rt_id: str, fdesc: dict[str, Any]) -> dict:
    entries = picklist_for_record_type(call.org, obj, rt_id, fdesc)
    values = [
        {"attributes": None, "label": p["label"], "validFor": [], "value": p["value"]}
        for p in entries
    ]
    default = next((p["value"] for p in entries if p.get("defaultValue")), None)
    body = {
        "controllerValues": {},
        "defaultValue": None
        if default is None
        else {"attributes": None, "label": default, "validFor": [], "value": default},
        "url": call.api(f"ui-api/object-info/{obj.name}/picklist-values/{rt_id}/{fdesc['name']}"),
        "values": values,
    }
    return {
        "controllerValues": {},
        "defaultValue": body["defaultValue"],
        "eTag": _etag(body),
        "url": body["url"],
        "values": values,
    }


def _picklist_values(call: Call, name: str, rt_segment: str) -> Reply:
    obj = dml.object_for(call.org, call.user, name)
    rt_id = _record_type(call, obj, rt_segment)
    fields = {
        f["name"]: _field_values(call, obj, rt_id, f)
        for f in visible_fields(call.org, call.user, obj)
        if f["type"] in {"picklist", "multipicklist"}
    }
    return _ui_reply(call, {"eTag": _etag(fields), "picklistFieldValues": fields})


def _picklist_field(call: Call, name: str, rt_segment: str, field_name: str) -> Reply:
    obj = dml.object_for(call.org, call.user, name)
    rt_id = _record_type(call, obj, rt_segment)
    fdesc = next(
        (
            f
            for f in visible_fields(call.org, call.user, obj)
            if f["name"].lower() == field_name.lower()
        ),
        None,
    )
    if fdesc is None or fdesc["type"] not in {"picklist", "multipicklist"}:
        raise not_found()
    return _ui_reply(call, _field_values(call, obj, rt_id, fdesc))


def _ui_reply(call: Call, body: dict[str, Any], etag: str | None = None) -> Reply:
    """A UI API answer with its ``ETag`` header; 304 when ``If-None-Match`` names it.

    UI API responses carry an ETag and honour conditional requests (UI API guide,
    "Authentication, Versioning, Limits, ETag, and More"); the header's value is the body's
    ``eTag`` (or a hash of the body when it has none), quoted.
    """
    tag = f'"{etag or body["eTag"]}"'
    wanted = call.header("If-None-Match") or ""
    if tag in {t.strip() for t in wanted.split(",")} or wanted.strip() == "*":
        return Reply(304, None, headers={"ETag": tag})
    return Reply(200, body, headers={"ETag": tag})


def _ui_field(org: Any, f: dict[str, Any]) -> dict[str, Any]:
    required = f["createable"] and not f["nillable"] and not f["defaultedOnCreate"]
    targets = []
    for target in f["referenceTo"]:
        tobj = org.definition.objects.get(target)
        if tobj is not None and tobj.name_field:
            targets.append({"apiName": target, "nameFields": [tobj.name_field]})
    return {
        "apiName": f["name"],
        "calculated": f["calculated"],
        "compound": f["type"] in {"address", "location"},
        "compoundComponentName": None,
        "compoundFieldName": f["compoundFieldName"],
        "controllerName": f["controllerName"],
        "controllingFields": [],
        "createable": f["createable"],
        "custom": f["custom"],
        "dataType": _DATA_TYPES.get(f["type"], f["type"].title()),
        "extraTypeInfo": f["extraTypeInfo"],
        "filterable": f["filterable"],
        "filteredLookupInfo": None,
        "highScaleNumber": f["highScaleNumber"],
        "htmlFormatted": f["htmlFormatted"],
        "inlineHelpText": f["inlineHelpText"],
        "label": f["label"],
        "length": f["length"],
        "nameField": f["nameField"],
        "polymorphicForeignKey": f["polymorphicForeignKey"],
        "precision": f["precision"],
        "reference": f["type"] == "reference",
        "referenceTargetField": None,
        "referenceToInfos": targets,
        "relationshipName": f["relationshipName"],
        "required": required,
        "scale": f["scale"],
        "searchPrefilterable": f["searchPrefilterable"],
        "sortable": f["sortable"],
        "unique": f["unique"],
        "updateable": f["updateable"],
    }


def _object_info(call: Call, name: str) -> Reply:
    obj = dml.object_for(call.org, call.user, name)
    flags = object_flags(call.org, call.user, obj)
    rts = call.org.definition.record_types_of(obj.name)
    default = call.org.default_record_type(call.user, obj.name) or MASTER_RECORD_TYPE_ID
    infos = {
        rt.id: {
            "available": rt.active,
            "defaultRecordTypeMapping": rt.id == default,
            "master": False,
            "name": rt.name,
            "recordTypeId": rt.id,
        }
        for rt in rts
    }
    infos[MASTER_RECORD_TYPE_ID] = {
        "available": not rts,
        "defaultRecordTypeMapping": not rts,
        "master": True,
        "name": "Master",
        "recordTypeId": MASTER_RECORD_TYPE_ID,
    }
    children = [
        {
            "childObjectApiName": r["childSObject"],
            "fieldName": r["field"],
            "junctionIdListNames": [],
            "junctionReferenceTo": [],
            "relationshipName": r["relationshipName"],
        }
        for r in child_relationships(call.org, obj)
        if r["relationshipName"]
    ]
    body = {
        "apiName": obj.name,
        "childRelationships": children,
        "createable": flags["createable"],
        "custom": obj.base.get("custom", False),
        "defaultRecordTypeId": default,
        "deletable": flags["deletable"],
        "dependentFields": {},
        "feedEnabled": obj.base.get("feedEnabled", False),
        "fields": {
            f["name"]: _ui_field(call.org, f) for f in visible_fields(call.org, call.user, obj)
        },
        "keyPrefix": obj.key_prefix,
        "label": obj.base["label"],
        "labelPlural": obj.base["labelPlural"],
        "layoutable": obj.base.get("layoutable", True),
        "mruEnabled": obj.base.get("mruEnabled", True),
        "nameFields": [obj.name_field] if obj.name_field else [],
        "queryable": flags["queryable"],
        "recordTypeInfos": infos,
        "searchable": obj.base.get("searchable", True),
        "themeInfo": {
            "color": "7F8DE1",
            "iconUrl": f"{call.state.base_url}/img/icon/{obj.name.lower()}_120.png",
        },
        "updateable": flags["updateable"],
    }
    return _ui_reply(call, body, _etag(body))


def _layout(call: Call, obj: ObjectDef, rt_id: str) -> dict[str, Any]:
    fields = visible_fields(call.org, call.user, obj)
    items = [
        {
            "editableForNew": f["createable"],
            "editableForUpdate": f["updateable"],
            "label": f["label"],
            "layoutComponents": [
                {
                    "details": f,
                    "displayLines": 1,
                    "tabOrder": i,
                    "type": "Field",
                    "value": f["name"],
                }
            ],
            "placeholder": False,
            "required": f["createable"] and not f["nillable"] and not f["defaultedOnCreate"],
        }
        for i, f in enumerate(fields)
        if f["createable"] or f["updateable"]
    ]
    rows = [
        {"layoutItems": items[i : i + 2], "numItems": len(items[i : i + 2])}
        for i in range(0, len(items), 2)
    ]
    section = {
        "collapsed": False,
        "columns": 2,
        "heading": "Information",
        "layoutRows": rows,
        "layoutSectionId": "01BDk0000000001",
        "parentLayoutId": "00hDk0000000001",
        "rows": len(rows),
        "tabOrder": "TopToBottom",
        "useCollapsibleSection": False,
        "useHeading": True,
    }
    return {
        "buttonLayoutSection": None,
        "detailLayoutSections": [section],
        "editLayoutSections": [section],
        "feedView": None,
        "highlightsPanelLayoutSection": None,
        "id": "00hDk0000000001" + rt_id[-3:],
        "multirowEditLayoutSections": [],
        "offlineLinks": [],
        "quickActionList": None,
        "relatedContent": None,
        "relatedLists": [],
        "saveOptions": [],
    }


def _mappings(call: Call, obj: ObjectDef) -> list[dict[str, Any]]:
    rts = call.org.definition.record_types_of(obj.name)
    default = call.org.default_record_type(call.user, obj.name)
    pick = [
        f
        for f in visible_fields(call.org, call.user, obj)
        if f["type"] in {"picklist", "multipicklist"}
    ]
    out = []
    for rt_id, name, dev, master, available in [
        (rt.id, rt.name, rt.developer_name, False, rt.active) for rt in rts
    ] + [(MASTER_RECORD_TYPE_ID, "Master", "Master", True, not rts)]:
        out.append(
            {
                "active": True,
                "available": available,
                "defaultRecordTypeMapping": rt_id == default or (master and not rts),
                "developerName": dev,
                "layoutId": "00hDk0000000001" + rt_id[-3:],
                "master": master,
                "name": name,
                "picklistsForRecordType": [
                    {
                        "picklistName": f["name"],
                        "picklistValues": picklist_for_record_type(call.org, obj, rt_id, f),
                    }
                    for f in pick
                ],
                "recordTypeId": rt_id,
                "urls": {"layout": call.api(f"sobjects/{obj.name}/describe/layouts/{rt_id}")},
            }
        )
    return out


def _layouts(call: Call, name: str) -> Reply:
    obj = dml.object_for(call.org, call.user, name)
    return Reply(
        200,
        {
            "layouts": [_layout(call, obj, MASTER_RECORD_TYPE_ID)],
            "recordTypeMappings": _mappings(call, obj),
            "recordTypeSelectorRequired": [len(call.org.definition.record_types_of(obj.name)) > 1],
        },
    )


def _layout_for(call: Call, name: str, rt_segment: str) -> Reply:
    obj = dml.object_for(call.org, call.user, name)
    rt_id = _record_type(call, obj, rt_segment)
    body = _layout(call, obj, rt_id)
    mapping = next(m for m in _mappings(call, obj) if m["recordTypeId"] == rt_id)
    # Salesforce answers with the layout alone; the record type's picklists ride along in the
    # same form as in describe/layouts so a client needs only one call.
    body["recordTypeMappings"] = [mapping]
    return Reply(200, body)


route(r"sobjects/([^/]+)/describe/layouts", GET=_layouts)
route(r"sobjects/([^/]+)/describe/layouts/([^/]+)", GET=_layout_for)
route(r"ui-api/object-info/([^/]+)", GET=_object_info)
route(r"ui-api/object-info/([^/]+)/picklist-values/([^/]+)", GET=_picklist_values)
route(r"ui-api/object-info/([^/]+)/picklist-values/([^/]+)/([^/]+)", GET=_picklist_field)
