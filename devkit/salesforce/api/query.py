"""``query/``, ``queryAll/``, ``search/`` and ``parameterizedSearch/`` over the query engine.

The engine (``devkit.salesforce.query``) owns the languages; this module owns what the user may
see (the :class:`OrgSource`), the envelopes and pagination: batches of 2000 by default or
``Sforce-Query-Options: batchSize=N`` (200–2000), ``nextRecordsUrl`` with a locator
``01g…-<offset>`` served by ``query/<locator>``.
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Any

from devkit.salesforce.api.describe import visible_fields
from devkit.salesforce.api.rest import Call, Reply, route
from devkit.salesforce.errors import ApiError
from devkit.salesforce.org.access import UserContext
from devkit.salesforce.query import QueryError, execute_soql, execute_sosl

DEFAULT_BATCH = 2000
LOCATOR_TTL = 15 * 60
_BATCH_RE = re.compile(r"batchSize\s*=\s*(\d+)", re.I)
_DOCUMENT_TYPES = ("ContentDocument", "ContentNote")


class OrgSource:
    """The org as one user sees it, in the shape the query engine asks for."""

    def __init__(self, org: Any, user: UserContext) -> None:
        self.org = org
        self.user = user
        self._describes: dict[str, dict[str, Any] | None] = {}

    def describe(self, sobject_name: str) -> dict[str, Any] | None:
        key = sobject_name.lower()
        if key not in self._describes:
            obj = self.org.definition.object(sobject_name)
            if obj is None or not self.org.access.can(self.user, obj.name, "R"):
                self._describes[key] = None
            else:
                described = dict(obj.base)
                described["fields"] = visible_fields(self.org, self.user, obj)
                self._describes[key] = described
        return self._describes[key]

    def records(self, sobject_name: str, *, include_deleted: bool) -> Any:
        obj = self.org.definition.object(sobject_name)
        if obj is None:
            return
        types = _DOCUMENT_TYPES if obj.name in _DOCUMENT_TYPES else (obj.name,)
        for sobject in types:
            for rec in self.org.store.of_type(sobject):
                if rec.get("IsDeleted") and not include_deleted:
                    continue
                if self.org.access.can_read(self.user, rec["Id"]):
                    yield rec

    def get(self, record_id: str) -> dict[str, Any] | None:
        rec = self.org.store.get(record_id)
        if rec is None or not self.org.access.can_read(self.user, record_id):
            return None
        return rec

    def sobject_for_id(self, record_id: str) -> str | None:
        return self.org.store.type_of(record_id)


def _batch_size(call: Call) -> int:
    m = _BATCH_RE.search(call.header("Sforce-Query-Options") or "")
    if not m:
        return DEFAULT_BATCH
    return min(max(int(m.group(1)), 200), DEFAULT_BATCH)


def _page(
    call: Call,
    resource: str,
    records: list[dict[str, Any]],
    total: int,
    offset: int,
    batch: int,
    locator: str | None = None,
) -> Reply:
    chunk = records[offset : offset + batch]
    body: dict[str, Any] = {"totalSize": total, "done": offset + batch >= len(records)}
    if not body["done"]:
        locators = call.state.__dict__.setdefault("query_locators", {})
        now = time.time()
        for key in [k for k, v in locators.items() if v["expires"] < now]:
            del locators[key]
        if locator is None:
            locator = "01g" + secrets.token_hex(8).upper()[:15]
            locators[locator] = {
                "records": records,
                "total": total,
                "batch": batch,
                "user": call.user.id,
                "expires": now + LOCATOR_TTL,
            }
        body["nextRecordsUrl"] = call.api(f"{resource}/{locator}-{offset + batch}")
    body["records"] = chunk
    return Reply(200, body)


def _run(call: Call, resource: str, include_deleted: bool) -> Reply:
    soql = call.arg("q")
    if soql is None or not soql.strip():
        raise ApiError.one(400, "MALFORMED_QUERY", "A query string (q) is required.")
    try:
        result = execute_soql(
            OrgSource(call.org, call.user),
            soql,
            include_deleted=include_deleted,
            api_version=call.version,
        )
    except QueryError as err:
        raise ApiError(400, err.as_body()) from None
    if result.is_count:
        return Reply(200, {"totalSize": result.total_size, "done": True, "records": []})
    return _page(call, resource, result.records, result.total_size, 0, _batch_size(call))


def _more(call: Call, resource: str, locator_offset: str) -> Reply:
    locator, _, offset = locator_offset.partition("-")
    saved = getattr(call.state, "query_locators", {}).get(locator)
    if saved is None or saved["user"] != call.user.id or not offset.isdigit():
        raise ApiError.one(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
    return _page(
        call, resource, saved["records"], saved["total"], int(offset), saved["batch"], locator
    )


def _search(call: Call) -> Reply:
    sosl = call.arg("q")
    if not sosl or not sosl.strip():
        raise ApiError.one(
            400,
            "MALFORMED_SEARCH",
            "No search term found. The search term must be enclosed in braces.",
        )
    return _searched(call, sosl)


def _searched(call: Call, search: str | dict[str, Any]) -> Reply:
    try:
        found = execute_sosl(OrgSource(call.org, call.user), search, api_version=call.version)
    except QueryError as err:
        raise ApiError(400, err.as_body()) from None
    return Reply(200, {"searchRecords": found})


def _parameterized_get(call: Call) -> Reply:
    params = {k: v[0] if len(v) == 1 else v for k, v in call.query.items()}
    return _searched(call, params)


def _parameterized_post(call: Call) -> Reply:
    body = call.json()
    if not isinstance(body, dict):
        raise ApiError.one(400, "JSON_PARSER_ERROR", "The request body must be a JSON object.")
    return _searched(call, body)


route(r"query", GET=lambda call: _run(call, "query", False))
route(r"query/(01g[^/]+)", GET=lambda call, loc: _more(call, "query", loc))
route(r"queryAll", GET=lambda call: _run(call, "queryAll", True))
route(r"queryAll/(01g[^/]+)", GET=lambda call, loc: _more(call, "queryAll", loc))
route(r"search", GET=_search)
route(r"parameterizedSearch", GET=_parameterized_get, POST=_parameterized_post)
