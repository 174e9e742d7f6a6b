"""Reading field paths from records, sorting them, and shaping them as REST query records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .nodes import OrderItem
from .schema import POLYMORPHIC, Resolved, Source
from .values import category, sort_key

Getter = Callable[[dict[str, Any]], Any]


class Parents:
    """Parent-record lookups for one statement, cached by id (many children share a parent)."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self._records: dict[str, dict[str, Any] | None] = {}
        self._types: dict[str, str | None] = {}

    def record(self, record_id: str) -> dict[str, Any] | None:
        if record_id not in self._records:
            self._records[record_id] = self.source.get(record_id)
        return self._records[record_id]

    def type_of(self, record_id: str) -> str | None:
        if record_id not in self._types:
            self._types[record_id] = self.source.sobject_for_id(record_id)
        return self._types[record_id]

    def getter(self, field: Resolved) -> Getter:
        """A function reading ``field`` (through its relationship hops) from a root record."""
        name = field.name
        if not field.hops:
            return lambda rec: rec.get(name)
        hops = [hop.id_field for hop in field.hops]
        type_of_last = field.entity == POLYMORPHIC and name == "Type"
        record = self.record

        def get(rec: dict[str, Any]) -> Any:
            for id_field in hops:
                parent_id = rec.get(id_field)
                if not parent_id:
                    return None
                parent = record(parent_id)
                if parent is None:
                    return None
                rec = parent
            return self.type_of(rec["Id"]) if type_of_last else rec.get(name)

        return get


def sort_records(
    records: list[dict[str, Any]], order: list[tuple[OrderItem, Resolved]], parents: Parents
) -> None:
    """Sort in place by several keys; SOQL puts nulls first ascending and last descending."""
    for item, field in reversed(order):
        get, key = parents.getter(field), sort_key(category(field.type))
        null_rank = 0 if item.nulls_last == item.descending else 2

        def full_key(rec, get=get, key=key, null_rank=null_rank):
            value = key(get(rec))
            return (null_rank, 0) if value is None else (1, value)

        records.sort(key=full_key, reverse=item.descending)


class Shaper:
    """Builds the REST form of a record: ``attributes``, then the selected fields in order."""

    def __init__(self, sobject: str, fields: list[Resolved], parents: Parents, api_version: str):
        self.sobject, self.fields, self.parents = sobject, fields, parents
        self.prefix = f"/services/data/v{api_version}/sobjects/"

    def attributes(self, sobject: str, record_id: str | None, url_type: str | None = None):
        attributes = {"type": sobject}
        if record_id:
            attributes["url"] = f"{self.prefix}{url_type or sobject}/{record_id}"
        return attributes

    def shape(self, rec: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {"attributes": self.attributes(self.sobject, rec.get("Id"))}
        for field in self.fields:
            self._place(out, rec, field)
        return out

    def _place(self, out: dict[str, Any], rec: dict[str, Any] | None, field: Resolved) -> None:
        node: dict[str, Any] | None = out
        for hop in field.hops:
            if hop.relationship in node:
                child = node[hop.relationship]
                if child is None:
                    return
                parent_id = rec.get(hop.id_field) if rec else None
                rec = self.parents.record(parent_id) if parent_id else None
                node = child
                continue
            parent_id = rec.get(hop.id_field) if rec else None
            rec = self.parents.record(parent_id) if parent_id else None
            if rec is None:
                node[hop.relationship] = None
                return
            if hop.polymorphic:  # Salesforce labels these "Name" but links the real object
                actual = self.parents.type_of(parent_id) or hop.target
                attributes = self.attributes(POLYMORPHIC, parent_id, actual)
            else:  # the relationship's own type, even when the id is shared (ContentNote)
                attributes = self.attributes(hop.target, parent_id)
            node[hop.relationship] = {"attributes": attributes}
            node = node[hop.relationship]
        if field.entity == POLYMORPHIC and field.name == "Type":
            node[field.name] = self.parents.type_of(rec["Id"]) if rec else None
        else:
            node[field.name] = rec.get(field.name) if rec else None
