"""chat.unfurl of the fake Web API (https://docs.slack.dev/reference/methods/chat.unfurl).

Only links announced to the app by a ``link_shared`` event can be unfurled, identified by
``channel`` + ``ts`` or by ``unfurl_id`` + ``source``.
"""

from __future__ import annotations

from .blockkit import invalid_blocks_body, message_errors
from .webapi import ApiError, Request, WebApi


def register(api: WebApi) -> None:
    state = api.state

    def unfurl(req: Request) -> dict:
        args = req.args
        unfurls = args.get("unfurls")
        if args.get("unfurl_id"):
            if not args.get("source"):
                raise ApiError("missing_source")
            shared = state.shared_links.get(args["unfurl_id"])
            if shared is None:
                raise ApiError("invalid_unfurl_id")
        else:
            if not args.get("channel"):
                raise ApiError("missing_channel")
            if not args.get("ts"):
                raise ApiError("missing_ts")
            shared = next(
                (
                    s
                    for s in state.shared_links.values()
                    if s["channel"] == args["channel"] and s["ts"] == args["ts"]
                ),
                None,
            )
            if shared is None:
                raise ApiError("cannot_find_message")
        if not unfurls:
            raise ApiError("missing_unfurls")
        if not isinstance(unfurls, dict):
            raise ApiError("invalid_unfurls_format")
        for url, body in unfurls.items():
            if url not in shared["urls"]:
                raise ApiError("cannot_unfurl_url")
            if not isinstance(body, dict):
                raise ApiError("invalid_unfurls_format")
            if body.get("blocks") is not None:
                lines = [
                    x.replace("/blocks", f"/unfurls/{url}/blocks", 1)
                    for x in message_errors(body["blocks"])
                ]
                if lines:
                    raise ApiError("invalid_blocks", **invalid_blocks_body(lines))
        msg = state.find_message(shared["channel"], shared["ts"])
        if msg is not None:
            msg.setdefault("unfurls", {}).update(unfurls)
            state.notify("unfurl", channel=msg["channel"], ts=msg["ts"])
        return {}

    api.register("chat.unfurl", unfurl, any_scope=("links:write",))
