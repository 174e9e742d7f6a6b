"""Query errors in Salesforce's shape.

Salesforce reports SOQL errors as ``{"errorCode": ..., "message": ...}``; the message repeats
the offending query line, a caret under the bad token, ``ERROR at Row:R:Column:C`` and the
explanation (see ../shared/salesforce/composite/composite_query_invalid_type_400.cumulusci.json).
"""

from __future__ import annotations

MALFORMED_QUERY = "MALFORMED_QUERY"
MALFORMED_SEARCH = "MALFORMED_SEARCH"
INVALID_FIELD = "INVALID_FIELD"
INVALID_TYPE = "INVALID_TYPE"
INVALID_QUERY_FILTER_OPERATOR = "INVALID_QUERY_FILTER_OPERATOR"
NUMBER_OUTSIDE_VALID_RANGE = "NUMBER_OUTSIDE_VALID_RANGE"

UNSUPPORTED_NOTE = "not supported by the devkit Salesforce emulator"


class QueryError(Exception):
    """A SOQL or SOSL statement Salesforce would reject (HTTP 400).

    Attributes:
        error_code: Salesforce's errorCode, e.g. ``MALFORMED_QUERY`` or ``INVALID_FIELD``.
        message: The message text exactly as it goes into the error body.
    """

    def __init__(self, error_code: str, message: str) -> None:
        super().__init__(f"{error_code}: {message}")
        self.error_code = error_code
        self.message = message

    def as_body(self) -> list[dict[str, str]]:
        """The REST error body Salesforce sends with this error."""
        return [{"message": self.message, "errorCode": self.error_code}]


def located(error_code: str, text: str, query: str, pos: int) -> QueryError:
    """An error whose message points at character ``pos`` of ``query`` with a caret."""
    pos = max(0, min(pos, len(query)))
    line_start = query.rfind("\n", 0, pos) + 1
    line_end = query.find("\n", pos)
    if line_end == -1:
        line_end = len(query)
    row = query.count("\n", 0, pos) + 1
    column = pos - line_start + 1
    line = query[line_start:line_end]
    caret = " " * (column - 1) + "^"
    message = f"\n{line}\n{caret}\nERROR at Row:{row}:Column:{column}\n{text}"
    return QueryError(error_code, message)


def unexpected(
    query: str, pos: int, token_text: str, error_code: str = MALFORMED_QUERY
) -> QueryError:
    """The generic syntax error Salesforce gives for a token it cannot parse."""
    return located(error_code, f"unexpected token: '{token_text}'", query, pos)


def unsupported(query: str, pos: int, what: str, error_code: str = MALFORMED_QUERY) -> QueryError:
    """A valid Salesforce construct this emulator does not implement: refused, never ignored."""
    return located(error_code, f"{what} is {UNSUPPORTED_NOTE}", query, pos)
