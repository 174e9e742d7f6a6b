"""views.open / views.push / views.update / views.publish of the fake Web API.

Follows https://docs.slack.dev/reference/methods/views.open (and .push/.update/.publish) and
https://docs.slack.dev/surfaces/modals: a trigger_id works once within 3 s, a stack holds at most
3 views, ``hash`` guards against stale updates, Home views are published per user.
"""

from __future__ import annotations

from typing import Any

from . import limits as L
from .blockkit import invalid_arguments_body, view_errors, view_too_large
from .ids import TRIGGER_ID_RE
from .modals import view_record
from .state import SimState
from .webapi import ApiError, Request, WebApi


def invalid_arguments(*lines: str) -> ApiError:
    return ApiError("invalid_arguments", **invalid_arguments_body(list(lines)))


def take_trigger(state: SimState, trigger_id: Any) -> str:
    """Exchange a trigger id; return the user it was issued to."""
    if trigger_id in (None, ""):
        raise invalid_arguments("missing required field: trigger_id")
    if not isinstance(trigger_id, str) or not TRIGGER_ID_RE.match(trigger_id):
        raise ApiError("invalid_trigger_id")
    trigger = state.triggers.get(trigger_id)
    if trigger is None:
        raise ApiError("invalid_trigger_id")
    if trigger.used:
        raise ApiError("exchanged_trigger_id")
    if state.clock.now() - trigger.created > L.TRIGGER_TTL_S:
        raise ApiError("expired_trigger_id")
    trigger.used = True
    return trigger.user_id


def check_view(state: SimState, view: Any, *, kind: str, exclude: str | None = None) -> dict:
    if view in (None, ""):
        raise invalid_arguments("missing required field: view")
    if isinstance(view, dict) and view.get("type") != kind and "type" in view:
        raise invalid_arguments(f"must be one of [{kind}] [json-pointer:/view/type]")
    lines = view_errors(view)
    if lines:
        raise invalid_arguments(*lines)
    if view_too_large(view):
        raise ApiError("view_too_large")
    external_id = view.get("external_id")
    if external_id:
        for vid, other in state.views.items():
            if vid != exclude and other.get("external_id") == external_id and _live(state, vid):
                raise ApiError("duplicate_external_id")
    return view


def _live(state: SimState, view_id: str) -> bool:
    owner = state.view_owner.get(view_id)
    if owner is None:
        return False
    return view_id in state.stacks.get(owner, []) or state.home.get(owner) == view_id


def new_view(state: SimState, view: dict, *, user: str, root: str | None, prev: str | None):
    vid = state.ids.prefixed("V", 10)
    record = view_record(
        state,
        view,
        view_id=vid,
        root_view_id=root or vid,
        previous_view_id=prev,
        view_hash=state.ids.view_hash(),
    )
    state.views[vid] = record
    state.view_owner[vid] = user
    state.notify("view", user=user, view_id=vid)
    return record


def replace_view(state: SimState, vid: str, view: dict) -> dict:
    """Update a view in place: same id, new hash; input values kept where ids still match."""
    old = state.views[vid]
    record = view_record(
        state,
        view,
        view_id=vid,
        root_view_id=old["root_view_id"],
        previous_view_id=old["previous_view_id"],
        view_hash=state.ids.view_hash(),
        previous_values=old["state"]["values"],
    )
    state.views[vid] = record
    state.notify("view", user=state.view_owner.get(vid), view_id=vid)
    return record


def register(api: WebApi) -> None:
    state = api.state

    def views_open(req: Request) -> dict:
        check_view(state, req.args.get("view"), kind="modal")
        user = take_trigger(state, req.args.get("trigger_id"))
        record = new_view(state, req.args["view"], user=user, root=None, prev=None)
        state.stacks[user] = [record["id"]]
        return {"view": record}

    def views_push(req: Request) -> dict:
        check_view(state, req.args.get("view"), kind="modal")
        user = take_trigger(state, req.args.get("trigger_id"))
        stack = state.stacks.get(user) or []
        if not stack:
            raise ApiError("not_found")
        if len(stack) >= L.VIEW_STACK_MAX:
            raise ApiError("push_limit_reached")
        record = new_view(state, req.args["view"], user=user, root=stack[0], prev=stack[-1])
        stack.append(record["id"])
        return {"view": record}

    def views_update(req: Request) -> dict:
        view_id, external_id = req.args.get("view_id"), req.args.get("external_id")
        if view_id and external_id:
            raise invalid_arguments("only one of view_id or external_id may be given")
        if external_id:
            view_id = next(
                (v for v, r in state.views.items() if r.get("external_id") == external_id), None
            )
        if not view_id or view_id not in state.views or not _live(state, view_id):
            raise ApiError("not_found")
        current = state.views[view_id]
        view = req.args.get("view")
        kind = current["type"] if isinstance(view, dict) else "modal"
        check_view(state, view, kind=kind, exclude=view_id)
        if req.args.get("hash") and req.args["hash"] != current["hash"]:
            raise ApiError("hash_conflict")
        return {"view": replace_view(state, view_id, view)}

    def views_publish(req: Request) -> dict:
        user = req.args.get("user_id")
        if not user or user not in state.users:
            raise invalid_arguments("invalid `user_id`")
        check_view(state, req.args.get("view"), kind="home", exclude=state.home.get(user))
        current_id = state.home.get(user)
        if current_id:
            current = state.views[current_id]
            if req.args.get("hash") and req.args["hash"] != current["hash"]:
                raise ApiError("hash_conflict")
            return {"view": replace_view(state, current_id, req.args["view"])}
        record = new_view(state, req.args["view"], user=user, root=None, prev=None)
        state.home[user] = record["id"]
        return {"view": record}

    api.register("views.open", views_open)
    api.register("views.push", views_push)
    api.register("views.update", views_update)
    api.register("views.publish", views_publish)
