"""Render compact field/object definitions to the full describe shape (57 field attributes).

A compact field is ``{"name", "type", "label", ...}`` plus only what differs from the defaults
below, either as raw describe attributes (``nillable``, ``length``…) or as shorthands:

- ``readonly: true``: neither createable nor updateable; ``system: true`` additionally not nillable
  and defaulted on create (Id, CreatedDate…);
- ``required: true``: not nillable (so required on create when createable and not defaulted);
- ``picklist: [value | {value, label, default, active, validFor}]``;
- ``ref: [Object…]`` / ``rel: RelationshipName``: a lookup; ``child: ChildRelationshipName``,
  ``cascade: true``, ``restricted: true`` describe the parent side (childRelationships);
- ``default: value``: ``defaultValue`` and ``defaultedOnCreate``.

The generator in ``compact.py`` writes captured describes in this form, so rendering a compacted
capture gives back the captured attributes.
"""

from __future__ import annotations

import copy
from typing import Any

FIELD_BASE: dict[str, Any] = {
    "aggregatable": True,
    "aiPredictionField": False,
    "autoNumber": False,
    "byteLength": 0,
    "calculated": False,
    "calculatedFormula": None,
    "cascadeDelete": False,
    "caseSensitive": False,
    "compoundFieldName": None,
    "controllerName": None,
    "createable": True,
    "custom": False,
    "defaultValue": None,
    "defaultValueFormula": None,
    "defaultedOnCreate": False,
    "dependentPicklist": False,
    "deprecatedAndHidden": False,
    "digits": 0,
    "displayLocationInDecimal": False,
    "encrypted": False,
    "externalId": False,
    "extraTypeInfo": None,
    "filterable": True,
    "filteredLookupInfo": None,
    "formulaTreatNullNumberAsZero": False,
    "groupable": True,
    "highScaleNumber": False,
    "htmlFormatted": False,
    "idLookup": False,
    "inlineHelpText": None,
    "label": None,
    "length": 0,
    "mask": None,
    "maskType": None,
    "name": None,
    "nameField": False,
    "namePointing": False,
    "nillable": True,
    "permissionable": True,
    "picklistValues": [],
    "polymorphicForeignKey": False,
    "precision": 0,
    "queryByDistance": False,
    "referenceTargetField": None,
    "referenceTo": [],
    "relationshipName": None,
    "relationshipOrder": None,
    "restrictedDelete": False,
    "restrictedPicklist": False,
    "scale": 0,
    "searchPrefilterable": False,
    "soapType": "xsd:string",
    "sortable": True,
    "type": "string",
    "unique": False,
    "updateable": True,
    "writeRequiresMasterRead": False,
}

_TEXT_TYPES = {
    "string",
    "textarea",
    "picklist",
    "multipicklist",
    "combobox",
    "email",
    "phone",
    "url",
    "encryptedstring",
}

TYPE_DEFAULTS: dict[str, dict[str, Any]] = {
    "id": {
        "length": 18,
        "soapType": "tns:ID",
        "idLookup": True,
        "createable": False,
        "updateable": False,
        "nillable": False,
        "defaultedOnCreate": True,
        "permissionable": False,
    },
    "reference": {"length": 18, "soapType": "tns:ID"},
    "string": {"length": 255},
    "textarea": {
        "length": 32000,
        "extraTypeInfo": "plaintextarea",
        "aggregatable": False,
        "filterable": False,
        "groupable": False,
        "sortable": False,
    },
    "picklist": {"length": 255},
    "multipicklist": {"length": 4099, "aggregatable": False, "groupable": False, "sortable": False},
    "combobox": {"length": 255, "groupable": False},
    "email": {"length": 80},
    "phone": {"length": 40},
    "url": {"length": 255},
    "encryptedstring": {
        "length": 175,
        "encrypted": True,
        "filterable": False,
        "groupable": False,
        "sortable": False,
    },
    "boolean": {
        "soapType": "xsd:boolean",
        "aggregatable": False,
        "nillable": False,
        "defaultValue": False,
        "defaultedOnCreate": True,
    },
    "int": {"soapType": "xsd:int", "digits": 9},
    "double": {"soapType": "xsd:double", "precision": 18, "scale": 0, "groupable": False},
    "currency": {"soapType": "xsd:double", "precision": 18, "scale": 2, "groupable": False},
    "percent": {"soapType": "xsd:double", "precision": 3, "scale": 0, "groupable": False},
    "date": {"soapType": "xsd:date"},
    "datetime": {"soapType": "xsd:dateTime", "groupable": False},
    "time": {"soapType": "xsd:time"},
    "base64": {
        "soapType": "xsd:base64Binary",
        "length": 0,
        "aggregatable": False,
        "filterable": False,
        "groupable": False,
        "sortable": False,
    },
    "address": {
        "soapType": "urn:address",
        "aggregatable": False,
        "groupable": False,
        "sortable": False,
        "createable": False,
        "updateable": False,
        "queryByDistance": True,
    },
    "location": {
        "soapType": "urn:location",
        "aggregatable": False,
        "groupable": False,
        "sortable": False,
        "queryByDistance": True,
    },
    "anyType": {
        "soapType": "xsd:anyType",
        "aggregatable": False,
        "groupable": False,
        "sortable": False,
    },
}

_SHORTHANDS = {
    "readonly",
    "system",
    "required",
    "picklist",
    "ref",
    "rel",
    "child",
    "cascade",
    "restricted",
    "default",
}


def field_defaults(ftype: str) -> dict[str, Any]:
    """The describe attributes a field of ``ftype`` has when nothing else is said."""
    out = dict(FIELD_BASE)
    out["type"] = ftype
    out.update(TYPE_DEFAULTS.get(ftype, {}))
    return out


def _picklist_entry(item: Any) -> dict[str, Any]:
    if isinstance(item, str):
        item = {"value": item}
    return {
        "active": item.get("active", True),
        "defaultValue": bool(item.get("default", item.get("defaultValue", False))),
        "label": item.get("label", item["value"]),
        "validFor": item.get("validFor"),
        "value": item["value"],
    }


def render_field(compact: dict[str, Any]) -> dict[str, Any]:
    """The full describe dict of one field from its compact definition."""
    ftype = compact.get("type", "string")
    out = field_defaults(ftype)
    if compact.get("system"):
        out.update(
            createable=False,
            updateable=False,
            nillable=False,
            defaultedOnCreate=True,
            permissionable=False,
        )
    if compact.get("readonly"):
        out.update(createable=False, updateable=False, permissionable=False)
    if compact.get("required"):
        out.update(nillable=False, permissionable=False)
    if "picklist" in compact:
        out["picklistValues"] = [_picklist_entry(p) for p in compact["picklist"]]
    if "ref" in compact:
        out["referenceTo"] = list(compact["ref"])
        out["relationshipName"] = compact.get("rel")
        out["polymorphicForeignKey"] = len(compact["ref"]) > 1
        out["namePointing"] = len(compact["ref"]) > 1
    if "default" in compact:
        out["defaultValue"] = compact["default"]
        out["defaultedOnCreate"] = True
    if compact.get("name", "").endswith("__c"):
        out["custom"] = True
    for key, value in compact.items():
        if key not in _SHORTHANDS and not key.startswith("_"):
            out[key] = copy.deepcopy(value)
    if "byteLength" not in compact:
        if out["type"] in _TEXT_TYPES:
            out["byteLength"] = out["length"] * 3
        elif out["type"] in {"id", "reference"}:
            out["byteLength"] = 18
    if out["label"] is None:
        out["label"] = out["name"]
    return out


OBJECT_BASE: dict[str, Any] = {
    "actionOverrides": [],
    "activateable": False,
    "associateEntityType": None,
    "associateParentEntity": None,
    "compactLayoutable": True,
    "createable": True,
    "custom": False,
    "customSetting": False,
    "deepCloneable": False,
    "defaultImplementation": None,
    "deletable": True,
    "deprecatedAndHidden": False,
    "extendedBy": None,
    "extendsInterfaces": None,
    "feedEnabled": True,
    "hasSubtypes": False,
    "implementedBy": None,
    "implementsInterfaces": None,
    "isInterface": False,
    "isSubtype": False,
    "keyPrefix": None,
    "label": None,
    "labelPlural": None,
    "layoutable": True,
    "listviewable": None,
    "lookupLayoutable": None,
    "mergeable": False,
    "mruEnabled": True,
    "name": None,
    "namedLayoutInfos": [],
    "networkScopeFieldName": None,
    "queryable": True,
    "replicateable": True,
    "retrieveable": True,
    "searchLayoutable": True,
    "searchable": True,
    "sobjectDescribeOption": "FULL",
    "supportedScopes": [],
    "triggerable": True,
    "undeletable": True,
    "updateable": True,
}

# Keys every object describe has; only compact-only keys are left out of the rendered JSON.
OBJECT_COMPACT_ONLY = {"fields", "sharing", "recordTypes", "urlKeys"}

URL_TEMPLATES = {
    "compactLayouts": "{api}/sobjects/{name}/describe/compactLayouts",
    "rowTemplate": "{api}/sobjects/{name}/{{ID}}",
    "approvalLayouts": "{api}/sobjects/{name}/describe/approvalLayouts",
    "uiDetailTemplate": "{host}/{{ID}}",
    "uiEditTemplate": "{host}/{{ID}}/e",
    "defaultValues": "{api}/sobjects/{name}/defaultValues?recordTypeId&fields",
    "listviews": "{api}/sobjects/{name}/listviews",
    "describe": "{api}/sobjects/{name}/describe",
    "uiNewRecord": "{host}/{prefix}/e",
    "quickActions": "{api}/sobjects/{name}/quickActions",
    "layouts": "{api}/sobjects/{name}/describe/layouts",
    "sobject": "{api}/sobjects/{name}",
}

DEFAULT_URL_KEYS = list(URL_TEMPLATES)


def object_urls(obj: dict[str, Any], *, version: str, host: str) -> dict[str, str]:
    """The ``urls`` block of an object describe for an API version (``"59.0"``) and host."""
    api = f"/services/data/v{version}"
    keys = obj.get("urlKeys") or DEFAULT_URL_KEYS
    return {
        key: URL_TEMPLATES[key].format(
            api=api, name=obj["name"], host=host, prefix=obj.get("keyPrefix")
        )
        for key in keys
        if key in URL_TEMPLATES
    }


def render_object_base(compact: dict[str, Any]) -> dict[str, Any]:
    """Object-level describe attributes (no fields, urls, record types or child relationships)."""
    out = dict(OBJECT_BASE)
    if compact["name"].endswith("__c"):
        out.update(custom=True, feedEnabled=False, mruEnabled=True)
    for key, value in compact.items():
        if key not in OBJECT_COMPACT_ONLY:
            out[key] = copy.deepcopy(value)
    if out["label"] is None:
        out["label"] = compact["name"]
    if out["labelPlural"] is None:
        out["labelPlural"] = out["label"] + "s"
    return out
