"""chat.* and auth.test of the fake Web API.

Follows the method pages under https://docs.slack.dev/reference/methods/ (chat.postMessage,
chat.postEphemeral, chat.update, chat.delete, chat.getPermalink, auth.test).
"""

from __future__ import annotations

from typing import Any

from . import limits as L
from .blockkit import invalid_blocks_body, message_errors
from .modals import normalise_blocks
from .state import SimState
from .webapi import ApiError, Request, WebApi
from .workspace import Channel


def resolve_channel(state: SimState, ref: Any) -> Channel:
    """A channel by id, ``#name``/name, or a user id (the app's DM with that user)."""
    if not isinstance(ref, str) or not ref:
        raise ApiError("channel_not_found")
    if ref in state.channels:
        return state.channels[ref]
    if ref[0] in "UW" and ref in state.users:
        return state.dm_channel(ref)
    name = ref.lstrip("#")
    for channel in state.channels.values():
        if channel.name == name and not channel.is_im:
            return channel
    raise ApiError("channel_not_found")


def check_content(args: dict) -> dict:
    """Validate a message body (text/blocks/attachments); return the normalised content."""
    text, blocks, attachments = args.get("text"), args.get("blocks"), args.get("attachments")
    markdown_text = args.get("markdown_text")
    if text and markdown_text:
        raise ApiError("markdown_text_conflict")
    if not (text or blocks or attachments or markdown_text):
        raise ApiError("no_text")
    if isinstance(markdown_text, str) and len(markdown_text) > L.MARKDOWN_TEXT_MAX:
        raise ApiError("msg_too_long")
    if blocks is not None:
        if isinstance(blocks, str):
            raise ApiError("invalid_blocks_format")
        lines = message_errors(blocks)
        if lines:
            raise ApiError("invalid_blocks", **invalid_blocks_body(lines))
    if attachments is not None:
        if not isinstance(attachments, list):
            raise ApiError("invalid_attachments")
        if len(attachments) > L.MESSAGE_ATTACHMENTS_MAX:
            raise ApiError("too_many_attachments")
        for i, att in enumerate(attachments):
            if isinstance(att, dict) and att.get("blocks") is not None:
                lines = [
                    x.replace("/blocks", f"/attachments/{i}/blocks", 1)
                    for x in message_errors(att["blocks"])
                ]
                if lines:
                    raise ApiError("invalid_blocks", **invalid_blocks_body(lines))
    text = text if isinstance(text, str) else (markdown_text or "")
    return {
        "text": text[: L.MESSAGE_TEXT_TRUNCATED_AFTER],
        # Slack stores blocks with block_id/action_id filled in and plain_text emoji set.
        "blocks": normalise_blocks(blocks or []),
        "attachments": attachments or [],
    }


def message_json(state: SimState, msg: dict) -> dict:
    """A stored message in the Web API's shape."""
    out = {
        "type": "message",
        "text": msg["text"],
        "user": msg["user"],
        "ts": msg["ts"],
        "team": state.team_id,
    }
    if msg.get("bot_id"):
        out.update(
            bot_id=msg["bot_id"],
            app_id=state.app_id,
            bot_profile={
                "id": msg["bot_id"],
                "app_id": state.app_id,
                "name": "sfbot",
                "deleted": False,
                "team_id": state.team_id,
            },
        )
    for key in ("blocks", "attachments"):
        if msg[key]:
            out[key] = msg[key]
    if msg.get("thread_ts"):
        out["thread_ts"] = msg["thread_ts"]
    if msg.get("edited"):
        out["edited"] = msg["edited"]
    return out


def register(api: WebApi) -> None:
    state = api.state

    def auth_test(req: Request) -> dict:
        return {
            "url": f"https://{state.team_domain}.slack.com/",
            "team": state.team_name,
            "user": "sfbot",
            "team_id": state.team_id,
            "user_id": state.bot_user_id,
            "bot_id": state.bot_id,
            "is_enterprise_install": False,
        }

    def add_bot_message(req: Request, channel: Channel, **extra: Any) -> dict:
        """Store a message the bot posts (postMessage, or postEphemeral with ``ephemeral_to``)."""
        content = check_content(req.args)
        return state.add_message(
            channel=channel.id,
            user=state.bot_user_id,
            source=req.method,
            thread_ts=req.args.get("thread_ts") or None,
            link_names=req.flag("link_names"),
            **extra,
            **content,
        )

    def post_message(req: Request) -> dict:
        channel = resolve_channel(state, req.args.get("channel"))
        public_write = "chat:write.public" in api.scopes and not channel.is_private
        if not channel.bot_member and not public_write and not channel.is_im:
            raise ApiError("not_in_channel")
        msg = add_bot_message(req, channel)
        return {"channel": channel.id, "ts": msg["ts"], "message": message_json(state, msg)}

    def post_ephemeral(req: Request) -> dict:
        channel = resolve_channel(state, req.args.get("channel"))
        user = req.args.get("user")
        # Slack answers an unknown user the same way as one outside the channel.
        if not user or user not in state.users or user not in channel.members:
            raise ApiError("user_not_in_channel")
        msg = add_bot_message(req, channel, ephemeral_to=user)
        return {"message_ts": msg["ts"]}

    def own_message(req: Request, cannot: str) -> dict:
        channel = resolve_channel(state, req.args.get("channel"))
        msg = state.find_message(channel.id, str(req.args.get("ts") or ""))
        if msg is None or msg["ephemeral_to"]:
            raise ApiError("message_not_found")
        if msg["user"] != state.bot_user_id:
            raise ApiError(cannot)
        return msg

    def update(req: Request) -> dict:
        msg = own_message(req, "cant_update_message")
        content = check_content(req.args)
        changes = {k: v for k, v in content.items() if k == "text" or req.args.get(k) is not None}
        changes["edited"] = {"user": state.bot_user_id, "ts": state.ids.message_ts()}
        state.replace_message(msg, **changes)
        return {
            "channel": msg["channel"],
            "ts": msg["ts"],
            "text": msg["text"],
            "message": message_json(state, msg),
        }

    def delete(req: Request) -> dict:
        msg = own_message(req, "cant_delete_message")
        state.delete_message(msg)
        return {"channel": msg["channel"], "ts": msg["ts"]}

    def get_permalink(req: Request) -> dict:
        channel = resolve_channel(state, req.args.get("channel"))
        ts = str(req.args.get("message_ts") or "")
        msg = state.find_message(channel.id, ts)
        if msg is None:
            raise ApiError("message_not_found")
        link = f"https://{state.team_domain}.slack.com/archives/{channel.id}/p{ts.replace('.', '')}"
        if msg.get("thread_ts") and msg["thread_ts"] != ts:
            link += f"?thread_ts={msg['thread_ts']}&cid={channel.id}"
        return {"channel": channel.id, "permalink": link}

    api.register("auth.test", auth_test)
    api.register("api.test", lambda req: {"args": req.args} if req.args else {})
    api.register("chat.postMessage", post_message, any_scope=("chat:write",))
    api.register("chat.postEphemeral", post_ephemeral, any_scope=("chat:write",))
    api.register("chat.update", update, any_scope=("chat:write",))
    api.register("chat.delete", delete, any_scope=("chat:write",))
    api.register("chat.getPermalink", get_permalink)
