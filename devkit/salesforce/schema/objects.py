"""Object definitions: the rendered describe of each object and lookups by name.

An :class:`ObjectDef` holds the org-wide describe of one object (every field, full access); the
per-user view is made by ``org/access.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from devkit.salesforce.schema.render import render_field, render_object_base

_AUDIT = [
    {"name": "CreatedDate", "type": "datetime", "label": "Created Date", "system": True},
    {
        "name": "CreatedById",
        "type": "reference",
        "label": "Created By ID",
        "ref": ["User"],
        "rel": "CreatedBy",
        "system": True,
    },
    {"name": "LastModifiedDate", "type": "datetime", "label": "Last Modified Date", "system": True},
    {
        "name": "LastModifiedById",
        "type": "reference",
        "label": "Last Modified By ID",
        "ref": ["User"],
        "rel": "LastModifiedBy",
        "system": True,
    },
    {"name": "SystemModstamp", "type": "datetime", "label": "System Modstamp", "system": True},
]


@dataclass
class ObjectDef:
    """One sObject: object-level describe attributes, fields, sharing and lookup helpers."""

    name: str
    base: dict[str, Any]
    fields: list[dict[str, Any]]
    compact_fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    url_keys: list[str] | None = None
    sharing: str = "ReadWrite"
    by_lower: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the case-insensitive field index after fields change."""
        self.by_lower = {f["name"].lower(): f for f in self.fields}

    @property
    def key_prefix(self) -> str:
        return self.base["keyPrefix"]

    def field(self, name: str) -> dict[str, Any] | None:
        """A field's describe by API name, any case."""
        return self.by_lower.get(name.lower())

    def has(self, name: str) -> bool:
        return name.lower() in self.by_lower

    @property
    def name_field(self) -> str | None:
        for f in self.fields:
            if f["nameField"]:
                return f["name"]
        return None

    def add_field(self, compact: dict[str, Any]) -> None:
        """Add (or replace) a field from its compact definition."""
        rendered = render_field(compact)
        self.compact_fields[rendered["name"]] = compact
        self.fields = [f for f in self.fields if f["name"].lower() != rendered["name"].lower()]
        self.fields.append(rendered)
        self.reindex()


def _expand_macros(obj: dict[str, Any]) -> list[dict[str, Any]]:
    fields = list(obj.get("fields", []))
    if obj.get("owner"):
        fields.append(
            {
                "name": "OwnerId",
                "type": "reference",
                "label": "Owner ID",
                "ref": obj["owner"],
                "rel": "Owner",
                "nillable": False,
                "defaultedOnCreate": True,
                "permissionable": False,
            }
        )
    if obj.get("deleted"):
        fields.append(
            {"name": "IsDeleted", "type": "boolean", "label": "Deleted", "readonly": True}
        )
    if obj.get("audit"):
        fields.extend(_AUDIT)
    return fields


def build_object(compact: dict[str, Any]) -> ObjectDef:
    """An ObjectDef from a compact object definition (render.py form plus macros)."""
    compacts = _expand_macros(compact)
    base = render_object_base(
        {k: v for k, v in compact.items() if k not in {"owner", "deleted", "audit"}}
    )
    return ObjectDef(
        name=compact["name"],
        base=base,
        fields=[render_field(f) for f in compacts],
        compact_fields={f["name"]: f for f in compacts},
        url_keys=compact.get("urlKeys"),
    )


def from_describe(describe: dict[str, Any]) -> ObjectDef:
    """An ObjectDef from a full describe exported from a real org (``--org PATH``)."""
    skip = {"fields", "urls", "recordTypeInfos", "childRelationships"}
    base = {k: v for k, v in describe.items() if k not in skip}
    fields = [dict(f) for f in describe["fields"]]
    compacts: dict[str, dict[str, Any]] = {}
    for rel in describe.get("childRelationships", []):
        # Keep the parent side of each lookup of this object to itself; other objects' lookups
        # are described by their own files.
        if rel["childSObject"] == describe["name"]:
            compacts[rel["field"]] = {
                "child": rel["relationshipName"],
                "cascade": rel["cascadeDelete"],
                "restricted": rel["restrictedDelete"],
            }
    return ObjectDef(
        name=describe["name"],
        base=base,
        fields=fields,
        compact_fields=compacts,
        url_keys=list(describe.get("urls", {})) or None,
    )


@cache
def _standard_compacts() -> dict[str, dict[str, Any]]:
    pkg = resources.files("devkit.salesforce.schema")
    captured = json.loads(pkg.joinpath("captured.json").read_text())
    extra = yaml.safe_load(pkg.joinpath("standard.yml").read_text())
    user_fields = yaml.safe_load(pkg.joinpath("user_fields.yml").read_text())
    out = {o["name"]: o for o in captured}
    out.update({o["name"]: o for o in extra})
    user = out["User"]
    user["fields"] = user["fields"] + user_fields
    user["urlKeys"] = None
    user.pop("namedLayoutInfos", None)
    return out


def standard_objects() -> dict[str, ObjectDef]:
    """Fresh ObjectDefs for every bundled standard object, by name."""
    return {
        name: build_object(json.loads(json.dumps(c))) for name, c in _standard_compacts().items()
    }
