"""The ``/_sim/`` JSON control API: drive the simulator without Python (the playground's page).

Every endpoint is documented in devkit/slack/README.md. Actions answer the app's reply as a
``SendResult`` JSON; problems with the request answer 400 ``{"ok": false, "error": "…"}``.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from .server import json_response

if TYPE_CHECKING:
    from .simulator import SlackSimulator

_MAX_WAIT_S = 25.0


def _result(value: Any) -> Any:
    if value is None:
        return {"sent": False}
    if hasattr(value, "to_json"):
        return {"sent": True, **value.to_json()}
    return value


def _actions(sim: SlackSimulator) -> dict[str, Any]:
    """POST endpoints: name -> function taking the JSON body as keyword arguments."""
    return {
        "slash": lambda text="", **kw: sim.slash(text, **kw),
        "message_shortcut": lambda callback_id, **kw: sim.message_shortcut(callback_id, **kw),
        "global_shortcut": lambda callback_id, **kw: sim.global_shortcut(callback_id, **kw),
        "block_action": lambda action_id, **kw: sim.block_action(action_id, **kw),
        "block_suggestion": lambda action_id, value, **kw: sim.block_suggestion(
            action_id, value, **kw
        ),
        "set_values": lambda values, **kw: sim.set_values(values, **kw),
        "view_submission": lambda values=None, **kw: sim.view_submission(values, **kw),
        "view_closed": lambda **kw: sim.view_closed(**kw),
        "app_home_opened": lambda **kw: sim.app_home_opened(**kw),
        "message": lambda text, **kw: sim.post_user_message(text, **kw),
        "event": lambda event, **kw: sim.event(event, **kw),
        "rate_limit": lambda **kw: sim.set_rate_limit(**kw) or {"ok": True},
        "clear_rate_limits": lambda: sim.clear_rate_limits() or {"ok": True},
        "advance_time": lambda seconds: sim.advance_time(float(seconds)) or {"ok": True},
        "config": lambda **kw: _configure(sim, **kw),
        "response_urls": lambda count=1, **kw: _response_urls(sim, count, **kw),
    }


_MAX_RESPONSE_URLS = 100_000


def _response_urls(
    sim: SlackSimulator, count: Any, *, user: str | None = None, channel: str | None = None
) -> dict:
    """Issue slash-command response URLs, for a load generator that posts to the app itself
    (a bench sends signed commands directly, without the simulator in the measured path)."""
    whole = isinstance(count, int) and not isinstance(count, bool)
    if not whole or not 1 <= count <= _MAX_RESPONSE_URLS:
        raise ValueError(f"count must be a whole number from 1 to {_MAX_RESPONSE_URLS}")
    user = user or sim.default_user
    channel = channel or sim.default_channel
    sim.state.user(user)  # unknown ids answer 400 with the simulator's message
    sim.state.channel(channel)
    urls = [
        sim.state.new_response_url(
            base=sim.base_url, kind="commands", user_id=user, channel_id=channel
        ).url
        for _ in range(count)
    ]
    return {"ok": True, "urls": urls}


def _configure(sim: SlackSimulator, **kw: Any) -> dict:
    for key in ("app_url", "options_url"):
        if key in kw:
            setattr(sim, key, kw[key])
    if "scopes" in kw:
        sim.set_scopes(set(kw["scopes"]))
    if "subscribed_events" in kw:
        sim.subscribed_events = set(kw["subscribed_events"])
    if "unfurl_domains" in kw:
        sim.unfurl_domains = tuple(kw["unfurl_domains"])
    return {"ok": True}


def _state(sim: SlackSimulator) -> dict:
    st = sim.state
    with st.lock:
        return {
            "team": {"id": st.team_id, "domain": st.team_domain, "name": st.team_name},
            "bot": {"user_id": st.bot_user_id, "bot_id": st.bot_id, "app_id": st.app_id},
            "app_url": sim.app_url,
            "api_url": sim.api_url,
            "users": [u.to_api(team_id=st.team_id, with_email=True) for u in st.users.values()],
            "channels": [
                {**c.to_api(), "members": sorted(c.members)} for c in st.channels.values()
            ],
        }


def _feed(sim: SlackSimulator, since: int, wait: float) -> dict:
    deadline = time.monotonic() + min(wait, _MAX_WAIT_S)
    st = sim.state
    with st.changed:
        while len(st.feed) <= since and time.monotonic() < deadline:
            st.changed.wait(deadline - time.monotonic())
        events = st.feed[since:]
        return {"events": events, "next": len(st.feed)}


def _queries(sim: SlackSimulator, q: dict[str, str]) -> dict[str, Any]:
    user = q.get("user") or sim.default_user
    return {
        "state": lambda: _state(sim),
        "messages": lambda: sim.messages(
            q.get("channel"),
            visible_to=q.get("visible_to"),
            include_deleted=q.get("include_deleted") == "1",
        ),
        "views": lambda: {
            "stack": sim.open_views(user),
            "home": sim.home_view(user),
            "errors": {v: dict(e) for v, e in sim.state.view_errors.items()},
        },
        "calls": lambda: sim.calls(q.get("method")),
        "response_url_posts": lambda: sim.response_url_posts(user=q.get("user")),
        "mentions": lambda: sim.special_mentions(),
        "feed": lambda: _feed(sim, int(q.get("since", 0)), float(q.get("wait", 0))),
    }


def handle(sim: SlackSimulator, method: str, path: str, query: str, body: bytes):
    """Answer one ``/_sim/<path>`` request."""
    name = path.strip("/")
    try:
        if method == "GET":
            q = {k: v[-1] for k, v in parse_qs(query).items()}
            fn = _queries(sim, q).get(name)
            if fn is None:
                return json_response(404, {"ok": False, "error": f"unknown endpoint GET {name}"})
            return json_response(200, fn())
        fn = _actions(sim).get(name)
        if fn is None:
            return json_response(404, {"ok": False, "error": f"unknown endpoint POST {name}"})
        args = json.loads(body or b"{}")
        if not isinstance(args, dict):
            raise ValueError("the body must be a JSON object")
        return json_response(200, _result(fn(**args)))
    except (KeyError, LookupError, ValueError, TypeError, RuntimeError) as exc:
        return json_response(400, {"ok": False, "error": str(exc).strip("'\"")})
