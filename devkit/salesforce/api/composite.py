"""``composite/`` (with ``@{ref.path}`` references and allOrNone) and ``composite/graph``.

Sub-requests run through the same handlers as top-level calls. The envelope is always HTTP 200
(README §3.4): ``{"compositeResponse": [{"body", "httpHeaders", "httpStatusCode",
"referenceId"}]}``; with allOrNone a failure rolls everything back and every other sub-request
becomes ``PROCESSING_HALTED``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from devkit.salesforce.api.rest import Call, Reply, check_version, dispatch, route, split_url
from devkit.salesforce.errors import ApiError

MAX_SUBREQUESTS = 25
_REF = re.compile(r"@\{([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])+)\}")
_STEP = re.compile(r"\.([A-Za-z0-9_]+)|\[(\d+)\]")
ROLLED_BACK = [
    {
        "errorCode": "PROCESSING_HALTED",
        "message": "The transaction was rolled back since another operation in the same "
        "transaction failed.",
    }
]


class _Unresolved(Exception):
    def __init__(self, expression: str, ref: str) -> None:
        super().__init__(expression)
        self.expression, self.ref = expression, ref


def _lookup(results: dict[str, Any], ref: str, path: str) -> Any:
    if ref not in results:
        raise _Unresolved(ref + path, ref)
    value = results[ref]
    for name, index in _STEP.findall(path):
        try:
            value = value[int(index)] if index else value[name]
        except (KeyError, IndexError, TypeError):
            raise _Unresolved(ref + path, ref) from None
    return value


def _resolve(value: Any, results: dict[str, Any]) -> Any:
    if isinstance(value, str):
        whole = _REF.fullmatch(value)
        if whole:
            return _lookup(results, whole.group(1), whole.group(2))
        return _REF.sub(lambda m: str(_lookup(results, m.group(1), m.group(2))), value)
    if isinstance(value, dict):
        return {k: _resolve(v, results) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, results) for v in value]
    return value


def _entry(reply: Reply, ref: str) -> dict[str, Any]:
    headers = {"Location": reply.headers["Location"]} if "Location" in reply.headers else {}
    return {
        "body": reply.body,
        "httpHeaders": headers,
        "httpStatusCode": reply.status,
        "referenceId": ref,
    }


def _sub_call(call: Call, sub: dict[str, Any], results: dict[str, Any]) -> Reply:
    try:
        url = _resolve(sub.get("url", ""), results)
        body = _resolve(sub.get("body"), results) if "body" in sub else None
    except _Unresolved as missing:
        return Reply(
            400,
            [
                {
                    "errorCode": "PROCESSING_HALTED",
                    "message": (
                        f"Invalid reference specified. No value for {missing.expression} found in "
                        f"{missing.ref}. Provided referenceId ({missing.ref}) must refer to a "
                        "successful previous subrequest."
                    ),
                }
            ],
        )
    parts = split_url(url) if isinstance(url, str) else None
    if parts is None:
        return Reply(
            400,
            [
                {
                    "errorCode": "INVALID_URL",
                    "message": f"The URL {url} is not a valid REST API URL.",
                }
            ],
        )
    try:
        version = check_version(parts[0])
    except ApiError as err:
        return Reply(err.status, err.errors)
    headers = dict(call.headers)
    headers.update({k.lower(): v for k, v in (sub.get("httpHeaders") or {}).items()})
    sub_call = Call(
        state=call.state,
        user=call.user,
        method=str(sub.get("method", "GET")).upper(),
        path=parts[1].strip("/"),
        version=version,
        query=parts[2],
        headers=headers,
        raw=json.dumps(body).encode() if body is not None else b"",
        parsed=body,
        has_parsed=body is not None,
    )
    return dispatch(sub_call)


def _partial_failure(body: Any) -> bool:
    """An sObject Collections result with a failed record counts as a failure."""
    return isinstance(body, list) and any(
        isinstance(r, dict) and r.get("success") is False for r in body
    )


def run_requests(
    call: Call, subs: list[dict[str, Any]], *, all_or_none: bool
) -> tuple[list[dict[str, Any]], bool]:
    """Run sub-requests in order; returns (compositeResponse entries, every one succeeded)."""
    results: dict[str, Any] = {}
    entries: list[dict[str, Any]] = []
    store = call.org.store
    mark = store.begin()
    failed = False
    for sub in subs:
        ref = str(sub.get("referenceId", ""))
        reply = _sub_call(call, sub, results)
        entries.append(_entry(reply, ref))
        if reply.status < 400 and not _partial_failure(reply.body):
            results[ref] = reply.body
        elif all_or_none:
            failed = True
            break
        else:
            failed = True
    if all_or_none and failed:
        store.rollback(mark)
        done = len(entries)
        for i, entry in enumerate(entries[:-1]):
            entries[i] = {**entry, "body": ROLLED_BACK, "httpHeaders": {}, "httpStatusCode": 400}
        for sub in subs[done:]:
            entries.append(
                {
                    "body": ROLLED_BACK,
                    "httpHeaders": {},
                    "httpStatusCode": 400,
                    "referenceId": str(sub.get("referenceId", "")),
                }
            )
    else:
        store.commit(mark)
    return entries, not failed


def _bad(message: str) -> ApiError:
    return ApiError.one(400, "JSON_PARSER_ERROR", message)


def _composite(call: Call) -> Reply:
    body = call.json()
    subs = body.get("compositeRequest") if isinstance(body, dict) else None
    if not isinstance(subs, list) or not subs:
        raise _bad("The compositeRequest field is required and must be a non-empty array.")
    if len(subs) > MAX_SUBREQUESTS:
        raise ApiError.one(
            400,
            "LIMIT_EXCEEDED",
            f"The number of subrequests exceeds the limit of {MAX_SUBREQUESTS}.",
        )
    refs = [s.get("referenceId") if isinstance(s, dict) else None for s in subs]
    if any(not isinstance(r, str) or not r for r in refs) or len(set(refs)) != len(refs):
        raise _bad("Each subrequest needs a unique, non-empty referenceId.")
    entries, _ = run_requests(call, subs, all_or_none=bool(body.get("allOrNone")))
    return Reply(200, {"compositeResponse": entries})


def _graph(call: Call) -> Reply:
    body = call.json()
    graphs = body.get("graphs") if isinstance(body, dict) else None
    if not isinstance(graphs, list) or not graphs:
        raise _bad("The graphs field is required and must be a non-empty array.")
    out = []
    for graph in graphs:
        subs = graph.get("compositeRequest") if isinstance(graph, dict) else None
        if not isinstance(subs, list) or not subs:
            raise _bad("Each graph needs a non-empty compositeRequest array.")
        entries, ok = run_requests(call, subs, all_or_none=True)
        out.append(
            {
                "graphId": str(graph.get("graphId", "")),
                "graphResponse": {"compositeResponse": entries},
                "isSuccessful": ok,
            }
        )
    return Reply(200, {"graphs": out})


route(r"composite", POST=_composite)
route(r"composite/graph", POST=_graph)
