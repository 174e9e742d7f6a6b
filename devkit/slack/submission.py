"""What Slack does with a view_submission: client-side checks before sending, the ack's
``response_action`` applied to the stack (https://docs.slack.dev/surfaces/modals), and the
checks on a block_suggestion answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import limits as L
from .api_views import new_view, replace_view
from .blockkit import view_errors, view_too_large
from .blockkit_elements import Problems, option
from .modals import FIELD

if TYPE_CHECKING:
    from .sender import SendResult
    from .state import SimState

REQUIRED_MESSAGE = "Please complete this required field."


def apply_submission_ack(state: SimState, result: SendResult, *, user: str, view: dict) -> None:
    """Apply the app's ack to the modal stack as Slack does; note the outcome in ``result``."""
    with state.lock:
        stack = state.stacks.get(user, [])
        if not result.ok or result.latency_ms > L.ACK_DEADLINE_MS:
            result.applied = "dispatch_failed"  # the modal shows a connection error
            return
        body = result.body
        if body in ("", None):
            result.applied = "closed"
            if stack and stack[-1] == view["id"]:
                stack.pop()
            state.notify("view_closed", user=user, view_id=view["id"])
            return
        action = body.get("response_action") if isinstance(body, dict) else None
        result.applied = str(action)
        if action == "errors":
            errors = body.get("errors") or {}
            inputs = {b["block_id"] for b in view["blocks"] if b.get("type") == "input"}
            bad = [k for k in errors if k not in inputs]
            if bad or not isinstance(errors, dict) or not errors:
                result.applied = "invalid"
                result.errors = {k: "not an input block_id of this view" for k in bad}
                return
            result.errors = dict(errors)
            state.view_errors[view["id"]] = dict(errors)
            state.notify("view_errors", user=user, view_id=view["id"])
        elif action in ("update", "push"):
            new = body.get("view")
            lines = view_errors(new) if new else ["missing required field: view"]
            if lines or view_too_large(new):
                result.applied = "invalid"
                result.errors = {"view": "; ".join(lines) or "view_too_large"}
            elif action == "update":
                replace_view(state, view["id"], new)
            elif len(stack) >= L.VIEW_STACK_MAX:
                result.applied = "push_limit_reached"
            else:
                rec = new_view(state, new, user=user, root=stack[0], prev=stack[-1])
                stack.append(rec["id"])
        elif action == "clear":
            state.stacks[user] = []
            state.notify("view_closed", user=user, view_id=view["id"])
        else:
            result.applied = "invalid"


def client_side_errors(view: dict) -> dict[str, str]:
    """What Slack's client refuses before sending: empty required inputs, length bounds."""
    errors = {}
    for block in view["blocks"]:
        if block.get("type") != "input" or block.get("optional"):
            continue
        el = block["element"]
        field = FIELD.get(el.get("type"))
        entry = view["state"]["values"].get(block["block_id"], {}).get(el["action_id"], {})
        value = entry.get(field) if field else None
        if value in (None, "", []):
            errors[block["block_id"]] = REQUIRED_MESSAGE
        elif el.get("type") == "plain_text_input" and isinstance(value, str):
            if len(value) < int(el.get("min_length", 0)):
                errors[block["block_id"]] = f"Must be at least {el['min_length']} characters."
            elif "max_length" in el and len(value) > int(el["max_length"]):
                errors[block["block_id"]] = f"Must be at most {el['max_length']} characters."
    return errors


def suggestion_errors(body: Any) -> dict[str, str]:
    """Problems in a block_suggestion answer (options XOR option_groups, ≤100 each)."""
    if not isinstance(body, dict):
        return {"body": "must be a JSON object with options or option_groups"}
    has_opts, has_groups = "options" in body, "option_groups" in body
    if has_opts == has_groups:
        return {"body": "exactly one of options or option_groups is required"}
    p = Problems()
    if has_opts:
        p.items("/options", body["options"], L.SUGGESTION_OPTIONS_MAX)
        for i, opt in enumerate(body["options"] or []):
            option(p, f"/options/{i}", opt)
    else:
        p.items("/option_groups", body["option_groups"], L.SUGGESTION_OPTION_GROUPS_MAX)
        for i, group in enumerate(body["option_groups"] or []):
            for j, opt in enumerate(group.get("options") or []):
                option(p, f"/option_groups/{i}/options/{j}", opt)
            p.items(f"/option_groups/{i}/options", group.get("options"), L.OPTION_GROUP_OPTIONS_MAX)
    return {str(i): line for i, line in enumerate(p.lines)}
