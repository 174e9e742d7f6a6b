"""Every error in a Salesforce error body, whatever its shape, as plain dicts.

Shapes (REST API "Status Codes and Error Responses", "Composite", "sObject Collections"): a list
of `{message, errorCode, fields}`; SaveResults `{success, errors: [{statusCode, …}]}`;
`{"compositeResponse": [{httpStatusCode, body}]}`; `{"graphs": [{graphResponse}]}`. Anything
else (HTML from a proxy, a list of URLs for a 300) yields no errors rather than an exception.
"""

from __future__ import annotations

from typing import Any, cast


def as_content(errors: list[dict[str, Any]]) -> bytes:
    """REST-shaped `errors` as the ``content`` of a simple-salesforce exception we raise ourselves.

    simple-salesforce annotates ``SalesforceError.content`` as bytes, yet its own
    ``exception_handler`` stores the parsed JSON body there (a list of error dicts for REST
    errors); ours carry that same shape so one reader (`flatten_errors`) serves both.
    """
    return cast(bytes, errors)


def as_list(value: Any) -> list[Any]:
    """`value` if it is a list, else an empty one (bodies are untrusted)."""
    return value if isinstance(value, list) else []


def flatten_errors(body: Any) -> list[dict[str, Any]]:
    """Every error in any body shape Salesforce returns, as `{code, message, fields, dup}`."""
    if isinstance(body, list):
        return [item for entry in body for item in flatten_errors(entry)]
    if not isinstance(body, dict):
        return []
    if isinstance(body.get("errors"), list) and "success" in body:  # a collections SaveResult
        return flatten_errors(body["errors"])
    if isinstance(body.get("graphs"), list):
        return flatten_errors(
            [g.get("graphResponse") for g in body["graphs"] if isinstance(g, dict)]
        )
    if isinstance(body.get("compositeResponse"), list):
        subs = [s for s in body["compositeResponse"] if isinstance(s, dict)]
        failed = [s for s in subs if not isinstance(s.get("httpStatusCode"), int)
                  or s["httpStatusCode"] >= 300]  # fmt: skip
        return flatten_errors([s.get("body") for s in failed])
    code = body.get("errorCode") or body.get("statusCode")
    if not code:
        return []
    fields = body.get("fields")
    dup = body.get("duplicateResut")
    return [{
        "code": str(code),
        "message": str(body.get("message") or ""),
        "fields": tuple(str(f) for f in fields) if isinstance(fields, list) else (),
        "dup": dup if isinstance(dup, dict) else None,
    }]  # fmt: skip
