"""The parsed form of a SOQL statement (before it is checked against the describe)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class FieldPath:
    """A field reference as written: ``Name`` or ``Account.Owner.Name``."""

    parts: tuple[str, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Aggregate:
    """``COUNT()``, ``COUNT(Id)``, ``SUM(Amount)``… with an optional alias."""

    function: str
    path: FieldPath | None
    alias: str | None
    pos: int


@dataclass(frozen=True, slots=True)
class Literal:
    """A value on the right of a comparison.

    ``kind`` is one of string, number, date, datetime, null, boolean, date_literal. For date
    literals ``value`` is the name (``LAST_N_DAYS``) and ``n`` its argument.
    """

    kind: str
    value: object
    pos: int
    raw: str = ""
    n: int | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    """``path op value``; op is one of = != < <= > >= LIKE."""

    path: FieldPath
    op: str
    value: Literal


@dataclass(frozen=True, slots=True)
class Membership:
    """``path [NOT] IN (...)`` or ``path INCLUDES/EXCLUDES (...)``."""

    path: FieldPath
    op: str  # IN, NOT IN, INCLUDES, EXCLUDES
    values: tuple[Literal, ...]


@dataclass(frozen=True, slots=True)
class Logical:
    """AND / OR over two or more conditions."""

    op: str
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Negation:
    """``NOT condition``."""

    item: Condition


Condition = Comparison | Membership | Logical | Negation


@dataclass(frozen=True, slots=True)
class OrderItem:
    """One ORDER BY key."""

    path: FieldPath
    descending: bool
    nulls_last: bool


@dataclass(slots=True)
class Select:
    """A whole SOQL statement."""

    items: list[FieldPath | Aggregate]
    sobject: str
    sobject_pos: int
    where: Condition | None = None
    order: list[OrderItem] = field(default_factory=list)
    limit: int | None = None
    offset: int | None = None
