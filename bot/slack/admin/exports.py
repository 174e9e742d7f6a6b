"""`/sf export contacts|leads [where …]`: a signed, expiring download link served by the app.

The Slack simulator (and many workspaces' policies) offer no file upload, so the CSV is served
by us: the link carries an encrypted, timestamped token (Fernet, the app's encryption keys)
naming the Slack user, their Salesforce connection and the query. Opening it runs the query
with that user's own token, at that moment, and streams the CSV; after `LINK_MINUTES` the
token is refused. The user must still be an sfbot admin when the link is opened. Each link works
once: its random id goes into `used_export_links` on the first download.
"""

from __future__ import annotations

import html
import json
import logging
import secrets
from datetime import date, timedelta
from itertools import chain
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, stream_with_context
from simple_salesforce.exceptions import SalesforceError
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from bot.auth.tokens import TokenDecryptError
from bot.escape import escape_mrkdwn
from bot.salesforce.admin import csvio
from bot.salesforce.admin.filters import FilterProblems, build_filter
from bot.salesforce.client import client_for
from bot.salesforce.errors import from_exception
from bot.slack import messages, record_blocks
from bot.slack.admin.access import admin_view
from bot.slack.admin.parsing import split_clauses, stray_words
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.slack.grammar import GrammarError
from bot.slack.records import context
from bot.store.models import UsedExportLink, utcnow
from bot.writes import ConnectionUnavailable

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

LINK_MINUTES = 10
_KEEP_USED = timedelta(days=1)  # rows of used links are dropped after this
EXPORT_PATH = "/admin/export/<token>"
_PURPOSE = "sfbot-export-v1"  # keeps these tokens apart from other secrets the keys encrypt
OBJECTS = {"contact": "Contact", "contacts": "Contact", "lead": "Lead", "leads": "Lead"}


def export(command: SlashCommand) -> Reply | None:
    """The `export` verb (admins only): answers with the download link."""
    try:
        clauses = split_clauses(command.args, keywords=("where",))
    except GrammarError as error:
        return notice(error.render())
    head = clauses.words.get("", [])
    if len(head) != 1 or head[0].value.casefold() not in OBJECTS or clauses.pairs.get(""):
        return notice(messages.EXPORT_USAGE)
    stray = stray_words(clauses, pair_clauses=("where",))
    if stray:
        return notice(stray)
    sobject = OBJECTS[head[0].value.casefold()]
    view = admin_view(command)
    if isinstance(view, Reply):
        return view
    describe = view.describe(sobject)
    noun = escape_mrkdwn(str(describe.get("labelPlural") or sobject)).lower()
    where, shown = None, ""
    pairs = [(arg.key or "", arg.value) for arg in clauses.pairs.get("where", [])]
    if pairs:
        ctx = context.user_context(
            command.services, command.client, team_id=command.team_id or "", user_id=command.user_id
        )
        try:
            conditions = build_filter(view, sobject=sobject, pairs=pairs, ctx=ctx)
        except FilterProblems as found:
            return record_blocks.problems(verb="export", object_label=noun, found=found.problems)
        where, shown = conditions.soql, messages.TRANSFER_FILTER.format(conditions=conditions.shown)
    token = command.services.token_cipher.encrypt(
        json.dumps(
            {
                "p": _PURPOSE,
                "j": secrets.token_urlsafe(16),
                "t": command.team_id or "",
                "u": command.user_id,
                "c": view.connection_id,
                "o": sobject,
                "w": where,
            }
        )
    ).decode()
    url = command.services.settings.public_url.rstrip("/") + EXPORT_PATH.replace("<token>", token)
    filename = f"{noun}-{date.today().isoformat()}.csv"
    text = messages.EXPORT_READY.format(noun=noun, filter=shown, url=url, filename=filename)
    note = messages.EXPORT_LINK_NOTE.format(minutes=LINK_MINUTES)
    return notice(f"{text}\n{note}")


_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
    "<body style='font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto'>"
    "<h1>{title}</h1><p>{body}</p></body></html>"
)


def _page(kind: str, *, detail: str = "") -> Response:
    status, title, body = messages.EXPORT_PAGES[kind]
    title, text = html.escape(title), html.escape(body.format(detail=detail))
    document = _PAGE.format(title=title, body=text)
    response = Response(document, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _claims(services: Services, token: str) -> dict[str, Any] | None:
    try:
        data = json.loads(services.token_cipher.decrypt(token.encode(), ttl=LINK_MINUTES * 60))
    except (TokenDecryptError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("p") != _PURPOSE or data.get("o") not in COLUMNS:
        return None
    if not isinstance(data.get("j"), str) or not data["j"]:
        return None
    return data


def _is_used(services: Services, link_id: str) -> bool:
    with services.sessions() as session:
        return session.get(UsedExportLink, link_id) is not None


def _use(services: Services, link_id: str) -> bool:
    """Record the link as used; False if it already was (the primary key decides races)."""
    try:
        with services.sessions.begin() as session:
            # Links expire within minutes, so older rows can no longer matter.
            session.execute(
                delete(UsedExportLink).where(UsedExportLink.used_at < utcnow() - _KEEP_USED)
            )
            session.add(UsedExportLink(link_id=link_id))
    except IntegrityError:
        return False
    return True


COLUMNS = csvio.COLUMNS


def make_blueprint(services: Services) -> Blueprint:
    """The download route, bound to the app's services."""
    blueprint = Blueprint("admin_export", __name__)

    @blueprint.get(EXPORT_PATH)
    def download(token: str) -> Response:
        claims = _claims(services, token)
        if claims is None:
            return _page("expired")
        if claims["u"] not in services.settings.admins:
            return _page("not_admin")
        if _is_used(services, claims["j"]):
            return _page("used")
        sobject = str(claims["o"])
        try:
            sf = client_for(
                services, team_id=claims["t"], user_id=claims["u"], connection_id=claims["c"]
            )
            if sf.connection is None:
                return _page("connection")
            connection = sf.connection
            describe = services.describe_cache.describe(
                sf, org_id=connection.org_id, sf_user_id=connection.sf_user_id, sobject=sobject
            )
            columns = csvio.columns_for(sobject, describe)
            rows = iter(csvio.export_rows(sf, sobject=sobject, columns=columns, where=claims["w"]))
            first = next(rows, None)  # the first page is read now, so its errors become pages
        except ConnectionUnavailable:
            return _page("connection")
        except SalesforceError as error:
            return _page("salesforce", detail=from_exception(error).message)
        # Marked used only once the export works, so a Salesforce hiccup does not waste it.
        if not _use(services, claims["j"]):
            return _page("used")
        filename = f"{sobject.lower()}s-{date.today().isoformat()}.csv"

        def stream() -> Any:
            try:
                yield from csvio.write_csv(columns, chain([first] if first else [], rows))
            except SalesforceError:
                # Headers are sent: the download ends short; the log says why.
                logger.warning("an export stopped: Salesforce refused a later page")

        response = Response(stream_with_context(stream()), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    return blueprint
