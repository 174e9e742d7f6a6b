"""Raw REST calls for admins (`/sf api GET /limits`), confined to the org's REST API.

Follows the REST API developer guide's resource layout: everything an admin may call lives
under ``/services/data/vXX.X/``. A path typed without that prefix is taken relative to it
(``/limits`` → ``/services/data/v62.0/limits``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

READ_METHODS = frozenset({"GET"})
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
_VERSIONED = re.compile(r"^/services/data/v(?P<version>\d{2,3}\.\d)(?P<rest>/.*)?$")
# Path segments are resource names, API names, ids and versions: nothing that could leave the API.
_SEGMENT = re.compile(r"^[A-Za-z0-9_.\-]+$")
MAX_PATH = 2000


class RawRequestProblem(ValueError):
    """The typed request can't be sent; ``reason`` names the rule for the Slack message.

    Reasons: ``usage``, ``method``, ``write_disabled``, ``outside``, ``bad_path``, ``body``,
    ``body_json``.
    """

    def __init__(self, reason: str, *, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class RawRequest:
    """A checked request: method, path under ``/services/data/vXX.X/``, query and JSON body."""

    method: str
    path: str
    params: tuple[tuple[str, str], ...] = ()
    body: Any = None

    @property
    def shown(self) -> str:
        """The request line as the reply shows it."""
        query = "&".join(f"{k}={v}" for k, v in self.params)
        return f"{self.method} {self.path}" + (f"?{query}" if query else "")

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS


@dataclass(frozen=True)
class RawResponse:
    """What Salesforce answered: status, and the body as parsed JSON or text."""

    status: int
    body: Any
    is_json: bool

    def pretty(self) -> str:
        """The body indented for reading (JSON), or as received."""
        if not self.is_json:
            return str(self.body)
        return json.dumps(self.body, indent=2, ensure_ascii=False)


def parse_request(
    text: str, *, api_version: str, allow_writes: bool = False, instance_host: str | None = None
) -> RawRequest:
    """Read ``METHOD path [JSON body]`` as typed after ``/sf api``.

    Args:
        text: e.g. ``GET /limits`` or ``GET /services/data/v60.0/query?q=SELECT Id FROM Account``.
        api_version: The version used when the path has none (settings.salesforce_api_version).
        allow_writes: Whether POST/PATCH/PUT/DELETE may be sent (SFBOT_ADMIN_RAW_WRITES).
        instance_host: The user's instance host; a pasted full URL must point there.

    Returns:
        The checked request.

    Raises:
        RawRequestProblem: What is wrong, for a specific message.
    """
    parts = text.strip().split(maxsplit=1)
    if len(parts) < 2:
        raise RawRequestProblem("usage")
    method = parts[0].upper()
    if method not in READ_METHODS | WRITE_METHODS:
        raise RawRequestProblem("method", detail=parts[0])
    if method in WRITE_METHODS and not allow_writes:
        raise RawRequestProblem("write_disabled", detail=method)
    target, body_text = _split_body(parts[1])
    if body_text and method not in WRITE_METHODS - {"DELETE"}:
        raise RawRequestProblem("body", detail=method)
    if "://" in target:
        parts_of = urlsplit(target)
        if parts_of.scheme != "https" or not instance_host or parts_of.netloc != instance_host:
            raise RawRequestProblem("outside", detail=target)
        target = parts_of.path + (f"?{parts_of.query}" if parts_of.query else "")
    path, params = _checked_path(target, api_version=api_version)
    body = None
    if body_text:
        try:
            body = json.loads(body_text)
        except ValueError as error:
            raise RawRequestProblem("body_json", detail=str(error)) from None
    return RawRequest(method=method, path=path, params=params, body=body)


def _split_body(rest: str) -> tuple[str, str]:
    """The path is the first word, unless the query string has spaces (a SOQL query)."""
    brace = rest.find("{")
    bracket = rest.find("[")
    starts = [i for i in (brace, bracket) if i > 0 and rest[i - 1].isspace()]
    if starts:
        cut = min(starts)
        return rest[:cut].strip(), rest[cut:].strip()
    return rest.strip(), ""


def _checked_path(target: str, *, api_version: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    if len(target) > MAX_PATH:
        raise RawRequestProblem("bad_path", detail="too long")
    if "://" in target or target.startswith("//"):
        raise RawRequestProblem("outside", detail=target)
    path_text, _, query = target.partition("?")
    if not path_text.startswith("/"):
        path_text = "/" + path_text
    match = _VERSIONED.match(path_text)
    if match is None:
        if path_text.startswith("/services/"):
            raise RawRequestProblem("outside", detail=path_text)
        path_text = f"/services/data/v{api_version}{path_text}"
        match = _VERSIONED.match(path_text)
        assert match is not None
    for segment in (match["rest"] or "/").strip("/").split("/"):
        if segment and (segment in {".", ".."} or not _SEGMENT.match(segment)):
            raise RawRequestProblem("bad_path", detail=segment)
    # urlsplit only to drop a stray fragment; the query keeps its spaces (requests encodes them).
    params = tuple(parse_qsl(urlsplit("?" + query).query, keep_blank_values=True))
    return path_text.rstrip("/") or path_text, params


def send(sf: Any, request: RawRequest, *, timeout: float = 20.0) -> RawResponse:
    """Send the request with the user's own client (its session refreshes the token once).

    Args:
        sf: The per-user `bot.salesforce.client.SalesforceSession`.
        request: From `parse_request`.
        timeout: Seconds to wait for Salesforce.

    Returns:
        Salesforce's answer, whatever its status (an error body is an answer too).
    """
    url = f"https://{sf.sf_instance}{request.path}"
    kwargs: dict[str, Any] = {"headers": sf.headers, "timeout": timeout}
    if request.params:
        kwargs["params"] = list(request.params)
    if request.body is not None:
        kwargs["data"] = json.dumps(request.body)
    response = sf.session.request(request.method, url, **kwargs)
    if not response.content:
        return RawResponse(status=response.status_code, body="", is_json=False)
    try:
        return RawResponse(status=response.status_code, body=response.json(), is_json=True)
    except ValueError:
        return RawResponse(status=response.status_code, body=response.text, is_json=False)
