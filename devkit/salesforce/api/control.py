"""Control endpoints under ``/__devkit/`` (a path Salesforce never uses).

``POST /__devkit/faults`` (JSON: latency_ms, error_rate, error_status, drop_after_commit,
request_limit; ``GET`` shows them), ``POST /__devkit/expire-tokens``, ``POST /__devkit/reset``,
``GET /__devkit/requests`` (the API request log; ``DELETE`` clears it) and
``POST /__devkit/token`` (``{"username"}`` → a token, for scripts and the playground).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from werkzeug.wrappers import Request, Response

from devkit.salesforce.api.oauth import token_body
from devkit.salesforce.state import Faults, ServerState


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _body(request: Request) -> dict[str, Any]:
    data = request.get_data(cache=False)
    if not data.strip():
        return {}
    value = json.loads(data)
    if not isinstance(value, dict):
        raise ValueError("the body must be a JSON object")
    return value


def handle(state: ServerState, request: Request) -> Response:
    name = request.path[len("/__devkit/") :].strip("/")
    try:
        if name == "faults" and request.method == "POST":
            faults = Faults(**asdict(state.faults))
            faults.update(_body(request))
            state.faults = faults
            return _json(asdict(state.faults))
        if name == "faults" and request.method == "GET":
            return _json(asdict(state.faults))
        if name == "expire-tokens" and request.method == "POST":
            state.tokens.expire_all()
            return _json({"expired": True})
        if name == "reset" and request.method == "POST":
            reset_state(state)
            return _json({"reset": True})
        if name == "requests" and request.method == "GET":
            with state.lock:
                return _json(list(state.log))
        if name == "requests" and request.method == "DELETE":
            with state.lock:
                state.log.clear()
            return _json({"cleared": True})
        if name == "token" and request.method == "POST":
            username = _body(request).get("username", "")
            user = state.org.user_by_username(username)
            if user is None:
                return _json({"error": f"no such user: {username}"}, 404)
            access, _ = state.tokens.issue(user_id=user.id, client_id="devkit", scope="api id web")
            return _json(token_body(state, user.id, access, "api id web", None))
    except (ValueError, TypeError) as exc:
        return _json({"error": str(exc)}, 400)
    return _json({"error": f"unknown control endpoint {request.method} {request.path}"}, 404)


def reset_state(state: ServerState) -> None:
    """Back to the seeded org: records, grants, faults, usage counter and log."""
    state.org.reset()
    state.tokens.org_id = state.org.definition.org_id
    state.tokens.clear()
    with state.lock:
        state.faults = Faults()
        state.api_used = 0
        state.log.clear()
