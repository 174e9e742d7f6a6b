"""Recursive-descent parser for the SOQL subset (SOQL and SOQL reference, "SOQL SELECT Syntax").

Grammar::

    query     := SELECT items FROM name [WHERE cond] [WITH SECURITY_ENFORCED]
                 [ORDER BY order {, order}] [LIMIT int] [OFFSET int]
    items     := item {, item}
    item      := path | COUNT '(' [path] ')' [alias] | AGG '(' path ')' [alias]
    cond      := unary {AND unary} | unary {OR unary}      (mixing needs parentheses, as in SOQL)
    unary     := NOT unary | '(' cond ')' | path op value | path [NOT] IN list
                 | path (INCLUDES|EXCLUDES) list
    order     := path [ASC|DESC] [NULLS (FIRST|LAST)]

Valid SOQL outside this subset (GROUP BY, subqueries, semi-joins, TYPEOF, functions, FOR UPDATE…)
raises MALFORMED_QUERY saying it is unsupported, so nothing is ever silently ignored.
"""

from __future__ import annotations

from . import dates
from .errors import MALFORMED_QUERY, NUMBER_OUTSIDE_VALID_RANGE, located, unexpected, unsupported
from .lexer import COMMA, EOF, IDENT, LPAREN, NUMBER, OP, RPAREN, Token, tokenize
from .nodes import (
    Aggregate,
    Comparison,
    Condition,
    FieldPath,
    Literal,
    Logical,
    Membership,
    Negation,
    OrderItem,
    Select,
)

AGGREGATES = ("COUNT", "COUNT_DISTINCT", "SUM", "AVG", "MIN", "MAX")
MAX_OFFSET = 2000
_MAX_INT = 2**31 - 1
# Clauses that may follow FROM but that this emulator does not implement.
_UNSUPPORTED_CLAUSES = {
    "GROUP": "GROUP BY", "HAVING": "HAVING", "FOR": "FOR VIEW/REFERENCE/UPDATE",
    "USING": "USING SCOPE", "UPDATE": "UPDATE TRACKING/VIEWSTAT", "ALL": "ALL ROWS",
}  # fmt: skip
_RESERVED = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "ORDER", "BY", "LIMIT", "OFFSET",
             "WITH", "IN", "LIKE", "INCLUDES", "EXCLUDES", "NULL", "TRUE", "FALSE", "ASC", "DESC",
             "NULLS", "FIRST", "LAST", *_UNSUPPORTED_CLAUSES}  # fmt: skip


def parse_soql(text: str) -> Select:
    """Parse a SOQL statement. Raises QueryError (MALFORMED_QUERY) on anything not understood."""
    parser = Parser(text, tokenize(text))
    query = parser.select()
    parser.expect_end()
    return query


class Parser:
    """Token cursor plus the grammar rules; SOSL reuses the field list, WHERE and ORDER BY rules."""

    def __init__(self, text: str, tokens: list[Token], error_code: str = MALFORMED_QUERY) -> None:
        self.text, self.tokens, self.index, self.code = text, tokens, 0, error_code

    # -- cursor ---------------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.index]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        tok = self.tok
        if tok.kind != EOF:
            self.index += 1
        return tok

    def fail(self, tok: Token | None = None):
        tok = tok or self.tok
        return unexpected(self.text, tok.pos, tok.raw or "<EOF>", self.code)

    def keyword(self, *words: str) -> Token:
        if not self.tok.is_word(*words):
            raise self.fail()
        return self.advance()

    def accept(self, *words: str) -> Token | None:
        return self.advance() if self.tok.is_word(*words) else None

    def punct(self, kind: str) -> Token:
        if self.tok.kind != kind:
            raise self.fail()
        return self.advance()

    def expect_end(self) -> None:
        tok = self.tok
        if tok.kind == IDENT and tok.value.upper() in _UNSUPPORTED_CLAUSES:
            raise unsupported(
                self.text, tok.pos, _UNSUPPORTED_CLAUSES[tok.value.upper()], self.code
            )
        if tok.kind != EOF:
            raise self.fail()

    # -- statement ------------------------------------------------------------------------------
    def select(self) -> Select:
        self.keyword("SELECT")
        items = self.select_items()
        self.keyword("FROM")
        name = self.name_token()
        if self.tok.kind == COMMA:
            raise unsupported(self.text, self.tok.pos, "Querying several objects", self.code)
        if self.tok.kind == IDENT and self.tok.value.upper() not in _RESERVED:
            raise unsupported(self.text, self.tok.pos, "An object alias", self.code)
        query = Select(items=items, sobject=name.value, sobject_pos=name.pos)
        query.where = self.condition() if self.accept("WHERE") else None
        self.with_clause()
        self.tail(query)
        return query

    def tail(self, query: Select) -> None:
        """ORDER BY, LIMIT and OFFSET (shared with SOSL's RETURNING clauses)."""
        if self.tok.is_word(*_UNSUPPORTED_CLAUSES) and self.tok.value.upper() != "FOR":
            raise unsupported(
                self.text, self.tok.pos, _UNSUPPORTED_CLAUSES[self.tok.value.upper()], self.code
            )
        if self.accept("ORDER"):
            self.keyword("BY")
            query.order = [self.order_item()]
            while self.tok.kind == COMMA:
                self.advance()
                query.order.append(self.order_item())
        if self.accept("LIMIT"):
            query.limit = self.integer()
        if self.tok.is_word("OFFSET"):
            pos = self.advance().pos
            query.offset = self.integer()
            if query.offset > MAX_OFFSET:
                message = f"Maximum SOQL offset allowed is {MAX_OFFSET}"
                raise located(NUMBER_OUTSIDE_VALID_RANGE, message, self.text, pos)

    def with_clause(self) -> None:
        if self.tok.is_word("WITH"):
            nxt = self.peek()
            if nxt.is_word("SECURITY_ENFORCED"):
                self.index += 2
                return
            raise unsupported(self.text, nxt.pos, f"WITH {nxt.raw}".strip(), self.code)

    def name_token(self) -> Token:
        tok = self.tok
        if tok.kind != IDENT or "." in tok.value or tok.value.upper() in _RESERVED:
            if tok.kind == LPAREN:
                raise unsupported(self.text, tok.pos, "A subquery", self.code)
            raise self.fail()
        return self.advance()

    def integer(self) -> int:
        tok = self.tok
        if tok.kind != NUMBER or not tok.value.isdigit():
            raise self.fail()
        self.advance()
        value = int(tok.value)
        if value > _MAX_INT:
            raise located(self.code, f"numeric value out of range: {tok.value}", self.text, tok.pos)
        return value

    # -- SELECT list ----------------------------------------------------------------------------
    def select_items(self) -> list[FieldPath | Aggregate]:
        items = [self.select_item()]
        while self.tok.kind == COMMA:
            self.advance()
            items.append(self.select_item())
        return items

    def select_item(self) -> FieldPath | Aggregate:
        tok = self.tok
        if tok.kind == LPAREN:
            raise unsupported(self.text, tok.pos, "A relationship subquery", self.code)
        if tok.is_word("TYPEOF"):
            raise unsupported(self.text, tok.pos, "TYPEOF", self.code)
        if tok.kind == IDENT and self.peek().kind == LPAREN:
            return self.aggregate()
        return self.path()

    def aggregate(self) -> Aggregate:
        name = self.advance()
        function = name.value.upper()
        if function not in AGGREGATES:
            raise unsupported(self.text, name.pos, f"The function {name.value}()", self.code)
        self.punct(LPAREN)
        path = None
        if self.tok.kind != RPAREN:
            path = self.path()
        elif function != "COUNT":
            raise self.fail()
        self.punct(RPAREN)
        alias = None
        if self.tok.kind == IDENT and self.tok.value.upper() not in _RESERVED:
            alias = self.advance().value
        return Aggregate(function, path, alias, name.pos)

    def path(self) -> FieldPath:
        tok = self.tok
        if tok.kind != IDENT or tok.value.upper() in _RESERVED:
            raise self.fail()
        self.advance()
        if self.tok.kind == LPAREN:
            raise unsupported(self.text, tok.pos, f"The function {tok.value}()", self.code)
        return FieldPath(tuple(tok.value.split(".")), tok.pos)

    def order_item(self) -> OrderItem:
        path = self.path()
        descending = bool(self.accept("DESC")) if not self.accept("ASC") else False
        nulls_last = descending
        if self.accept("NULLS"):
            nulls_last = self.keyword("FIRST", "LAST").value.upper() == "LAST"
        return OrderItem(path, descending, nulls_last)

    # -- WHERE ----------------------------------------------------------------------------------
    def condition(self) -> Condition:
        first = self.unary()
        if not self.tok.is_word("AND", "OR"):
            return first
        op = self.tok.value.upper()
        items = [first]
        while self.tok.is_word(op):
            self.advance()
            items.append(self.unary())
        if self.tok.is_word("AND", "OR"):  # `a AND b OR c` is ambiguous; SOQL refuses it
            raise self.fail()
        return Logical(op, tuple(items))

    def unary(self) -> Condition:
        if self.accept("NOT"):
            return Negation(self.unary())
        if self.tok.kind == LPAREN:
            self.advance()
            inner = self.condition()
            self.punct(RPAREN)
            return inner
        path = self.path()
        tok = self.tok
        if tok.kind == OP:
            self.advance()
            return Comparison(path, tok.value, self.literal())
        if tok.is_word("LIKE"):
            self.advance()
            return Comparison(path, "LIKE", self.literal())
        if tok.is_word("NOT") and self.peek().is_word("IN"):
            self.index += 2
            return Membership(path, "NOT IN", self.literal_list())
        if tok.is_word("IN", "INCLUDES", "EXCLUDES"):
            self.advance()
            return Membership(path, tok.value.upper(), self.literal_list())
        raise self.fail()

    def literal_list(self) -> tuple[Literal, ...]:
        self.punct(LPAREN)
        if self.tok.is_word("SELECT"):
            raise unsupported(
                self.text, self.tok.pos, "A semi-join (IN with a subquery)", self.code
            )
        values = [self.literal()]
        while self.tok.kind == COMMA:
            self.advance()
            values.append(self.literal())
        self.punct(RPAREN)
        return tuple(values)

    def literal(self) -> Literal:
        tok = self.advance()
        if tok.kind in ("string", "number", "date", "datetime"):
            return Literal(tok.kind, tok.value, tok.pos, tok.raw)
        if tok.kind == ":":
            raise located(self.code, "Bind variables only allowed in Apex code", self.text, tok.pos)
        if tok.kind == IDENT:
            word = tok.value.upper()
            if word == "NULL":
                return Literal("null", None, tok.pos, tok.raw)
            if word in ("TRUE", "FALSE"):
                return Literal("boolean", word == "TRUE", tok.pos, tok.raw)
            if dates.is_date_literal(word):
                return Literal("date_literal", word, tok.pos, tok.raw)
            if dates.needs_n(word):
                return self.date_literal_n(tok, word)
        raise self.fail(tok)

    def date_literal_n(self, tok: Token, word: str) -> Literal:
        if self.tok.kind != ":" or self.peek().kind != NUMBER or not self.peek().value.isdigit():
            raise self.fail(self.tok if self.tok.kind != ":" else self.peek())
        self.advance()
        n = self.integer()
        return Literal("date_literal", word, tok.pos, f"{tok.raw}:{n}", n)
