"""SOQL/SOSL from user text: escaped, checked by decoding them back with tiny tokenizers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.salesforce.search import (
    SOSL_OPERATORS,
    SOSL_RESERVED,
    name_field,
    records_named_soql,
    records_named_sosl,
    soql_literal,
    sosl_escape,
)
from bot.salesforce.values import ValueProblem

_SOQL_UNESCAPE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def read_soql_literal(query: str, start: int) -> tuple[str, int]:
    """Decode the quoted literal at `start` the way Salesforce does; return it and its end."""
    assert query[start] == "'"
    out, i = [], start + 1
    while True:
        ch = query[i]  # IndexError here means the literal never closes
        if ch == "\\":
            nxt = query[i + 1]
            out.append(_SOQL_UNESCAPE.get(nxt, nxt))
            i += 2
        elif ch == "'":
            return "".join(out), i + 1
        else:
            out.append(ch)
            i += 1


def read_sosl_term(query: str) -> tuple[list[str], bool, str]:
    """The words inside FIND {…} with escapes removed, whether it ends in a wildcard, the rest.

    Fails when a reserved character is neither escaped nor structural (quotes around an
    operator word, one trailing `*`).
    """
    assert query.startswith("FIND {")
    i, words, word = len("FIND {"), [], []
    while query[i] != "}":
        ch = query[i]
        if ch == "\\":
            assert query[i + 1] in SOSL_RESERVED, "only reserved characters are escaped"
            word.append((query[i + 1], True))
            i += 2
            continue
        if ch == " ":
            words.append(word)
            word = []
        else:
            word.append((ch, False))
        i += 1
    words.append(word)
    wildcard = bool(words[-1]) and words[-1][-1] == ("*", False)
    if wildcard:
        words[-1] = words[-1][:-1]
    decoded = []
    for chars in words:
        text = "".join(c for c, _ in chars)
        bare = [c for c, escaped in chars if not escaped and c in SOSL_RESERVED]
        if bare:
            assert bare == ['"', '"'] and chars[0] == ('"', False) and chars[-1] == ('"', False)
            text = text[1:-1]
            assert text.casefold() in SOSL_OPERATORS, f"unescaped quotes in {query!r}"
        decoded.append(text)
    return decoded, wildcard, query[i + 1 :]


def test_soql_exact_and_partial_names() -> None:
    assert records_named_soql(object_name="Account", name="O'Brien & Co") == (
        "SELECT Id, Name FROM Account WHERE Name = 'O\\'Brien & Co' ORDER BY Name LIMIT 10"
    )
    assert records_named_soql(
        object_name="Case", name="50%_off", fields=["Id", "Status"], name_field="CaseNumber",
        partial=True, limit=3,
    ) == (
        "SELECT Id, Status, CaseNumber FROM Case WHERE CaseNumber LIKE '%50\\%\\_off%' "
        "ORDER BY CaseNumber LIMIT 3"
    )  # fmt: skip
    with pytest.raises(ValueError):
        records_named_soql(object_name="Account WHERE", name="x")
    assert soql_literal("a'b\\c\n") == "'a\\'b\\\\c\\n'"


def test_sosl_escapes_reserved_characters_and_operators() -> None:
    assert sosl_escape("Smith & Jones (UK) and co-op") == ('Smith \\& Jones \\(UK\\) "and" co\\-op')
    query = records_named_sosl(text="acme  corp", returning={"Account": ["Id", "Name"]})
    assert query == "FIND {acme corp} IN NAME FIELDS RETURNING Account(Id, Name LIMIT 5)"
    typeahead = records_named_sosl(
        text="lov", returning={"Contact": ["Id", "Name"], "Lead": ["Id"]}, prefix=True, limit=3
    )
    assert typeahead == (
        "FIND {lov*} IN NAME FIELDS RETURNING Contact(Id, Name LIMIT 3), Lead(Id LIMIT 3)"
    )
    with pytest.raises(ValueProblem, match="too short"):
        records_named_sosl(text="*?", returning={"Account": ["Id"]})
    with pytest.raises(ValueError):
        records_named_sosl(text="acme", returning={"Account": ["Id)"]})


def test_name_fields_from_describes(shared_dir: Path) -> None:
    def describe(name: str) -> dict[str, object]:
        return json.loads((shared_dir / "salesforce/describe" / f"{name}.json").read_text())

    assert name_field(describe("Account")) == "Name"
    assert name_field(describe("Case")) == "CaseNumber"


@given(st.text(min_size=0, max_size=60), st.booleans())
def test_soql_literals_always_round_trip(name: str, partial: bool) -> None:
    query = records_named_soql(object_name="Account", name=name, partial=partial)
    literal, end = read_soql_literal(query, query.index("'"))
    assert query[end:] == " ORDER BY Name LIMIT 10"
    assert literal == (f"%{name}%" if partial else name)


@given(
    st.text(min_size=0, max_size=60) | st.text(alphabet="ab ?&|!{}[]()^~*:\\\"'+-"), st.booleans()
)
def test_sosl_terms_always_escaped(text: str, prefix: bool) -> None:
    try:
        query = records_named_sosl(text=text, returning={"Account": ["Id"]}, prefix=prefix)
    except ValueProblem:
        assert sum(ch.isalnum() for ch in text) < 2
        return
    words, wildcard, rest = read_sosl_term(query)
    assert rest == " IN NAME FIELDS RETURNING Account(Id LIMIT 5)"
    assert words == " ".join(text.split())[:200].split()
    assert not wildcard or prefix
