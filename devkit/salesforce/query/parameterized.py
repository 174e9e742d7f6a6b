"""parameterizedSearch parameters (REST guide "Parameterized Search") as a :class:`SearchSpec`.

Accepts the POST body (``q``, ``sobjects: [{name, fields, where, orderBy, limit}]``, ``fields``,
``in``, ``overallLimit``, ``defaultLimit``) and the GET form (``sobject`` repeated or one name,
``Name.fields`` / ``Name.limit`` / ``Name.where`` / ``Name.orderBy``); values may be strings.
"""

from __future__ import annotations

from typing import Any

from .errors import MALFORMED_SEARCH, QueryError
from .lexer import tokenize
from .parser import Parser
from .sosl import DEFAULT_OBJECTS, MAX_RESULTS, SCOPES, SearchSpec, returning_item
from .sosl_term import compile_term

_SUPPORTED = {"q", "sobjects", "sobject", "fields", "in", "overallLimit", "defaultLimit"}


def parse_parameters(params: dict[str, Any]) -> SearchSpec:
    """Build the search from parameterizedSearch parameters.

    Raises:
        QueryError: MALFORMED_SEARCH naming the parameter that is missing or wrong.
    """
    q = _one(params.get("q"))
    if not isinstance(q, str) or not q.strip():
        raise QueryError(MALFORMED_SEARCH, "The q parameter (the search term) is required.")
    for key in params:
        if key not in _SUPPORTED and "." not in key:
            raise QueryError(MALFORMED_SEARCH, f"The parameter '{key}' is not supported by the "
                             "devkit Salesforce emulator.")  # fmt: skip
    scope = str(_one(params.get("in")) or "ALL").upper().removesuffix("_FIELDS")
    if scope not in SCOPES:
        raise QueryError(MALFORMED_SEARCH, f"Invalid value for 'in': {scope}. "
                         f"Valid values are {', '.join(SCOPES)}.")  # fmt: skip
    default_fields = _names(params.get("fields"))
    default_limit = _int(params, "defaultLimit")
    entries = params.get("sobjects")
    if entries is None and params.get("sobject") is not None:
        entries = [_get_form(params, name) for name in _names(params["sobject"])]
    implicit = entries is None
    if implicit:
        entries = [{"name": name} for name in DEFAULT_OBJECTS]
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise QueryError(MALFORMED_SEARCH, "'sobjects' must be a list of objects with a name.")
    objects = [_object(entry, default_fields, default_limit) for entry in entries]
    overall = _int(params, "overallLimit")
    limit = MAX_RESULTS if overall is None else min(overall, MAX_RESULTS)
    return SearchSpec(compile_term(q), scope, objects, limit, implicit)


def _object(entry: dict[str, Any], default_fields: list[str], default_limit: int | None):
    """The entry written as a RETURNING item and parsed as one, so both forms behave alike."""
    name = entry.get("name")
    if not isinstance(name, str) or not name:
        raise QueryError(MALFORMED_SEARCH, "Each entry of 'sobjects' needs a 'name'.")
    fields = _names(entry.get("fields")) or default_fields
    where, order = _one(entry.get("where")), _one(entry.get("orderBy"))
    limit = _int(entry, "limit")
    limit = default_limit if limit is None else limit
    clauses = [", ".join(fields) or "Id"]
    if where:
        clauses.append(f"WHERE {where}")
    if order:
        clauses.append(f"ORDER BY {order}")
    if limit is not None:
        clauses.append(f"LIMIT {limit}")
    text = f"{name}({' '.join(clauses)})" if len(clauses) > 1 or fields else name
    parser = Parser(text, tokenize(text, error_code=MALFORMED_SEARCH), MALFORMED_SEARCH)
    spec = returning_item(parser)
    parser.expect_end()
    return spec


def _get_form(params: dict[str, Any], name: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": name}
    for key in ("fields", "limit", "where", "orderBy"):
        value = params.get(f"{name}.{key}")
        if value is not None:
            entry[key] = value
    return entry


def _one(value: Any) -> Any:
    """A GET parameter may arrive as a one-element list."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _names(value: Any) -> list[str]:
    value = _one(value)
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise QueryError(MALFORMED_SEARCH, "Field and object names must be text.")
    return [item.strip() for item in items if item.strip()]


def _int(params: dict[str, Any], key: str) -> int | None:
    value = _one(params.get(key))
    if value is None:
        return None
    if isinstance(value, bool) or not str(value).isdigit():
        raise QueryError(
            MALFORMED_SEARCH, f"'{key}' must be a non-negative integer, not {value!r}."
        )
    return int(value)
