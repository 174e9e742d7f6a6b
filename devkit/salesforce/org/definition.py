"""Load an org definition: ``demo``, ``empty`` or a folder of describe JSON files.

A definition is data (``orgs/*.yml``): which standard objects exist, custom objects and fields,
sharing defaults, record types and business processes, profiles and permission sets, users,
validation and duplicate rules, and seed records. A folder exported from a real org holds one
``<Object>.json`` describe per object and, optionally, an ``org.yml`` in the same form as the
bundled ones (users, sharing, rules, seed); without it the ``empty`` org's users are used.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from devkit.salesforce.ids import MASTER_RECORD_TYPE_ID, IdFactory
from devkit.salesforce.schema.objects import (
    ObjectDef,
    build_object,
    from_describe,
    standard_objects,
)


@dataclass
class RecordTypeDef:
    id: str
    sobject: str
    developer_name: str
    name: str
    description: str | None = None
    process: str | None = None
    default: bool = False
    active: bool = True
    picklists: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class Profile:
    id: str
    name: str
    default: str = ""
    objects: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    view_all: bool = False
    modify_all: bool = False


@dataclass
class OrgDefinition:
    name: str
    org_id: str
    objects: dict[str, ObjectDef]
    ids: IdFactory
    record_types: dict[str, RecordTypeDef] = field(default_factory=dict)
    stages: dict[str, list[Any]] = field(default_factory=dict)
    processes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    permission_sets: dict[str, Profile] = field(default_factory=dict)
    users: list[dict[str, Any]] = field(default_factory=list)
    connected_app: dict[str, Any] = field(default_factory=dict)
    validation_rules: list[dict[str, Any]] = field(default_factory=list)
    duplicate_rules: list[dict[str, Any]] = field(default_factory=list)
    seed: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    organization: dict[str, Any] = field(default_factory=dict)
    by_lower: dict[str, ObjectDef] = field(default_factory=dict)
    by_prefix: dict[str, ObjectDef] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_lower = {name.lower(): obj for name, obj in self.objects.items()}
        self.by_prefix = {}
        for obj in self.objects.values():
            # ContentNote shares 069 with ContentDocument; an id names the document.
            if obj.key_prefix and obj.name != "ContentNote":
                self.by_prefix.setdefault(obj.key_prefix, obj)

    def set_enhanced_notes(self, enabled: bool) -> None:
        """Setup → Notes Settings: with enhanced notes off, nobody can create a ContentNote
        (existing ones stay readable), so an app falls back to the classic ``Note``."""
        note = self.objects.get("ContentNote")
        if note is not None:
            note.base["createable"] = enabled

    def object(self, name: str) -> ObjectDef | None:
        """An object by API name, any case."""
        return self.by_lower.get(name.lower()) if isinstance(name, str) else None

    def object_for_id(self, record_id: str) -> ObjectDef | None:
        return self.by_prefix.get(record_id[:3])

    def record_types_of(self, sobject: str) -> list[RecordTypeDef]:
        return [rt for rt in self.record_types.values() if rt.sobject == sobject]

    def record_type_values(self, rt_id: str | None, field_name: str) -> list[str] | None:
        """The values of a picklist that a record type offers (``None``: all the field's).

        StageName comes from the record type's business process, other picklists from the
        record type's own selection.
        """
        rt = self.record_types.get(rt_id or "")
        if rt is None:
            return None
        if field_name == "StageName" and rt.process:
            return self.processes.get(rt.sobject, {}).get(rt.process)
        return rt.picklists.get(field_name)

    def stage(self, value: str | None) -> tuple[int | None, str, bool, bool] | None:
        """(probability, forecast category, closed, won) of an Opportunity stage, if known."""
        info = self.stages.get(value or "")
        if info is None:
            return None
        flag = info[2] if len(info) > 2 else ""
        return info[0], info[1], flag in {"won", "lost"}, flag == "won"


def _read_yaml(name: str) -> dict[str, Any]:
    text = resources.files("devkit.salesforce.orgs").joinpath(f"{name}.yml").read_text()
    return yaml.safe_load(text)


def load_definition(org: str | Path = "demo") -> OrgDefinition:
    """Load ``demo``, ``empty`` or a folder of describe files (see module docstring)."""
    if str(org) in {"demo", "empty"}:
        spec = _read_yaml(str(org))
        catalogue = standard_objects()
        objects = {name: catalogue[name] for name in spec.get("objects", catalogue)}
    else:
        folder = Path(org)
        if not folder.is_dir():
            raise ValueError(f"--org must be demo, empty or a folder of describe files: {org}")
        spec_file = folder / "org.yml"
        spec = yaml.safe_load(spec_file.read_text()) if spec_file.exists() else _read_yaml("empty")
        spec.pop("seed", None) if not spec_file.exists() else None
        objects = _objects_from_folder(folder)
        catalogue = standard_objects()
        for needed in ("User", "Profile", "RecordType", "UserLogin"):
            objects.setdefault(needed, catalogue[needed])
    spec = copy.deepcopy(spec)
    # Every org has its Organization record (query it for the org's name and edition).
    objects.setdefault("Organization", catalogue["Organization"])
    objects["Organization"].sharing = "Read"
    for custom in spec.get("custom_objects", []):
        objects[custom["name"]] = build_object(custom)
    for obj_name, fields in spec.get("custom_fields", {}).items():
        for compact in fields:
            objects[obj_name].add_field(compact)
    for obj_name, sharing in spec.get("sharing", {}).items():
        if obj_name in objects:
            objects[obj_name].sharing = sharing
    ids = IdFactory()
    definition = OrgDefinition(
        name=spec.get("name", "Devkit Org"),
        org_id=ids.new("00D"),
        objects=objects,
        ids=ids,
        stages=spec.get("opportunity_stages", {}),
        processes=spec.get("business_processes", {}),
        users=spec.get("users", []),
        connected_app=spec.get("connected_app", {}),
        validation_rules=spec.get("validation_rules", []),
        duplicate_rules=spec.get("duplicate_rules", []),
        seed=spec.get("seed", {}),
        organization=spec.get("organization", {}),
    )
    definition.set_enhanced_notes(spec.get("enhanced_notes", True))
    for sobject, rts in spec.get("record_types", {}).items():
        for rt in rts:
            rt_id = rt.get("id") or ids.new("012")
            definition.record_types[rt_id] = RecordTypeDef(
                id=rt_id,
                sobject=sobject,
                developer_name=rt["developerName"],
                name=rt.get("name", rt["developerName"]),
                description=rt.get("description"),
                process=rt.get("process"),
                default=rt.get("default", False),
                active=rt.get("active", True),
                picklists=rt.get("picklists", {}),
            )
    for name, prof in spec.get("profiles", {}).items():
        definition.profiles[name] = _profile(ids.new("00e"), name, prof)
    for name, pset in spec.get("permission_sets", {}).items():
        definition.permission_sets[name] = _profile(ids.new("0PS"), name, pset)
    if not isinstance(org, str) or org not in {"demo", "empty"}:
        _record_types_from_folder(definition, Path(org))
    for rt in definition.record_types.values():
        # Objects with record types have a RecordTypeId field, as in a real org.
        obj = objects.get(rt.sobject)
        if obj is not None and not obj.has("RecordTypeId"):
            obj.add_field(
                {
                    "name": "RecordTypeId",
                    "type": "reference",
                    "label": "Record Type ID",
                    "ref": ["RecordType"],
                    "rel": "RecordType",
                    "permissionable": False,
                }
            )
    return definition


def _profile(pid: str, name: str, spec: dict[str, Any]) -> Profile:
    return Profile(
        id=pid,
        name=name,
        default=spec.get("default", ""),
        objects=dict(spec.get("objects", {})),
        fields=dict(spec.get("fields", {})),
        view_all=spec.get("view_all", False),
        modify_all=spec.get("modify_all", False),
    )


def _objects_from_folder(folder: Path) -> dict[str, ObjectDef]:
    describes = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        if isinstance(data, dict) and "fields" in data and "name" in data:
            describes[data["name"]] = data
    objects = {name: from_describe(d) for name, d in describes.items()}
    for parent in describes.values():
        for rel in parent.get("childRelationships", []):
            child = objects.get(rel["childSObject"])
            if child is not None and child.has(rel["field"]):
                child.compact_fields[rel["field"]] = {
                    "child": rel["relationshipName"],
                    "cascade": rel["cascadeDelete"],
                    "restricted": rel["restrictedDelete"],
                }
    return objects


def _record_types_from_folder(definition: OrgDefinition, folder: Path) -> None:
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        if not isinstance(data, dict) or "recordTypeInfos" not in data:
            continue
        for info in data["recordTypeInfos"]:
            if info.get("master") or info["recordTypeId"] == MASTER_RECORD_TYPE_ID:
                continue
            definition.record_types[info["recordTypeId"]] = RecordTypeDef(
                id=info["recordTypeId"],
                sobject=data["name"],
                developer_name=info.get("developerName") or info["name"],
                name=info["name"],
                default=info.get("defaultRecordTypeMapping", False),
                active=info.get("active", True),
            )
