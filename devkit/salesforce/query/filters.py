"""WHERE clauses compiled to Python predicates, with Salesforce's type checks on literals."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import dates
from .errors import (
    INVALID_FIELD,
    INVALID_QUERY_FILTER_OPERATOR,
    MALFORMED_QUERY,
    located,
    unsupported,
)
from .nodes import Comparison, Condition, Literal, Logical, Membership, Negation
from .schema import Resolved
from .values import (
    TEMPORAL,
    canonical_datetime,
    category,
    day_start,
    is_id,
    normaliser,
    picklist_set,
    soap_type,
)

Predicate = Callable[[dict[str, Any]], bool]
_LIKE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


class FilterCompiler:
    """Turns a condition tree into one predicate over source records.

    Args:
        text: The statement (for error carets).
        resolve: Resolves a field path (raising INVALID_FIELD).
        getter: Builds the value reader for a resolved path.
        today: The org's current date, for relative date literals.
    """

    def __init__(self, text, resolve, getter, today) -> None:
        self.text, self.resolve, self.getter, self.today = text, resolve, getter, today

    def compile(self, cond: Condition) -> Predicate:
        if isinstance(cond, Logical):
            parts = [self.compile(item) for item in cond.items]
            if cond.op == "AND":
                return lambda rec: all(p(rec) for p in parts)
            return lambda rec: any(p(rec) for p in parts)
        if isinstance(cond, Negation):
            inner = self.compile(cond.item)
            return lambda rec: not inner(rec)
        field = self._filterable(cond.path)
        kind = category(field.type)
        if kind == "other":
            raise unsupported(self.text, cond.path.pos, f"Filtering on a {field.type} field")
        get, norm = self.getter(field), normaliser(kind)
        if isinstance(cond, Membership):
            return self._membership(cond, field, kind, get, norm)
        return self._comparison(cond, field, kind, get, norm)

    def _filterable(self, path) -> Resolved:
        field = self.resolve(path)
        if field.field.get("filterable") is False:
            message = f"field '{field.name}' can not be filtered in a query call"
            raise located(INVALID_FIELD, message, self.text, path.pos)
        return field

    # -- comparisons ----------------------------------------------------------------------------
    def _comparison(self, cond: Comparison, field, kind, get, norm) -> Predicate:
        op, lit = cond.op, cond.value
        if op == "LIKE":
            return self._like(cond, field, kind, get)
        if lit.kind == "null":
            if op == "=":
                return lambda rec: norm(get(rec)) is None
            if op == "!=":
                return lambda rec: norm(get(rec)) is not None
            return lambda rec: False
        if kind == "boolean" and op not in ("=", "!="):
            raise self._bad_operator(field, lit)
        if lit.kind == "date_literal" and kind in TEMPORAL:
            return self._date_range(op, lit, kind, get, norm)
        value = self.value(lit, field, kind)
        if kind == "multipicklist" and op not in ("=", "!="):
            raise self._bad_operator(field, lit)
        if op == "=":
            return lambda rec: norm(get(rec)) == value
        if op == "!=":
            return lambda rec: norm(get(rec)) != value
        compare = {"<": _lt, "<=": _le, ">": _gt, ">=": _ge}[op]
        return lambda rec: compare(norm(get(rec)), value)

    def _date_range(self, op, lit: Literal, kind, get, norm) -> Predicate:
        start_day, end_day = dates.date_range(lit.value, lit.n, self.today)
        if kind == "date":
            start, end = start_day.isoformat(), end_day.isoformat()
        else:
            start, end = day_start(start_day), day_start(end_day)

        def test(rec: dict[str, Any]) -> bool:
            v = norm(get(rec))
            if v is None:
                return op == "!="
            inside = start <= v < end
            return {"=": inside, "!=": not inside, "<": v < start, "<=": v < end,
                    ">": v >= end, ">=": v >= start}[op]  # fmt: skip

        return test

    def _like(self, cond: Comparison, field, kind, get) -> Predicate:
        if kind not in ("string", "multipicklist") or cond.value.kind not in ("string", "null"):
            raise self._bad_operator(field, cond.value)
        if cond.value.kind == "null":
            return lambda rec: False
        pattern = re.compile(like_regex(cond.value.raw), re.IGNORECASE | re.DOTALL)
        match = pattern.fullmatch
        return lambda rec: isinstance(v := get(rec), str) and match(v) is not None

    def _membership(self, cond: Membership, field, kind, get, norm) -> Predicate:
        if cond.op in ("INCLUDES", "EXCLUDES"):
            if kind != "multipicklist":
                message = "includes or excludes operator only valid on multipicklist field"
                raise located(INVALID_QUERY_FILTER_OPERATOR, message, self.text, cond.path.pos)
            groups = [picklist_set(self._string(lit, field)) or frozenset() for lit in cond.values]
            wanted = cond.op == "INCLUDES"

            def includes(rec: dict[str, Any]) -> bool:
                chosen = norm(get(rec)) or frozenset()
                return any(group <= chosen for group in groups) == wanted

            return includes
        values = {
            None if lit.kind == "null" else self.value(lit, field, kind) for lit in cond.values
        }
        if cond.op == "IN":
            return lambda rec: norm(get(rec)) in values
        return lambda rec: norm(get(rec)) not in values

    # -- literals -------------------------------------------------------------------------------
    def value(self, lit: Literal, field: Resolved, kind: str) -> Any:
        """The literal in the comparable form of the field's family, or Salesforce's error."""
        if kind in ("string", "multipicklist"):
            text = self._string(lit, field)
            if text == "":  # Salesforce stores empty text as null, and '' matches it
                return None
            return picklist_set(text) if kind == "multipicklist" else text.lower()
        if kind == "id":
            text = self._string(lit, field)
            if text == "":
                return None
            if not is_id(text):
                raise located(
                    INVALID_QUERY_FILTER_OPERATOR, f"invalid ID field: {text}", self.text, lit.pos
                )
            return text[:15]
        if kind == "number" and lit.kind == "number":
            return float(lit.value)
        if kind == "boolean" and lit.kind == "boolean":
            return lit.value
        if kind == "date" and lit.kind == "date":
            return lit.value
        if kind == "datetime" and lit.kind == "datetime":
            return canonical_datetime(lit.value)
        raise self._mismatch(field, lit, soap_type(field.field), quoted=False)

    def _string(self, lit: Literal, field: Resolved) -> str:
        if lit.kind != "string":
            raise self._mismatch(field, lit, "string", quoted=True)
        return str(lit.value)

    def _mismatch(self, field: Resolved, lit: Literal, expected: str, *, quoted: bool):
        should = "should be enclosed in quotes" if quoted else "should not be enclosed in quotes"
        message = (
            f"value of filter criterion for field '{field.label}' must be of type {expected} "
            f"and {should}"
        )
        return located(MALFORMED_QUERY, message, self.text, lit.pos)

    def _bad_operator(self, field: Resolved, lit: Literal):
        message = f"invalid operator on {soap_type(field.field)} field: {field.label}"
        return located(INVALID_QUERY_FILTER_OPERATOR, message, self.text, lit.pos)


def like_regex(raw: str) -> str:
    """A LIKE pattern (as written between the quotes) as a regular expression.

    ``%`` is any run of characters and ``_`` one character; ``\\%`` and ``\\_`` are literal.
    """
    out: list[str] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw):
            nxt = raw[i + 1]
            if nxt == "u" and len(raw) >= i + 6:
                out.append(re.escape(chr(int(raw[i + 2 : i + 6], 16))))
                i += 6
                continue
            out.append(re.escape(_LIKE_ESCAPES.get(nxt, nxt)))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return "".join(out)


def _lt(a, b) -> bool:
    return a is not None and a < b


def _le(a, b) -> bool:
    return a is not None and a <= b


def _gt(a, b) -> bool:
    return a is not None and a > b


def _ge(a, b) -> bool:
    return a is not None and a >= b
