"""Modal and block interactions: block_actions, block_suggestion, view_submission, view_closed.

Payload shapes: ../shared/slack/payloads; ack semantics (``response_action`` errors/update/push/
clear): https://docs.slack.dev/surfaces/modals and web_api/view_submission_response_actions.json.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from . import limits as L
from . import payloads as P
from .api_chat import message_json
from .modals import FIELD, action_payload, chosen, element_slots
from .sender import SendResult
from .submission import apply_submission_ack, client_side_errors, suggestion_errors

if TYPE_CHECKING:
    from .state import SimState


class ViewInteractionsMixin:
    """Methods of ``SlackSimulator`` that act on views and message components."""

    state: SimState
    default_user: str
    base_url: str
    options_url: str | None
    app_url: str | None
    _send: Any  # InteractionsMixin._send: encode, sign and post to the app

    # -- looking at views ------------------------------------------------------------------
    def open_views(self, user: str | None = None) -> list[dict]:
        """The user's modal stack, bottom first (copies)."""
        with self.state.lock:
            ids = self.state.stacks.get(user or self.default_user, [])
            return [copy.deepcopy(self.state.views[v]) for v in ids]

    def top_view(self, user: str | None = None) -> dict | None:
        views = self.open_views(user)
        return views[-1] if views else None

    def home_view(self, user: str | None = None) -> dict | None:
        with self.state.lock:
            vid = self.state.home.get(user or self.default_user)
            return copy.deepcopy(self.state.views[vid]) if vid else None

    def _view_for(self, user: str, view_id: str | None) -> dict:
        with self.state.lock:
            if view_id is None:
                stack = self.state.stacks.get(user) or []
                view_id = stack[-1] if stack else self.state.home.get(user)
            if view_id is None or view_id not in self.state.views:
                raise LookupError(f"{user} has no open modal or Home view")
            return self.state.views[view_id]

    @staticmethod
    def _find(blocks: list[dict], key: str, block_id: str | None = None) -> tuple[dict, dict]:
        """The element named by action_id ``key`` (or the input block with block_id ``key``)."""
        slots = list(element_slots(blocks))
        hits = [
            (b, e)
            for b, e in slots
            if e.get("action_id") == key and block_id in (None, b.get("block_id"))
        ]
        if not hits:
            hits = [(b, e) for b, e in slots if b.get("block_id") == key and block_id is None]
        if len(hits) != 1:
            known = [f"{b.get('block_id')}/{e.get('action_id')}" for b, e in slots]
            what = "ambiguous" if hits else "no element"
            raise KeyError(f"{what} {key!r} (pass block_id=); elements: {known}")
        return hits[0]

    def set_values(self, values: dict[str, Any], *, user: str | None = None, view_id=None) -> dict:
        """Type into a view's inputs (keys: action_id or block_id) without submitting."""
        user = user or self.default_user
        with self.state.lock:
            view = self._view_for(user, view_id)
            for key, value in values.items():
                block, el = self._find(view["blocks"], key)
                suggested = self.state.suggestions.get((view["id"], el["action_id"]), [])
                slot = view["state"]["values"].setdefault(block["block_id"], {})
                entry = {"type": el["type"], FIELD[el["type"]]: chosen(el, value, suggested)}
                slot[el["action_id"]] = entry
            self.state.notify("view_state", user=user, view_id=view["id"])
            return copy.deepcopy(view)

    # -- block_actions ---------------------------------------------------------------------
    def block_action(
        self,
        action_id: str,
        *,
        value: Any = None,
        user: str | None = None,
        block_id: str | None = None,
        view_id: str | None = None,
        channel: str | None = None,
        message_ts: str | None = None,
        **opts: Any,
    ) -> SendResult:
        """Click a button / pick a value: in a message (``message_ts``) or a view (default: the
        user's top modal, else their Home)."""
        user = user or self.default_user
        with self.state.lock:
            if message_ts is not None:
                payload = self._message_action(
                    user, action_id, value, block_id, channel or self.default_channel, message_ts
                )
            else:
                view = self._view_for(user, view_id)
                block, el = self._find(view["blocks"], action_id, block_id)
                suggested = self.state.suggestions.get((view["id"], el["action_id"]), [])
                action = action_payload(block, el, value, suggested)
                if FIELD.get(el["type"]) and el["type"] != "overflow":
                    view["state"]["values"].setdefault(block["block_id"], {})[el["action_id"]] = {
                        "type": el["type"],
                        FIELD[el["type"]]: action[FIELD[el["type"]]],
                    }
                payload = P.interactive(
                    self.state,
                    "block_actions",
                    user_id=user,
                    container={"type": "view", "view_id": view["id"]},
                    trigger_id=self.state.new_trigger(user),
                    view=copy.deepcopy(view),
                    actions=[action],
                )
        return self._send("block_actions", payload, **opts)

    def _message_action(self, user, action_id, value, block_id, channel, ts) -> dict:
        msg = self.state.find_message(channel, ts)
        if msg is None or msg["ephemeral_to"] not in (None, user):
            raise LookupError(f"{user} sees no message {ts} in {channel}")
        block, el = self._find(msg["blocks"], action_id, block_id)
        suggested = self.state.suggestions.get((f"{channel}:{ts}", el["action_id"]), [])
        values: dict[str, dict] = {}
        for b, e in element_slots(msg["blocks"]):
            field = FIELD.get(e.get("type"))
            if field and e["type"] != "overflow" and b is block and e is el:
                values.setdefault(b["block_id"], {})[e["action_id"]] = {
                    "type": e["type"],
                    field: chosen(e, value, suggested),
                }
        rec = self.state.new_response_url(
            base=self.base_url, kind="actions", user_id=user, channel_id=channel, source_ts=ts
        )
        return P.interactive(
            self.state,
            "block_actions",
            user_id=user,
            container={
                "type": "message",
                "message_ts": ts,
                "channel_id": channel,
                "is_ephemeral": bool(msg["ephemeral_to"]),
                **({"thread_ts": msg["thread_ts"]} if msg.get("thread_ts") else {}),
            },
            trigger_id=self.state.new_trigger(user),
            channel=P.channel_obj(self.state, channel),
            message=message_json(self.state, msg),
            state={"values": values},
            response_url=rec.url,
            actions=[action_payload(block, el, value, suggested)],
        )

    # -- block_suggestion ------------------------------------------------------------------
    def block_suggestion(
        self,
        action_id: str,
        value: str,
        *,
        user: str | None = None,
        block_id: str | None = None,
        view_id: str | None = None,
        **opts: Any,
    ) -> SendResult | None:
        """Type ``value`` into an external select. Nothing is sent while it is shorter than the
        element's ``min_query_length`` (default 3), as in Slack."""
        user = user or self.default_user
        with self.state.lock:
            view = self._view_for(user, view_id)
            block, el = self._find(view["blocks"], action_id, block_id)
            if len(value) < int(el.get("min_query_length", L.MIN_QUERY_LENGTH_DEFAULT)):
                return None
            payload = P.interactive(
                self.state,
                "block_suggestion",
                user_id=user,
                container={"type": "view", "view_id": view["id"]},
                action_id=el["action_id"],
                block_id=block["block_id"],
                value=value,
                view=copy.deepcopy(view),
            )
        result = self._send("block_suggestion", payload, url=self.options_url, **opts)
        result.errors = suggestion_errors(result.body) if result.ok else {"http": result.text}
        result.applied = "invalid" if result.errors else "options"
        if not result.errors:
            body = result.body
            opts_list = body.get("options") or [
                o for g in body.get("option_groups") or [] for o in g.get("options") or []
            ]
            self.state.suggestions[(view["id"], el["action_id"])] = opts_list
        return result

    # -- view_submission / view_closed -----------------------------------------------------
    def view_submission(
        self, values: dict[str, Any] | None = None, *, user: str | None = None, **opts: Any
    ) -> SendResult:
        """Fill in ``values`` (keys: action_id or block_id) and press Submit on the top modal,
        then apply the app's ``response_action`` to the stack like Slack."""
        user = user or self.default_user
        with self.state.lock:
            top = self.top_view(user)
            if top is None:
                raise LookupError(f"{user} has no open modal")
            view = self.set_values(values or {}, user=user, view_id=top["id"])
            missing = client_side_errors(view)
            if missing:
                return SendResult("view_submission", 0, None, "", {}, 0.0, {}, "client", missing)
            payload = P.interactive(
                self.state,
                "view_submission",
                user_id=user,
                trigger_id=self.state.new_trigger(user),
                view=view,
                response_urls=self._response_urls(user, view),
            )
        result = self._send("view_submission", payload, **opts)
        apply_submission_ack(self.state, result, user=user, view=view)
        return result

    def _response_urls(self, user: str, view: dict) -> list[dict]:
        urls = []
        for block, el in element_slots(view["blocks"]):
            if block.get("type") == "input" and el.get("response_url_enabled"):
                entry = view["state"]["values"][block["block_id"]][el["action_id"]]
                channel = entry.get("selected_conversation") or entry.get("selected_channel")
                if channel:
                    rec = self.state.new_response_url(
                        base=self.base_url, kind="app", user_id=user, channel_id=channel
                    )
                    urls.append(
                        {
                            "block_id": block["block_id"],
                            "action_id": el["action_id"],
                            "channel_id": channel,
                            "response_url": rec.url,
                        }
                    )
        return urls

    def view_closed(
        self, *, user: str | None = None, is_cleared: bool = False, **opts: Any
    ) -> SendResult | None:
        """Close the top modal (``is_cleared``: the X, closing the whole stack). Slack tells the
        app only if the view has ``notify_on_close``; otherwise nothing is sent (None)."""
        user = user or self.default_user
        with self.state.lock:
            stack = self.state.stacks.get(user) or []
            if not stack:
                raise LookupError(f"{user} has no open modal")
            closed = self.state.views[stack[0] if is_cleared else stack[-1]]
            notify = closed.get("notify_on_close")
            if is_cleared:
                stack.clear()
            else:
                stack.pop()
            self.state.notify("view_closed", user=user, view_id=closed["id"])
            if not notify:
                return None
            payload = P.interactive(
                self.state,
                "view_closed",
                user_id=user,
                view=copy.deepcopy(closed),
                is_cleared=is_cleared,
            )
        return self._send("view_closed", payload, **opts)
