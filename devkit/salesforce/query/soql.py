"""Running a SOQL statement against an org source (REST ``query`` / ``queryAll`` semantics).

Follows the SOQL and SOQL reference and the REST API Developer Guide "Execute a SOQL Query"; the
envelope (totalSize, done, nextRecordsUrl) and pagination belong to the server, not to this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .dates import today_utc
from .errors import INVALID_FIELD, MALFORMED_QUERY, QueryError, located
from .filters import FilterCompiler
from .nodes import Aggregate, Comparison, FieldPath, Logical, Membership, Select
from .parser import parse_soql
from .rows import Parents, Shaper, sort_records
from .schema import Resolved, Schema, Source
from .values import NUMBERS, category, sort_key


@dataclass(frozen=True, slots=True)
class QueryResult:
    """What a query produced: ``records`` in REST shape; ``is_count`` for ``SELECT COUNT()``."""

    records: list[dict[str, Any]]
    total_size: int
    is_count: bool


def execute_soql(
    source: Source,
    soql: str,
    *,
    include_deleted: bool = False,
    now: datetime | None = None,
    api_version: str = "62.0",
) -> QueryResult:
    """Run ``soql`` over the records ``source`` shows the current user.

    Args:
        source: The org as the current user sees it (describe, records, get, sobject_for_id).
        soql: The statement.
        include_deleted: ``queryAll`` semantics: deleted records are candidates too.
        now: The current time (relative date literals); defaults to the clock.
        api_version: Version used in ``attributes.url``.

    Raises:
        QueryError: MALFORMED_QUERY, INVALID_TYPE, INVALID_FIELD, INVALID_QUERY_FILTER_OPERATOR or
            NUMBER_OUTSIDE_VALID_RANGE, worded as Salesforce words them.
    """
    query = parse_soql(soql)
    schema = Schema(source, soql)
    root = schema.root(query.sobject, query.sobject_pos)
    _check_implementation_restrictions(query, root["name"])
    plan = _Plan(query, schema, root, Parents(source), today_utc(now))
    rows = [
        rec
        for rec in source.records(root["name"], include_deleted=include_deleted)
        if (include_deleted or not rec.get("IsDeleted")) and plan.keep(rec)
    ]
    if plan.aggregates:
        return plan.aggregate(rows)
    sort_records(rows, plan.order, plan.parents)
    start = query.offset or 0
    end = None if query.limit is None else start + query.limit
    rows = rows[start:end]
    shaper = Shaper(root["name"], plan.fields, plan.parents, api_version)
    return QueryResult([shaper.shape(rec) for rec in rows], len(rows), False)


class _Plan:
    """The statement checked against the schema: resolved fields, predicate and sort keys."""

    def __init__(self, query: Select, schema: Schema, root: dict, parents: Parents, today) -> None:
        self.query, self.schema, self.root, self.parents = query, schema, root, parents
        self.fields: list[Resolved] = []
        self.aggregates: list[tuple[Aggregate, Resolved | None]] = []
        seen: set[str] = set()
        for item in query.items:
            if isinstance(item, Aggregate):
                target = self.resolve(item.path) if item.path else None
                self._check_aggregate(item, target)
                self.aggregates.append((item, target))
                continue
            field = self.resolve(item)
            if field.label.lower() in seen:
                raise QueryError(INVALID_FIELD, f"duplicate field selected: {field.label}")
            seen.add(field.label.lower())
            self.fields.append(field)
        if self.aggregates and self.fields:
            message = f"Field must be grouped or aggregated: {self.fields[0].label}"
            raise located(MALFORMED_QUERY, message, schema.text, _first_field_pos(query))
        self.order = [(item, self._sortable(item.path)) for item in query.order]
        if self.aggregates and self.order:
            message = f"Ordered field must be grouped or aggregated: {self.order[0][1].label}"
            raise located(MALFORMED_QUERY, message, schema.text, query.order[0].path.pos)
        compiler = FilterCompiler(schema.text, self.resolve, parents.getter, today)
        self.keep = compiler.compile(query.where) if query.where else (lambda rec: True)

    def resolve(self, path: FieldPath) -> Resolved:
        return self.schema.resolve(self.root, path)

    def _sortable(self, path: FieldPath) -> Resolved:
        field = self.resolve(path)
        if field.field.get("sortable") is False:
            message = f"field '{field.name}' can not be sorted in a query call"
            raise located(INVALID_FIELD, message, self.schema.text, path.pos)
        return field

    def _check_aggregate(self, item: Aggregate, target: Resolved | None) -> None:
        if item.function == "COUNT" and item.path is None and len(self.query.items) > 1:
            raise located(
                MALFORMED_QUERY,
                "COUNT() must be the only element in the SELECT list",
                self.schema.text,
                item.pos,
            )
        numeric = target is not None and target.type in NUMBERS
        if item.function in ("SUM", "AVG") and not numeric or (
            item.function in ("MIN", "MAX") and target is not None and category(target.type)
            not in ("number", "date", "datetime", "string", "id")
        ):  # fmt: skip
            message = f"field {target.label} does not support aggregate operator {item.function}"
            raise located(MALFORMED_QUERY, message, self.schema.text, item.pos)

    def aggregate(self, rows: list[dict[str, Any]]) -> QueryResult:
        """One AggregateResult row (no GROUP BY), or the bare count for ``COUNT()``."""
        query = self.query
        if self.aggregates[0][1] is None and self.aggregates[0][0].function == "COUNT":
            total = max(0, len(rows) - (query.offset or 0))
            if query.limit is not None:
                total = min(total, query.limit)
            return QueryResult([], total, True)
        row: dict[str, Any] = {"attributes": {"type": "AggregateResult"}}
        unnamed = 0
        for item, field in self.aggregates:
            if item.alias:
                key = item.alias
            else:
                key, unnamed = f"expr{unnamed}", unnamed + 1
            row[key] = self._compute(item.function, field, rows)
        records = [row][query.offset or 0 :][: query.limit]
        return QueryResult(records, len(records), False)

    def _compute(self, function: str, field: Resolved | None, rows: list[dict[str, Any]]) -> Any:
        if field is None:
            return len(rows)
        get = self.parents.getter(field)
        values = [v for v in (get(rec) for rec in rows) if v is not None and v != ""]
        if function == "COUNT":
            return len(values)
        if function == "COUNT_DISTINCT":
            key = sort_key(category(field.type))
            return len({key(v) for v in values})
        if not values:
            return None
        if function == "SUM":
            return sum(values)
        if function == "AVG":
            return sum(values) / len(values)
        key = sort_key(category(field.type))
        return (min if function == "MIN" else max)(values, key=key)


# Objects Salesforce refuses to scan: a filter on one of these id fields is required.
_REQUIRED_ID_FILTER = {"ContentDocumentLink": ("ContentDocumentId", "LinkedEntityId")}


def _check_implementation_restrictions(query: Select, sobject: str) -> None:
    required = _REQUIRED_ID_FILTER.get(sobject)
    if required is None:
        return
    where = query.where
    conjuncts = where.items if isinstance(where, Logical) and where.op == "AND" else (where,)
    wanted = {name.lower() for name in required}
    for cond in conjuncts:
        if isinstance(cond, Comparison | Membership) and cond.op in ("=", "IN"):
            if ".".join(cond.path.parts).lower() in wanted:
                return
    raise QueryError(
        MALFORMED_QUERY,
        f"Implementation restriction: {sobject} requires a filter by a single Id on "
        f"{required[0]} or {required[1]} using the equals operator or multiple Id's using "
        "the IN operator.",
    )


def _first_field_pos(query: Select) -> int:
    return next(item.pos for item in query.items if isinstance(item, FieldPath))
