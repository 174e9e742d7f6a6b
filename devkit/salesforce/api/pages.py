"""Plain HTML pages: the OAuth login-and-allow page, OAuth errors, and a record view.

The record view answers ``/lightning/r/<Object>/<id>/view`` on the emulator's host, so the bot's
record links work when the instance is the emulator.
"""

from __future__ import annotations

from html import escape
from typing import Any

from werkzeug.wrappers import Response

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;color:#181818}"
    "label{display:block;margin:.6rem 0 .2rem}input[type=text],input[type=password]"
    "{width:100%;padding:.4rem}button{margin:1rem .5rem 0 0;padding:.5rem 1.2rem}"
    "table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;"
    "text-align:left;vertical-align:top}.error{color:#b00}"
)


def _page(title: str, body: str, status: int = 200) -> Response:
    html = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body>{body}</body></html>"
    )
    return Response(html, status=status, mimetype="text/html")


def login_page(
    params: dict[str, str], *, users: list[str], error: str | None = None, status: int = 200
) -> Response:
    hidden = "".join(
        f"<input type='hidden' name='{escape(k)}' value='{escape(v)}'>"
        for k, v in params.items()
        if k not in {"username", "password", "approve"}
    )
    first = users[0] if users else ""
    who = "".join(f"<li><code>{escape(u)}</code></li>" for u in users)
    err = f"<p class='error'>{escape(error)}</p>" if error else ""
    body = (
        "<h1>Log in to the devkit org</h1>"
        f"{err}<p>Allow <b>{escape(params.get('client_id', ''))}</b> to access your data?</p>"
        "<form method='post' action='/services/oauth2/authorize'>"
        f"{hidden}<label for='username'>Username</label>"
        f"<input type='text' id='username' name='username' value='{escape(first)}'>"
        "<label for='password'>Password</label>"
        "<input type='password' id='password' name='password' value='demo'>"
        "<button type='submit' name='approve' value='1'>Allow</button>"
        "<button type='submit' name='approve' value='0'>Deny</button></form>"
        f"<p>Demo users (password <code>demo</code>):</p><ul>{who}</ul>"
    )
    return _page("Log in | devkit Salesforce", body, status)


def oauth_error(error: str, description: str) -> Response:
    body = (
        f"<h1>OAuth error</h1><p class='error'>error={escape(error)}"
        f"&amp;error_description={escape(description)}</p>"
    )
    return _page("OAuth error", body, 400)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def record_view(sobject: str, record: dict[str, Any] | None, labels: dict[str, str]) -> Response:
    if record is None:
        return _page("Not found", "<h1>Record not found</h1>", 404)
    rows = "".join(
        f"<tr><th>{escape(labels.get(k, k))}</th><td>{escape(_text(v))}</td></tr>"
        for k, v in record.items()
    )
    title = record.get("Name") or record.get("Subject") or record.get("Title") or record["Id"]
    deleted = (
        "<p class='error'>This record is in the recycle bin.</p>" if record.get("IsDeleted") else ""
    )
    body = f"<p>{escape(sobject)}</p><h1>{escape(str(title))}</h1>{deleted}<table>{rows}</table>"
    return _page(f"{title} | {sobject}", body)
