"""Resolving field paths against the describe, with Salesforce's error texts.

A path such as ``Account.Owner.Name`` is a chain of relationship hops (each a reference field's
``relationshipName``) ending in a field. Polymorphic relationships (``Owner`` on Case, ``What`` on
Task) resolve to Salesforce's ``Name`` pseudo-entity, which exposes only a few common fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .errors import INVALID_FIELD, INVALID_TYPE, located
from .nodes import FieldPath

MAX_HOPS = 5  # SOQL allows five levels of child-to-parent relationships
POLYMORPHIC = "Name"
_NAME_ENTITY_FIELDS = {
    "Id": "id", "Name": "string", "Type": "string", "Alias": "string", "Email": "email",
    "FirstName": "string", "LastName": "string", "IsActive": "boolean", "Phone": "phone",
    "Title": "string", "Username": "string", "UserRoleId": "reference", "ProfileId": "reference",
    "RecordTypeId": "reference",
}  # fmt: skip
_CUSTOM_TAIL = "Please reference your WSDL or the describe call for the appropriate names."


class Source(Protocol):
    """What the query engine needs from the org (implemented by the emulator's store)."""

    def describe(self, sobject_name: str) -> dict[str, Any] | None: ...
    def records(self, sobject_name: str, *, include_deleted: bool) -> Any: ...
    def get(self, record_id: str) -> dict[str, Any] | None: ...
    def sobject_for_id(self, record_id: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Hop:
    """One child-to-parent step: read ``id_field`` and follow it."""

    id_field: str  # AccountId
    relationship: str  # Account (describe case)
    target: str  # Account, or "Name" when polymorphic

    @property
    def polymorphic(self) -> bool:
        return self.target == POLYMORPHIC


@dataclass(frozen=True, slots=True)
class Resolved:
    """A field path checked against the describe."""

    hops: tuple[Hop, ...]
    field: dict[str, Any]
    entity: str  # object the final field belongs to

    @property
    def name(self) -> str:
        return self.field["name"]

    @property
    def type(self) -> str:
        return self.field["type"]

    @property
    def label(self) -> str:
        """The path in describe case, e.g. ``Account.Name``."""
        return ".".join([*(h.relationship for h in self.hops), self.name])


class Schema:
    """Describe lookups for one statement, cached (names are case-insensitive)."""

    def __init__(self, source: Source, text: str) -> None:
        self.source, self.text = source, text
        self._cache: dict[str, dict[str, Any] | None] = {}
        self._fields: dict[str, dict[str, dict[str, Any]]] = {}

    def describe(self, name: str) -> dict[str, Any] | None:
        key = name.lower()
        if key not in self._cache:
            self._cache[key] = self.source.describe(name)
        return self._cache[key]

    def root(self, name: str, pos: int, code: str = INVALID_TYPE) -> dict[str, Any]:
        """The describe of the FROM object, or INVALID_TYPE as Salesforce words it."""
        described = self.describe(name)
        if described is None or described.get("queryable") is False:
            raise located(
                code,
                f"sObject type '{name}' is not supported. If you are attempting to use a custom "
                "object, be sure to append the '__c' after the entity name. " + _CUSTOM_TAIL,
                self.text,
                pos,
            )
        return described

    def fields(self, described: dict[str, Any]) -> dict[str, dict[str, Any]]:
        key = described["name"].lower()
        if key not in self._fields:
            self._fields[key] = {f["name"].lower(): f for f in described.get("fields", [])}
        return self._fields[key]

    def resolve(self, root: dict[str, Any], path: FieldPath) -> Resolved:
        """Check ``path`` from ``root``; raises INVALID_FIELD with Salesforce's wording."""
        parts = list(path.parts)
        if len(parts) > 1 and parts[0].lower() == root["name"].lower():
            if not self._relationship(root, parts[0]):
                parts = parts[1:]  # `SELECT Account.Name FROM Account` names the object itself
        if len(parts) - 1 > MAX_HOPS:
            raise located(
                INVALID_FIELD, "Relationship path is too deep (at most five levels)", self.text,
                path.pos,
            )  # fmt: skip
        hops: list[Hop] = []
        current: dict[str, Any] | None = root
        for part in parts[:-1]:
            reference = self._relationship(current, part) if current else None
            target = self._target(reference) if reference else None
            if reference is None or target is None:
                raise located(
                    INVALID_FIELD,
                    f"Didn't understand relationship '{part}' in field path. If you are attempting"
                    " to use a custom relationship, be sure to append the '__r' after the custom "
                    "relationship name. " + _CUSTOM_TAIL,
                    self.text,
                    path.pos,
                )
            hops.append(Hop(reference["name"], reference["relationshipName"], target))
            current = None if target == POLYMORPHIC else self.describe(target)
        last = parts[-1]
        if current is None:  # polymorphic: only the Name entity's fields
            name = next((n for n in _NAME_ENTITY_FIELDS if n.lower() == last.lower()), None)
            if name is None:
                raise self._no_column(last, POLYMORPHIC, path.pos)
            field = {"name": name, "type": _NAME_ENTITY_FIELDS[name], "filterable": True,
                     "sortable": True}  # fmt: skip
            return Resolved(tuple(hops), field, POLYMORPHIC)
        field = self.fields(current).get(last.lower())
        if field is None:
            raise self._no_column(last, current["name"], path.pos)
        return Resolved(tuple(hops), field, current["name"])

    def _relationship(self, described: dict[str, Any], name: str) -> dict[str, Any] | None:
        lowered = name.lower()
        for field in described.get("fields", []):
            relationship = field.get("relationshipName")
            if relationship and relationship.lower() == lowered and field.get("referenceTo"):
                return field
        return None

    def _target(self, reference: dict[str, Any]) -> str | None:
        targets = reference["referenceTo"]
        if len(targets) > 1 or reference.get("polymorphicForeignKey"):
            return POLYMORPHIC
        described = self.describe(targets[0])
        return described["name"] if described else None

    def _no_column(self, name: str, entity: str, pos: int):
        return located(
            INVALID_FIELD,
            f"No such column '{name}' on entity '{entity}'. If you are attempting to use a custom "
            "field, be sure to append the '__c' after the custom field name. " + _CUSTOM_TAIL,
            self.text,
            pos,
        )
