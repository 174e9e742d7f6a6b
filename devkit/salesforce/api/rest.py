"""The REST request/response pair handlers work on, and the route table under /services/data.

Handlers take a :class:`Call` and return a :class:`Reply` (or raise ``ApiError``), so composite
sub-requests run through exactly the same code as top-level requests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from devkit.salesforce.errors import ApiError, json_parser_error, not_found
from devkit.salesforce.org.access import UserContext

MIN_VERSION = 50.0
VERSION_RE = re.compile(r"^v(\d{2,3}\.\d)$")


@dataclass
class Call:
    """One REST call as the handlers see it (path relative to /services/data/vXX.X/)."""

    state: Any
    user: UserContext
    method: str
    path: str
    version: str
    query: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes = b""
    parsed: Any = None
    has_parsed: bool = False

    @property
    def org(self) -> Any:
        return self.state.org

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The JSON body, or JSON_PARSER_ERROR shaped like Salesforce's."""
        if self.has_parsed:
            return self.parsed
        text = self.text
        if not text.strip():
            raise json_parser_error("No content to map due to end-of-input at [line:1, column:0]")
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            ch = text[exc.pos] if exc.pos < len(text) else ""
            raise json_parser_error(
                f"Unexpected character ('{ch}' (code {ord(ch) if ch else 0})): {exc.msg} "
                f"at [line:{exc.lineno}, column:{exc.colno}]"
            ) from None
        self.parsed, self.has_parsed = value, True
        return value

    def api(self, path: str) -> str:
        """An absolute API path for this version: ``/services/data/v59.0/<path>``."""
        return f"/services/data/v{self.version}/{path}"


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    content_type: str = "application/json;charset=UTF-8"


Handler = Callable[..., Reply]
_ROUTES: list[tuple[re.Pattern[str], dict[str, Handler]]] = []


def route(pattern: str, **methods: Handler) -> None:
    """Register handlers per HTTP method for a path pattern (relative to the version root)."""
    _ROUTES.append((re.compile("^" + pattern + "/?$"), methods))
    # Literal segments win over placeholders (describe/layouts before a record's blob field),
    # whatever order the modules were imported in.
    _ROUTES.sort(
        key=lambda r: (
            -sum(
                1
                for seg in r[0].pattern.replace("([^/]+)", "*").split("/")
                if "(" not in seg and "*" not in seg
            )
        )
    )


def dispatch(call: Call) -> Reply:
    """Run the handler for a call; ApiError becomes the Salesforce error reply."""
    try:
        for pattern, methods in _ROUTES:
            m = pattern.match(call.path)
            if not m:
                continue
            method = "GET" if call.method == "HEAD" else call.method
            handler = methods.get(method)
            if handler is None:
                allowed = ",".join(sorted(methods))
                raise ApiError.one(
                    405,
                    "METHOD_NOT_ALLOWED",
                    f"HTTP Method '{call.method}' not allowed. Allowed are {allowed}",
                )
            return handler(call, *m.groups())
        raise not_found()
    except ApiError as err:
        return Reply(err.status, err.errors)


def split_url(url: str) -> tuple[str, str, dict[str, list[str]]] | None:
    """(version, relative path, query) of a ``/services/data/vXX.X/...`` URL, else None."""
    path, _, query = url.partition("?")
    m = re.match(r"^/services/data/(v[^/]+)/?(.*)$", path)
    if not m:
        return None
    return m.group(1), m.group(2), parse_qs(query, keep_blank_values=True)


def check_version(segment: str) -> str:
    """``v59.0`` → ``59.0``; unknown versions are NOT_FOUND as in Salesforce."""
    m = VERSION_RE.match(segment)
    if not m or float(m.group(1)) < MIN_VERSION or float(m.group(1)) > 99.0:
        raise not_found()
    return m.group(1)


def to_json(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode("utf-8")
