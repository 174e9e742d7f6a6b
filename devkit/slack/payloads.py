"""Payloads Slack sends to apps, in the shapes of ../shared/slack/payloads (real and SDK fixtures).

Slash commands are form fields (https://docs.slack.dev/interactivity/implementing-slash-commands);
interactivity is ``payload=<json>`` (https://docs.slack.dev/interactivity/handling-user-interaction);
events are ``event_callback`` JSON envelopes (https://docs.slack.dev/apis/events-api/).
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from .state import SimState

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def team_obj(state: SimState) -> dict:
    return {"id": state.team_id, "domain": state.team_domain}


def user_obj(state: SimState, user_id: str) -> dict:
    user = state.user(user_id)
    return {"id": user.id, "username": user.name, "name": user.name, "team_id": state.team_id}


def action_ts() -> str:
    return f"{time.time():.6f}"


def slash_command(
    state: SimState,
    *,
    user_id: str,
    channel_id: str,
    command: str,
    text: str,
    response_url: str,
    trigger_id: str,
) -> dict[str, str]:
    """The form fields of a slash command, in Slack's order."""
    channel = state.channel(channel_id)
    return {
        "token": state.verification_token,
        "team_id": state.team_id,
        "team_domain": state.team_domain,
        "channel_id": channel.id,
        "channel_name": "directmessage" if channel.is_im else channel.name,
        "user_id": user_id,
        "user_name": state.user(user_id).name,
        "command": command,
        "text": text,
        "api_app_id": state.app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def interactive(sim: SimState, kind: str, /, *, user_id: str, **fields: object) -> dict:
    """The common head of every interactivity payload, then ``fields`` (may include ``state``)."""
    payload: dict = {
        "type": kind,
        "user": user_obj(sim, user_id),
        "api_app_id": sim.app_id,
        "token": sim.verification_token,
        "team": team_obj(sim),
        "enterprise": None,
        "is_enterprise_install": False,
    }
    payload.update(fields)
    return payload


def channel_obj(state: SimState, channel_id: str) -> dict:
    channel = state.channel(channel_id)
    return {"id": channel.id, "name": "directmessage" if channel.is_im else channel.name}


def event_envelope(state: SimState, event: dict, *, event_id: str | None = None) -> dict:
    """An ``event_callback`` envelope around ``event`` (authorizations name the bot)."""
    return {
        "token": state.verification_token,
        "team_id": state.team_id,
        "enterprise_id": None,
        "context_team_id": state.team_id,
        "context_enterprise_id": None,
        "api_app_id": state.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or state.ids.prefixed("Ev", 10),
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": state.team_id,
                "user_id": state.bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + state.ids.secret(24),
    }


def encode_form(fields: dict[str, str]) -> bytes:
    return urlencode(fields).encode()


def encode_payload(payload: dict) -> bytes:
    """Interactivity bodies: one form field ``payload`` holding compact JSON."""
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))}).encode()


def encode_json(payload: dict) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()
