"""`/sf api METHOD path`: an admin's raw REST call, answered with Salesforce's JSON.

GET runs right away as the admin's own user. Other methods are refused unless an operator set
SFBOT_ADMIN_RAW_WRITES (they skip validation and cannot be undone); when allowed they still go
through a write intent, for the audit trail and so a retried request is sent once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import requests

from bot.salesforce.admin import rest
from bot.salesforce.admin.operations import API_CALL
from bot.salesforce.orgview import OrgView
from bot.salesforce.refresh import ReconnectRequired
from bot.slack import messages
from bot.slack.admin import api_blocks
from bot.slack.admin.access import admin_view
from bot.slack.blocks import Reply, inline_code, notice
from bot.slack.commands import SlashCommand
from bot.slack.connect import prompt_for_command
from bot.slack.records import context, writing
from bot.slack.tokens import Lexer
from bot.store.models import WriteIntent
from bot.writes import FAILED, ConnectionUnavailable, IdempotencyConflict

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)


def api(command: SlashCommand) -> Reply | None:
    """The `api` verb (admins only)."""
    if not command.args.strip():
        return notice(messages.API_USAGE)
    view = admin_view(command)
    if isinstance(view, Reply):
        return view
    settings = command.services.settings
    try:
        request = rest.parse_request(
            Lexer(command.args).text,  # Slack's markup and &amp; undone, as the user typed it
            api_version=settings.salesforce_api_version,
            allow_writes=settings.sfbot_admin_raw_writes,
            instance_host=urlsplit(view.instance_url).netloc,
        )
    except rest.RawRequestProblem as problem:
        template = messages.API_PROBLEMS[problem.reason]
        return notice(template.format(detail=inline_code(problem.detail, limit=80)))
    if request.is_write:
        return _submit_write(command, view, request)
    command.ack(notice(messages.WORKING))
    try:
        response = rest.send(view.sf, request)
    except ConnectionUnavailable as error:
        # Acked already, so the Connect prompt replaces "Working on it" instead of the ack.
        connection = None
        if isinstance(error, ReconnectRequired):
            connection = command.services.connections.find_by_id(error.connection_id)
        prompt = prompt_for_command(command, connection=connection)
        command.respond(**prompt.to_dict(), replace_original=True)
        return None
    except requests.RequestException as error:
        text = messages.API_UNREACHABLE.format(
            request=inline_code(request.shown, limit=200), reason=type(error).__name__
        )
        command.respond(**notice(text).to_dict(), replace_original=True)
        return None
    reply = api_blocks.api_result(request=request.shown, response=response)
    command.respond(**reply.to_dict(), replace_original=True)
    return None


def _submit_write(command: SlashCommand, view: OrgView, request: rest.RawRequest) -> Reply | None:
    key = writing.idempotency_key(command)
    try:
        intent, created = context.submit(
            command.services,
            view,
            key=key,
            team_id=command.team_id or "",
            user_id=command.user_id,
            enterprise_id=command.enterprise_id,
            operation=API_CALL,
            sobject="(api)",
            payload={
                "method": request.method,
                "path": request.path,
                "params": [list(pair) for pair in request.params],
                "body": request.body,
            },
            channel_id=command.channel_id,
            response_url=command.response_url,
        )
    except IdempotencyConflict:
        return notice(messages.PICK_STALE)
    if not created:
        return writing.reply_for_existing(command, intent)
    command.ack(notice(messages.WORKING))
    context.wake(command.services)
    return None


def render_api_call(services: Services, intent: WriteIntent) -> Reply | None:
    """The reply for a finished raw write (its response, or why it was not sent)."""
    result = intent.result or {}
    request = str(result.get("request") or intent.payload.get("path") or "")
    if intent.status == FAILED or not result:
        reason = (intent.error or {}).get("message") or (intent.error or {}).get("kind") or "?"
        return notice(
            messages.API_WRITE_FAILED.format(
                request=inline_code(request, limit=200), reason=inline_code(str(reason))
            )
        )
    response = rest.RawResponse(
        status=int(result.get("status") or 0),
        body=result.get("body"),
        is_json=bool(result.get("is_json")),
    )
    return api_blocks.api_result(
        request=request, response=response, headline=messages.API_WRITE_RESULT
    )
