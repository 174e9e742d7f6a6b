"""The confirmation step of `/salesforce/oauth/start`, against forwarded Connect links.

A GET only shows who the link is for; the binding cookie is set by the POST of its button. So a
link forwarded to someone else shows them whose account they would connect, and nothing happens
without a deliberate click. The POST refuses cross-site requests, so another site cannot submit
the form (with a state of its own) behind a user's back.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from flask import Request, Response

from bot.auth.oauth_states import PendingState
from bot.auth.salesforce_oauth import START_PATH

CONFIRM_TITLE = "Connect your Salesforce account"
CONFIRM_BODY = "Connect Salesforce to Slack user {user} in workspace {team}?"
CONFIRM_WARNING = (
    "If someone sent you this link, do not continue: you would be signing in to Salesforce "
    "for them, and they would act with your Salesforce account."
)
CONFIRM_BUTTON = "Continue to Salesforce"
CROSS_SITE_TITLE = "This request came from another site"
CROSS_SITE_BODY = (
    "Connecting Salesforce must be started from the button on our own page. Nothing was "
    "changed. Type /sf connect in Slack to get a new link."
)

_DOCUMENT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;
color:#1d1c1d}}h1{{font-size:1.4rem}}p{{line-height:1.5}}.warning{{font-weight:600}}
button{{font-size:1rem;padding:.5rem 1rem}}</style></head>
<body><h1>{title}</h1>{content}<p><small>sfbot</small></p></body></html>
"""


def _response(document: str, status: int) -> Response:
    response = Response(document, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    # same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on the POST.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    # No form-action: browsers apply it to the POST's redirect to Salesforce as well.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
    )
    return response


def confirm_page(pending: PendingState) -> Response:
    """The page a GET of the start link shows: who the link is for, a warning and a button."""
    esc = html.escape
    question = CONFIRM_BODY.format(user=pending.slack_user_id, team=pending.team_id)
    content = (
        f"<p>{esc(question)}</p>"
        f"<p class='warning'>{esc(CONFIRM_WARNING)}</p>"
        f"<form method='post' action='{esc(START_PATH)}'>"
        f"<input type='hidden' name='state' value='{esc(pending.state)}'>"
        f"<button type='submit'>{esc(CONFIRM_BUTTON)}</button></form>"
    )
    return _response(_DOCUMENT.format(title=esc(CONFIRM_TITLE), content=content), 200)


def cross_site_page() -> Response:
    esc = html.escape
    content = f"<p>{esc(CROSS_SITE_BODY)}</p>"
    return _response(_DOCUMENT.format(title=esc(CROSS_SITE_TITLE), content=content), 403)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_cross_site(request: Request, *, public_url: str) -> bool:
    """True when the browser says the POST came from another site (headers absent: allowed).

    `Sec-Fetch-Site` must be `same-origin` when sent; `Origin`, when sent, must be our public
    URL's origin or the origin the request was addressed to.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site.lower() != "same-origin":
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    allowed = {_origin(public_url), _origin(request.host_url)}
    return origin.lower().rstrip("/") not in allowed
