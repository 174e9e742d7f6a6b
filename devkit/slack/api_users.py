"""users.info, users.lookupByEmail and conversations.info of the fake Web API.

Per https://docs.slack.dev/reference/methods/users.info: ``profile.email`` is present only when
the token also has ``users:read.email``; its absence is not an error.
"""

from __future__ import annotations

from .api_chat import resolve_channel
from .state import SimState
from .webapi import ApiError, Request, WebApi

CONVERSATION_SCOPES = ("channels:read", "groups:read", "im:read", "mpim:read")


def register(api: WebApi) -> None:
    state: SimState = api.state

    def users_info(req: Request) -> dict:
        user = state.users.get(str(req.args.get("user") or ""))
        if user is None:
            raise ApiError("user_not_found")
        return {
            "user": user.to_api(
                team_id=state.team_id,
                with_email="users:read.email" in api.scopes,
                with_locale=req.flag("include_locale"),
            )
        }

    def lookup_by_email(req: Request) -> dict:
        email = str(req.args.get("email") or "").strip().lower()
        for user in state.users.values():
            if user.email and user.email.lower() == email:
                return {"user": user.to_api(team_id=state.team_id, with_email=True)}
        raise ApiError("users_not_found")

    def conversations_info(req: Request) -> dict:
        channel = resolve_channel(state, req.args.get("channel"))
        data = channel.to_api()
        if channel.is_im:
            data["user"] = next(iter(channel.members), None)
        data["context_team_id"] = state.team_id
        return {"channel": data}

    api.register("users.info", users_info, any_scope=("users:read",))
    api.register("users.lookupByEmail", lookup_by_email, any_scope=("users:read.email",))
    api.register("conversations.info", conversations_info, any_scope=CONVERSATION_SCOPES)
