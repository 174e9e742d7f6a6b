"""OAuth 2.0 endpoints: authorize page, token grants, revoke, userinfo and the identity URL.

Shapes follow ../shared/salesforce/oauth (README §3.1). Errors of the token endpoint are 400
objects ``{"error", "error_description"}``; the authorize page reports client and redirect URI
problems on an HTML page, as Salesforce does, and everything else on the redirect.
"""

from __future__ import annotations

import hmac
import re
import time
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from devkit.salesforce.api import openid, pages
from devkit.salesforce.api.tokens import pkce_s256, signature
from devkit.salesforce.state import ServerState

_LOOPBACK = re.compile(r"^http://(127\.0\.0\.1|localhost)(:\d+)?(/.*)?$")


def _json(body: Any, status: int = 200) -> Response:
    import json

    return Response(
        json.dumps(body),
        status=status,
        mimetype="application/json",
        headers={"Cache-Control": "no-cache,must-revalidate,max-age=0,no-store,private"},
    )


def _token_error(error: str, description: str, status: int = 400) -> Response:
    return _json({"error": error, "error_description": description}, status)


def _app(state: ServerState) -> dict[str, Any]:
    return state.org.definition.connected_app


def _redirect_ok(state: ServerState, uri: str) -> bool:
    return bool(_LOOPBACK.match(uri or "")) or uri in _app(state).get("callback_urls", [])


def _scope(state: ServerState, requested: str | None) -> str:
    available = _app(state).get("scopes", ["api", "id", "web", "refresh_token"])
    if not requested:
        return " ".join(available)
    wanted = requested.replace("+", " ").split()
    if "full" in wanted:
        return " ".join(available)
    return " ".join(s for s in wanted if s in available) or "api"


def identity_url(state: ServerState, user_id: str) -> str:
    return f"{state.base_url}/id/{state.org.definition.org_id}/{user_id}"


def token_body(
    state: ServerState,
    user_id: str,
    token: str,
    scope: str,
    refresh: str | None,
    *,
    client_id: str | None = None,
    nonce: str | None = None,
) -> dict[str, Any]:
    """A token response; ``client_id`` given and ``openid`` granted → with an ``id_token``."""
    issued = str(int(time.time() * 1000))
    ident = identity_url(state, user_id)
    body = {
        "access_token": token,
        "signature": signature(_app(state).get("client_secret", ""), ident, issued),
        "scope": scope,
        "instance_url": state.base_url,
        "id": ident,
        "token_type": "Bearer",
        "issued_at": issued,
    }
    if refresh:
        body["refresh_token"] = refresh
    if client_id and "openid" in scope.split():
        body["id_token"] = openid.id_token(
            state, access_token=token, identity_url=ident, client_id=client_id, nonce=nonce
        )
    return body


def authorize(state: ServerState, request: Request) -> Response:
    params = {**request.args.to_dict(), **request.form.to_dict()}
    app = _app(state)
    if params.get("client_id") != app.get("client_id"):
        return pages.oauth_error("invalid_client_id", "client identifier invalid")
    redirect_uri = params.get("redirect_uri", "")
    if not _redirect_ok(state, redirect_uri):
        return pages.oauth_error("redirect_uri_mismatch", "redirect_uri must match configuration")
    sep = "&" if "?" in redirect_uri else "?"

    def back(values: dict[str, str]) -> Response:
        if params.get("state") is not None:
            values["state"] = params["state"]
        return Response(status=302, headers={"Location": redirect_uri + sep + urlencode(values)})

    if params.get("response_type", "code") != "code":
        return back(
            {
                "error": "unsupported_response_type",
                "error_description": "response type not supported",
            }
        )
    method = params.get("code_challenge_method")
    if params.get("code_challenge") and method not in (None, "S256"):
        return back(
            {"error": "invalid_request", "error_description": "invalid code_challenge_method"}
        )
    if request.method == "GET":
        return pages.login_page(params, users=[u["Username"] for u in state.org.definition.users])
    if params.get("approve") in {"0", "false", "deny"}:
        return back(
            {"error": "access_denied", "error_description": "end-user denied authorization"}
        )
    user = state.org.check_password(params.get("username", ""), params.get("password", ""))
    if user is None:
        return pages.login_page(
            params,
            users=[u["Username"] for u in state.org.definition.users],
            error="Please check your username and password. If you still "
            "can't log in, contact your Salesforce administrator.",
            status=200,
        )
    code = state.tokens.new_code(
        user_id=user.id,
        client_id=params["client_id"],
        redirect_uri=redirect_uri,
        scope=_scope(state, params.get("scope")),
        challenge=params.get("code_challenge"),
        challenge_method=method or ("S256" if params.get("code_challenge") else None),
        nonce=params.get("nonce"),
    )
    return back({"code": code})


def token(state: ServerState, request: Request) -> Response:
    if request.method != "POST":
        return _token_error("invalid_request", "must use HTTP POST")
    form = request.form
    grant_type = form.get("grant_type")
    app = _app(state)
    if form.get("client_id") is not None and form.get("client_id") != app.get("client_id"):
        return _token_error("invalid_client_id", "client identifier invalid")
    secret = form.get("client_secret")
    if secret is not None and not hmac.compare_digest(secret, app.get("client_secret", "")):
        return _token_error("invalid_client", "invalid client credentials")
    if grant_type == "authorization_code":
        return _authorization_code(state, form)
    if grant_type == "refresh_token":
        grant = state.tokens.refresh_grant(form.get("refresh_token", ""))
        user = state.org.user(grant.user_id) if grant else None
        if grant is None or user is None or not user.record.get("IsActive", True):
            return _token_error("invalid_grant", "expired access/refresh token")
        access, _ = state.tokens.issue(
            user_id=grant.user_id,
            client_id=grant.client_id,
            scope=grant.scope,
            refresh=form["refresh_token"],
        )
        return _json(
            token_body(state, grant.user_id, access, grant.scope, None, client_id=grant.client_id)
        )
    if grant_type == "password":
        if form.get("client_id") is None:
            return _token_error("invalid_client_id", "client identifier invalid")
        user = state.org.check_password(form.get("username", ""), form.get("password", ""))
        if user is None:
            return _token_error("invalid_grant", "authentication failure")
        scope = _scope(state, None).replace("refresh_token", "").strip().replace("  ", " ")
        access, _ = state.tokens.issue(user_id=user.id, client_id=app["client_id"], scope=scope)
        return _json(token_body(state, user.id, access, scope, None))
    if grant_type == "client_credentials":
        if form.get("client_id") is None or secret is None:
            return _token_error("invalid_client", "invalid client credentials")
        user = state.org.user_by_key(app.get("run_as", "")) or state.org.admin()
        scope = _scope(state, None).replace("refresh_token", "").strip().replace("  ", " ")
        access, _ = state.tokens.issue(user_id=user.id, client_id=app["client_id"], scope=scope)
        return _json(token_body(state, user.id, access, scope, None))
    return _token_error("unsupported_grant_type", "grant type not supported")


def _authorization_code(state: ServerState, form: Any) -> Response:
    grant = state.tokens.take_code(form.get("code", ""))
    if grant is None:
        return _token_error("invalid_grant", "invalid authorization code")
    if form.get("redirect_uri") != grant.redirect_uri:
        return _token_error("redirect_uri_mismatch", "redirect_uri must match configuration")
    if grant.challenge:
        verifier = form.get("code_verifier") or ""
        if not verifier or not hmac.compare_digest(pkce_s256(verifier), grant.challenge):
            return _token_error("invalid_grant", "invalid code verifier")
    elif form.get("client_secret") is None:
        return _token_error("invalid_client", "invalid client credentials")
    with_refresh = "refresh_token" in grant.scope.split()
    access, refresh = state.tokens.issue(
        user_id=grant.user_id,
        client_id=grant.client_id,
        scope=grant.scope,
        with_refresh=with_refresh,
    )
    return _json(
        token_body(
            state,
            grant.user_id,
            access,
            grant.scope,
            refresh,
            client_id=grant.client_id,
            nonce=grant.nonce,
        )
    )


def revoke(state: ServerState, request: Request) -> Response:
    value = request.form.get("token") or request.args.get("token")
    if not value:
        return _token_error("unsupported_token_type", "missing token parameter")
    if not state.tokens.revoke(value):
        return _token_error("invalid_token", "invalid token")
    return Response(b"", status=200)


def bearer(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    for prefix in ("Bearer ", "OAuth "):
        if header.startswith(prefix):
            return header[len(prefix) :].strip()
    return None


def _urls(state: ServerState, user_id: str) -> dict[str, str]:
    host, org15 = state.base_url, state.org.definition.org_id[:15]
    data = f"{host}/services/data/v{{version}}"
    return {
        "enterprise": f"{host}/services/Soap/c/{{version}}/{org15}",
        "metadata": f"{host}/services/Soap/m/{{version}}/{org15}",
        "partner": f"{host}/services/Soap/u/{{version}}/{org15}",
        "rest": f"{data}/",
        "sobjects": f"{data}/sobjects/",
        "search": f"{data}/search/",
        "query": f"{data}/query/",
        "recent": f"{data}/recent/",
        "tooling_soap": f"{host}/services/Soap/T/{{version}}/{org15}",
        "tooling_rest": f"{data}/tooling/",
        "profile": f"{host}/{user_id}",
        "feeds": f"{data}/chatter/feeds",
        "groups": f"{data}/chatter/groups",
        "users": f"{data}/chatter/users",
        "feed_items": f"{data}/chatter/feed-items",
        "feed_elements": f"{data}/chatter/feed-elements",
        "custom_domain": host,
    }


def _user_for(state: ServerState, request: Request) -> Any:
    grant = state.tokens.check(bearer(request) or "")
    return state.org.user(grant.user_id) if grant else None


def userinfo(state: ServerState, request: Request) -> Response:
    user = _user_for(state, request)
    if user is None:
        return Response("Bad_OAuth_Token", status=403, mimetype="text/plain")
    rec = user.record
    return _json(
        {
            "sub": identity_url(state, user.id),
            "user_id": user.id,
            "organization_id": state.org.definition.org_id,
            "preferred_username": rec["Username"],
            "nickname": rec.get("CommunityNickname"),
            "name": rec.get("Name"),
            "email": rec.get("Email"),
            "email_verified": True,
            "given_name": rec.get("FirstName"),
            "family_name": rec.get("LastName"),
            "zoneinfo": rec.get("TimeZoneSidKey"),
            "photos": {
                "picture": f"{state.base_url}/profilephoto/005/F",
                "thumbnail": f"{state.base_url}/profilephoto/005/T",
            },
            "profile": f"{state.base_url}/{user.id}",
            "phone_number": rec.get("MobilePhone"),
            "phone_number_verified": False,
            "address": {},
            "is_salesforce_integration_user": False,
            "urls": _urls(state, user.id),
            "active": bool(rec.get("IsActive", True)),
            "user_type": "STANDARD",
            "language": rec.get("LanguageLocaleKey"),
            "locale": rec.get("LocaleSidKey"),
            "utcOffset": -28800000,
            "updated_at": rec.get("LastModifiedDate"),
            "is_app_installed": True,
        }
    )


def identity(state: ServerState, request: Request, org_id: str, user_id: str) -> Response:
    caller = _user_for(state, request)
    if caller is None:
        return Response("Bad_OAuth_Token", status=403, mimetype="text/plain")
    user = state.org.user(user_id)
    if org_id != state.org.definition.org_id or user is None:
        return Response("Bad_Id", status=404, mimetype="text/plain")
    rec = user.record
    return _json(
        {
            "id": identity_url(state, user.id),
            "asserted_user": caller.id == user.id,
            "user_id": user.id,
            "organization_id": state.org.definition.org_id,
            "username": rec["Username"],
            "nick_name": rec.get("CommunityNickname"),
            "display_name": rec.get("Name"),
            "email": rec.get("Email"),
            "email_verified": True,
            "first_name": rec.get("FirstName"),
            "last_name": rec.get("LastName"),
            "timezone": rec.get("TimeZoneSidKey"),
            "photos": {
                "picture": f"{state.base_url}/profilephoto/005/F",
                "thumbnail": f"{state.base_url}/profilephoto/005/T",
            },
            "addr_street": None,
            "addr_city": None,
            "addr_state": None,
            "addr_country": None,
            "addr_zip": None,
            "mobile_phone": rec.get("MobilePhone"),
            "mobile_phone_verified": False,
            "is_lightning_login_user": False,
            "status": {"created_date": None, "body": None},
            "urls": _urls(state, user.id),
            "active": bool(rec.get("IsActive", True)),
            "user_type": "STANDARD",
            "language": rec.get("LanguageLocaleKey"),
            "locale": rec.get("LocaleSidKey"),
            "utcOffset": -28800000,
            "last_modified_date": rec.get("LastModifiedDate"),
            "is_app_installed": True,
        }
    )
