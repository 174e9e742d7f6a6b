"""The fake Web API: authentication, argument parsing, scopes, rate limits and recording.

Transport follows https://docs.slack.dev/apis/web-api/: POST (or GET) to ``/api/<method>`` with a
JSON or form body, the token in ``Authorization: Bearer`` or a ``token`` argument; every answer is
HTTP 200 JSON with ``ok`` except a rate limit (429 + ``Retry-After``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from .state import Call, SimState

# Arguments that arrive JSON-encoded inside form bodies.
JSON_ARGS = ("view", "blocks", "attachments", "unfurls", "metadata", "user_auth_blocks")

DEFAULT_SCOPES = frozenset(
    {
        "commands",
        "chat:write",
        "users:read",
        "users:read.email",
        "links:read",
        "links:write",
        "channels:read",
        "groups:read",
        "im:read",
        "im:write",
        "mpim:read",
    }
)


class ApiError(Exception):
    """An ``ok: false`` answer; ``extra`` adds keys such as ``response_metadata``."""

    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass
class Request:
    """One parsed Web API request handed to a method handler."""

    method: str
    args: dict[str, Any]
    token: str

    def require(self, *names: str) -> None:
        for name in names:
            if self.args.get(name) in (None, ""):
                raise ApiError(f"missing_{name}" if name != "channel" else "channel_not_found")

    def flag(self, name: str) -> bool:
        value = self.args.get(name)
        return value is True or str(value).lower() in ("1", "true")


@dataclass
class RateLimit:
    retry_after: int
    remaining: int | None  # None: until switched off


Handler = Callable[[Request], dict]


@dataclass
class WebApi:
    """Dispatches ``/api/<method>`` requests to handlers registered by the method modules."""

    state: SimState
    bot_token: str
    scopes: set[str] = field(default_factory=lambda: set(DEFAULT_SCOPES))
    handlers: dict[str, tuple[Handler, frozenset[str]]] = field(default_factory=dict)
    rate_limits: dict[str, RateLimit] = field(default_factory=dict)
    revoked: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def register(self, method: str, handler: Handler, *, any_scope: tuple[str, ...] = ()) -> None:
        """Add a method; ``any_scope`` lists scopes of which the token needs at least one."""
        self.handlers[method] = (handler, frozenset(any_scope))

    # -- entry point -----------------------------------------------------------------------
    def handle(
        self, method: str, *, body: bytes, content_type: str, query: str, auth: str | None
    ) -> tuple[int, dict[str, str], dict]:
        """Answer one HTTP request: ``(status, headers, json body)``."""
        headers = {"x-oauth-scopes": ",".join(sorted(self.scopes))}
        try:
            args = parse_args(body=body, content_type=content_type, query=query)
        except ValueError as exc:
            return self._finish(method, {}, None, 200, headers, _err("invalid_json", str(exc)))
        token = args.pop("token", None)
        if auth and auth.lower().startswith("bearer "):
            token = auth[7:].strip()
        limited = self._rate_limited(method)
        if limited is not None:
            headers["Retry-After"] = str(limited)
            return self._finish(method, args, token, 429, headers, _err("ratelimited"))
        return self._finish(method, args, token, 200, headers, self._dispatch(method, args, token))

    def _dispatch(self, method: str, args: dict, token: str | None) -> dict:
        if not token:
            return _err("not_authed")
        if token != self.bot_token or self.revoked:
            return _err("invalid_auth")
        entry = self.handlers.get(method)
        if entry is None:
            return _err("unknown_method")
        handler, needed = entry
        if needed and not needed & self.scopes:
            return {
                "ok": False,
                "error": "missing_scope",
                "needed": ",".join(sorted(needed)),
                "provided": ",".join(sorted(self.scopes)),
            }
        try:
            with self.state.lock:
                return {"ok": True, **handler(Request(method=method, args=args, token=token))}
        except ApiError as exc:
            return {"ok": False, "error": exc.error, **exc.extra}

    def _finish(self, method, args, token, status, headers, response):
        self.state.record_call(
            Call(
                method=method,
                args=args,
                response=response,
                status=status,
                time=self.state.clock.now(),
                token=token,
            )
        )
        return status, headers, response

    def _rate_limited(self, method: str) -> int | None:
        with self._lock:
            rule = self.rate_limits.get(method) or self.rate_limits.get("*")
            if rule is None:
                return None
            if rule.remaining is not None:
                rule.remaining -= 1
                if rule.remaining <= 0:
                    for key, value in list(self.rate_limits.items()):
                        if value is rule:
                            del self.rate_limits[key]
            return rule.retry_after


def _err(error: str, detail: str | None = None) -> dict:
    body: dict[str, Any] = {"ok": False, "error": error}
    if detail:
        body["response_metadata"] = {"messages": [f"[ERROR] {detail}"]}
    return body


def parse_args(*, body: bytes, content_type: str, query: str) -> dict[str, Any]:
    """Merge query string and body (JSON or form) into one argument dict.

    Form values of ``view``/``blocks``/``attachments``/``unfurls`` are JSON strings, as the sync
    ``WebClient`` sends them; JSON bodies carry them as nested objects.
    """
    args: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    if body:
        if "json" in content_type:
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("the JSON body must be an object")
            args.update(data)
        else:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            args.update({k: v[-1] for k, v in form.items()})
            for key in JSON_ARGS:
                if isinstance(args.get(key), str) and args[key].strip()[:1] in ("[", "{"):
                    args[key] = json.loads(args[key])
    return args
