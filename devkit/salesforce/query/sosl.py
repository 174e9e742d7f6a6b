"""SOSL search (REST ``search/?q=FIND {...}`` and ``parameterizedSearch``).

Follows the SOSL reference (FIND, IN … FIELDS, RETURNING with per-object field lists, WHERE,
ORDER BY, LIMIT, OFFSET; a statement-level LIMIT) and the REST guide "Search" /
"Parameterized Search". Results are the ``searchRecords`` entries, object by object in RETURNING
order; relevance ranking is not emulated (records keep store order unless ORDER BY is given).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .dates import today_utc
from .errors import MALFORMED_SEARCH, QueryError, unsupported
from .filters import FilterCompiler
from .lexer import BRACED, COMMA, EOF, LPAREN, RPAREN, tokenize
from .nodes import Condition, FieldPath, Select
from .parser import Parser
from .rows import Parents, Shaper, sort_records
from .schema import Schema, Source
from .sosl_term import Matcher, compile_term, field_text
from .values import STRINGY

MAX_RESULTS = 2000
SCOPES = ("ALL", "NAME", "EMAIL", "PHONE")
# Searched when a statement has no RETURNING clause (the emulator's searchable standard objects).
DEFAULT_OBJECTS = ("Account", "Contact", "Lead", "Opportunity", "Case", "Task", "Event",
                   "ContentNote")  # fmt: skip
_EXTRA_NAME_FIELDS = {
    "contact": ("FirstName", "LastName"), "lead": ("FirstName", "LastName"),
    "user": ("FirstName", "LastName"), "task": ("Subject",), "event": ("Subject",),
    "case": ("Subject",), "contentnote": ("Title",),
}  # fmt: skip
_TEXT_TYPES = STRINGY - {"picklist"}


@dataclass(slots=True)
class ObjectSpec:
    """One RETURNING entry; ``text`` is the source its positions refer to (for error carets)."""

    name: str
    pos: int
    text: str
    fields: list[FieldPath] = field(default_factory=list)
    query: Select | None = None  # holds WHERE / ORDER BY / LIMIT / OFFSET


@dataclass(slots=True)
class SearchSpec:
    """A parsed search: which records match, where to look, what to return."""

    matcher: Matcher
    scope: str
    objects: list[ObjectSpec] | None  # None: the default searchable objects
    limit: int
    implicit: bool = False  # default objects: skip ones this org lacks, and fields they lack


def execute_sosl(
    source: Source, search: str | dict[str, Any], *, api_version: str = "62.0"
) -> list[dict[str, Any]]:
    """Run a SOSL statement, or parameterizedSearch parameters, and return the searchRecords.

    Args:
        source: The org as the current user sees it.
        search: ``FIND {...} ...`` text, or the parameterizedSearch parameters.
        api_version: Version used in ``attributes.url``.

    Raises:
        QueryError: MALFORMED_SEARCH for bad syntax; INVALID_TYPE / INVALID_FIELD for unknown
            objects or fields in RETURNING.
    """
    if isinstance(search, str):
        spec = parse_sosl(search)
    else:
        from .parameterized import parse_parameters  # it builds on this module

        spec = parse_parameters(search)
    results: list[dict[str, Any]] = []
    implicit = spec.implicit or spec.objects is None
    for obj in spec.objects or [ObjectSpec(name, 0, name) for name in DEFAULT_OBJECTS]:
        room = spec.limit - len(results)
        results.extend(_search_object(source, spec, obj, api_version, implicit, room))
        if len(results) >= spec.limit:
            break
    return results[: spec.limit]


def parse_sosl(text: str) -> SearchSpec:
    """Parse ``FIND {term} [IN x FIELDS] [RETURNING ...] [LIMIT n]``."""
    parser = Parser(text, tokenize(text, error_code=MALFORMED_SEARCH), MALFORMED_SEARCH)
    if not parser.tok.is_word("FIND") or parser.peek().kind != BRACED:
        raise QueryError(
            MALFORMED_SEARCH, "No search term found. The search term must be enclosed in braces."
        )
    parser.advance()
    matcher = compile_term(parser.advance().value)
    scope = "ALL"
    if parser.accept("IN"):
        if parser.tok.is_word("SIDEBAR"):
            raise unsupported(text, parser.tok.pos, "IN SIDEBAR FIELDS", MALFORMED_SEARCH)
        scope = parser.keyword(*SCOPES).value.upper()
        parser.keyword("FIELDS")
    objects = None
    if parser.accept("RETURNING"):
        objects = [returning_item(parser)]
        while parser.tok.kind == COMMA:
            parser.advance()
            objects.append(returning_item(parser))
    if parser.tok.is_word("WITH", "UPDATE", "USING"):
        raise unsupported(text, parser.tok.pos, f"{parser.tok.raw} clauses", MALFORMED_SEARCH)
    limit = parser.integer() if parser.accept("LIMIT") else MAX_RESULTS
    if parser.tok.kind != EOF:
        raise parser.fail()
    return SearchSpec(matcher, scope, objects, min(limit, MAX_RESULTS))


def returning_item(parser: Parser) -> ObjectSpec:
    """``Name`` or ``Name(field, … [WHERE …] [ORDER BY …] [LIMIT n] [OFFSET n])``."""
    name = parser.name_token()
    spec = ObjectSpec(name.value, name.pos, parser.text)
    if parser.tok.kind != LPAREN:
        return spec
    parser.advance()
    spec.fields = [parser.path()]
    while parser.tok.kind == COMMA:
        parser.advance()
        spec.fields.append(parser.path())
    query = Select(items=[], sobject=name.value, sobject_pos=name.pos)
    query.where = parser.condition() if parser.accept("WHERE") else None
    if parser.tok.is_word("USING", "WITH"):
        raise unsupported(parser.text, parser.tok.pos, f"{parser.tok.raw}", MALFORMED_SEARCH)
    parser.tail(query)
    spec.query = query
    if parser.tok.kind != RPAREN:
        raise parser.fail()
    parser.advance()
    return spec


def _search_object(source, spec: SearchSpec, obj: ObjectSpec, api_version, implicit, room: int):
    schema = Schema(source, obj.text)
    if implicit:
        described = schema.describe(obj.name)
        if described is None or described.get("searchable") is False:
            return []
    else:
        described = schema.root(obj.name, obj.pos)
    searched = _searched_fields(described, spec.scope)
    paths = obj.fields
    if implicit:  # default fields apply to the objects that have them
        known = schema.fields(described)
        paths = [p for p in paths if len(p.parts) > 1 or p.parts[0].lower() in known]
    fields = [schema.resolve(described, path) for path in paths]
    query = obj.query or Select(items=[], sobject=obj.name, sobject_pos=obj.pos)
    parents = Parents(source)
    keep = _where(schema, described, parents, query.where)
    order = [(item, schema.resolve(described, item.path)) for item in query.order]
    if not searched:
        return []
    hits = []
    for rec in source.records(described["name"], include_deleted=False):
        if rec.get("IsDeleted"):
            continue
        tokens = [field_text(rec.get(name), phone=phone) for name, phone in searched]
        if spec.matcher(tokens) and keep(rec):
            hits.append(rec)
    sort_records(hits, order, parents)
    start = query.offset or 0
    count = room if query.limit is None else min(query.limit, room)
    hits = hits[start : start + count]
    shown = fields or [schema.resolve(described, FieldPath(("Id",), obj.pos))]
    shaper = Shaper(described["name"], shown, parents, api_version)
    return [shaper.shape(rec) for rec in hits]


def _where(schema: Schema, described: dict, parents: Parents, where: Condition | None):
    if where is None:
        return lambda rec: True
    compiler = FilterCompiler(
        schema.text, lambda p: schema.resolve(described, p), parents.getter, today_utc(None)
    )
    return compiler.compile(where)


def _searched_fields(described: dict[str, Any], scope: str) -> list[tuple[str, bool]]:
    """(field name, is phone) pairs the scope searches on this object."""
    fields = described.get("fields", [])
    if scope == "NAME":
        extra = {n.lower() for n in _EXTRA_NAME_FIELDS.get(described["name"].lower(), ())}
        chosen = [f for f in fields if f.get("nameField") or f["name"].lower() in extra]
    elif scope == "EMAIL":
        chosen = [f for f in fields if f["type"] == "email"]
    elif scope == "PHONE":
        chosen = [f for f in fields if f["type"] == "phone"]
    else:
        chosen = [f for f in fields if f["type"] in _TEXT_TYPES]
    return [(f["name"], f["type"] == "phone") for f in chosen]
