"""The WSGI application: routes OAuth, REST, control endpoints and pages; applies faults,
API usage counting (``Sforce-Limit-Info``), size and content-type checks, and the request log.

It never lets an exception escape: anything unexpected becomes Salesforce's 500
``UNKNOWN_EXCEPTION`` body and is logged.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from typing import Any

from werkzeug.wrappers import Request, Response

from devkit.salesforce.api import control, oauth, openid, pages, routes, soap
from devkit.salesforce.api.rest import Call, Reply, check_version, dispatch, to_json
from devkit.salesforce.errors import ApiError, invalid_session, request_limit
from devkit.salesforce.state import ServerState

logger = logging.getLogger(__name__)
MAX_BODY = 50 * 1024 * 1024
_VERSIONS = [f"{v}.0" for v in range(50, 63)]
_WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}
_FAULT_BODIES = {
    500: [
        {
            "errorCode": "UNKNOWN_EXCEPTION",
            "message": "An unexpected error occurred. Please include this ErrorId if you contact "
            "support: 1234567890-12345 (-1234567890)",
        }
    ],
    503: [
        {
            "errorCode": "SERVER_UNAVAILABLE",
            "message": "Server temporarily unavailable. Please try again later.",
        }
    ],
}
del routes  # imported for its route registrations


def _json(body: Any, status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(
        to_json(body),
        status=status,
        headers=headers or {},
        content_type="application/json;charset=UTF-8",
    )


class EmulatorApp:
    """WSGI callable serving one org."""

    def __init__(self, state: ServerState) -> None:
        self.state = state

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        started = time.perf_counter()
        user: list[str | None] = [None]
        try:
            response = self.handle(request, user)
        except Exception:  # the server must answer, whatever happened
            logger.exception(
                "devkit salesforce: unexpected error on %s %s", request.method, request.path
            )
            response = _json(_FAULT_BODIES[500], 500)
        if not request.path.startswith("/__devkit/"):
            self.state.record(
                {
                    "method": request.method,
                    "path": request.path,
                    "query": request.query_string.decode("latin-1"),
                    "status": response.status_code,
                    "user": user[0],
                    "ms": round((time.perf_counter() - started) * 1000, 2),
                }
            )
        if getattr(response, "drop_connection", False):
            _drop(environ)
        return response(environ, start_response)

    def handle(self, request: Request, user: list[str | None]) -> Response:
        path = request.path
        state = self.state
        if path.startswith("/__devkit/"):
            return control.handle(state, request)
        if state.faults.latency_ms:
            time.sleep(state.faults.latency_ms / 1000)
        if request.content_length and request.content_length > MAX_BODY:
            return _json(
                [
                    {
                        "message": f"Request body exceeds the limit of {MAX_BODY} bytes",
                        "errorCode": "REQUEST_ENTITY_TOO_LARGE",
                    }
                ],
                413,
                {"Connection": "close"},
            )
        if path.startswith("/services/oauth2/"):
            return self._oauth(request, path[len("/services/oauth2/") :].strip("/"))
        if path.rstrip("/") == "/id/keys":
            return _json(openid.jwks(state), 200)
        if path == "/.well-known/openid-configuration":
            return _json(openid.configuration(state), 200)
        if path.startswith("/id/"):
            parts = path.strip("/").split("/")
            if len(parts) == 3:
                return oauth.identity(state, request, parts[1], parts[2])
        if path.startswith("/lightning/r/"):
            return self._record_page(path)
        if path.rstrip("/") == "/services/data":
            return _json(
                [
                    {"label": f"v{v}", "url": f"/services/data/v{v}", "version": v}
                    for v in _VERSIONS
                ],
                200,
            )
        if path.startswith("/services/data/"):
            return self._api(request, path, user)
        if path.startswith("/services/Soap/u/") and request.method == "POST":
            return soap.handle(state, request)
        return _json(
            [{"errorCode": "NOT_FOUND", "message": "The requested resource does not exist"}], 404
        )

    def _oauth(self, request: Request, endpoint: str) -> Response:
        handlers = {
            "authorize": oauth.authorize,
            "token": oauth.token,
            "revoke": oauth.revoke,
            "userinfo": oauth.userinfo,
        }
        handler = handlers.get(endpoint)
        if handler is None:
            return _json({"error": "not_found", "error_description": "unknown endpoint"}, 404)
        with self.state.org.lock:
            return handler(self.state, request)

    def _record_page(self, path: str) -> Response:
        parts = path.strip("/").split("/")
        if len(parts) < 4:
            return pages.record_view("", None, {})
        sobject, rid = parts[2], parts[3]
        org = self.state.org
        with org.lock:
            from devkit.salesforce.ids import to18

            full = to18(rid)
            record = org.store.get(full) if full else None
            obj = org.definition.object(sobject)
            labels = {f["name"]: f["label"] for f in obj.fields} if obj else {}
            return pages.record_view(obj.name if obj else sobject, record, labels)

    def _api(self, request: Request, path: str, user: list[str | None]) -> Response:
        state = self.state
        version_segment, _, rest = path[len("/services/data/") :].partition("/")
        try:
            version = check_version(version_segment)
            token = oauth.bearer(request)
            grant = state.tokens.check(token or "")
            ctx = state.org.user(grant.user_id) if grant else None
            if ctx is None or not ctx.record.get("IsActive", True):
                raise invalid_session()
            user[0] = ctx.username
            if not state.count_api_call():
                raise request_limit()
            if state.should_fail():
                status = int(state.faults.error_status or 503)
                return self._with_usage(
                    _json(_FAULT_BODIES.get(status, _FAULT_BODIES[500]), status)
                )
            raw = request.get_data(cache=False) if request.method in _WRITE_METHODS else b""
            ctype = (request.mimetype or "").lower()
            if raw.strip() and ctype and "json" not in ctype:
                raise ApiError.one(
                    415,
                    "UNSUPPORTED_MEDIA_TYPE",
                    "Content-Type header specified in HTTP request is not "
                    f"supported: {request.mimetype}",
                )
            call = Call(
                state=state,
                user=ctx,
                method=request.method,
                path=rest.strip("/"),
                version=version,
                query={k: request.args.getlist(k) for k in request.args},
                headers={k.lower(): v for k, v in request.headers.items()},
                raw=raw,
            )
            with state.org.lock:
                reply = dispatch(call)
        except ApiError as err:
            reply = Reply(err.status, err.errors)
        response = self._reply(reply, request.method)
        if request.method in _WRITE_METHODS and reply.status < 300 and state.take_drop():
            response.drop_connection = True  # type: ignore[attr-defined]
        return response

    def _reply(self, reply: Reply, method: str) -> Response:
        if reply.raw is not None:
            response = Response(
                reply.raw,
                status=reply.status,
                headers=reply.headers,
                content_type=reply.content_type,
            )
        elif reply.body is None or reply.status in {204, 304} or method == "HEAD":
            response = Response(b"", status=reply.status, headers=reply.headers)
            response.headers.pop("Content-Type", None)
        else:
            response = _json(reply.body, reply.status, reply.headers)
        return self._with_usage(response)

    def _with_usage(self, response: Response) -> Response:
        response.headers["Sforce-Limit-Info"] = (
            f"api-usage={self.state.api_used}/{self.state.api_max}"
        )
        return response


def _drop(environ: dict[str, Any]) -> None:
    """Close the client connection without an answer (the write has committed)."""
    sock = environ.get("werkzeug.socket")
    if sock is None:
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def dumps(body: Any) -> str:
    return json.dumps(body)
