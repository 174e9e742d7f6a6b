"""OAuth web-server flow with PKCE, refresh, revoke, password and client-credentials grants."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

REDIRECT = "http://127.0.0.1:3000/salesforce/oauth/callback"


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _token(emu, **form):
    return emu.session().post(emu.base_url + "/services/oauth2/token", data=form, timeout=30)


def test_authorize_page_shows_login_form(emu):
    resp = emu.session().get(
        emu.base_url + "/services/oauth2/authorize",
        params={
            "response_type": "code",
            "client_id": "devkit",
            "redirect_uri": REDIRECT,
            "state": "s1",
        },
        timeout=30,
    )
    assert resp.status_code == 200 and "text/html" in resp.headers["Content-Type"]
    assert "rep@demo.example" in resp.text and "name='approve'" in resp.text


def test_web_server_flow_with_pkce_and_single_use_code(emu):
    verifier, challenge = _pkce()
    location = emu.authorize(
        redirect_uri=REDIRECT,
        state="xyz",
        code_challenge=challenge,
        username="rep@demo.example",
        scope="api id web refresh_token",  # without openid: no id_token (test_openid)
    )
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(REDIRECT + "?") and query["state"] == ["xyz"]
    grant = {
        "grant_type": "authorization_code",
        "code": query["code"][0],
        "client_id": "devkit",
        "client_secret": "devkit-secret",
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
    }
    resp = _token(emu, **grant)
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {
        "access_token",
        "refresh_token",
        "signature",
        "scope",
        "instance_url",
        "id",
        "token_type",
        "issued_at",
    }
    assert body["instance_url"] == emu.base_url and body["token_type"] == "Bearer"
    assert body["issued_at"].isdigit() and "expires_in" not in body
    assert body["refresh_token"].startswith("5Aep861")
    assert body["access_token"].startswith(emu.org.definition.org_id[:15] + "!")
    again = _token(emu, **grant)  # a code works once
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    session = emu.session()
    session.headers["Authorization"] = "Bearer " + body["access_token"]
    who = session.get(body["id"], timeout=30).json()
    assert who["username"] == "rep@demo.example"
    info = session.get(emu.base_url + "/services/oauth2/userinfo", timeout=30).json()
    assert info["preferred_username"] == "rep@demo.example" and info["sub"] == body["id"]


@pytest.mark.parametrize(
    "change,error",
    [
        ({"code_verifier": "wrong-verifier-wrong-verifier-wrong-verifier-0"}, "invalid_grant"),
        ({"redirect_uri": "http://127.0.0.1:9/other"}, "redirect_uri_mismatch"),
    ],
)
def test_token_exchange_checks_pkce_and_redirect(emu, change, error):
    verifier, challenge = _pkce()
    code = emu.code_from(
        emu.authorize(redirect_uri=REDIRECT, code_challenge=challenge, username="rep@demo.example")
    )
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": "devkit",
        "redirect_uri": REDIRECT,
        "code_verifier": verifier,
        **change,
    }
    resp = _token(emu, **form)
    assert resp.status_code == 400 and resp.json()["error"] == error


def test_deny_redirects_with_access_denied(emu):
    location = emu.authorize(
        redirect_uri=REDIRECT, state="s", username="rep@demo.example", approve=False
    )
    assert parse_qs(urlsplit(location).query)["error"] == ["access_denied"]


def test_refresh_then_revoke_kills_session(emu):
    verifier, challenge = _pkce()
    code = emu.code_from(
        emu.authorize(redirect_uri=REDIRECT, code_challenge=challenge, username="rep@demo.example")
    )
    first = _token(
        emu,
        grant_type="authorization_code",
        code=code,
        client_id="devkit",
        redirect_uri=REDIRECT,
        code_verifier=verifier,
    ).json()
    refreshed = _token(
        emu,
        grant_type="refresh_token",
        refresh_token=first["refresh_token"],
        client_id="devkit",
        client_secret="devkit-secret",
    )
    assert refreshed.status_code == 200 and "refresh_token" not in refreshed.json()
    session = emu.session()
    session.headers["Authorization"] = "Bearer " + refreshed.json()["access_token"]
    url = emu.base_url + "/services/data/v59.0/sobjects/Account/describe"
    assert session.get(url, timeout=30).status_code == 200
    revoke = emu.session().post(
        emu.base_url + "/services/oauth2/revoke", data={"token": first["refresh_token"]}, timeout=30
    )
    assert revoke.status_code == 200 and revoke.content == b""
    dead = session.get(url, timeout=30)
    assert dead.status_code == 401
    assert dead.json() == [
        {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}
    ]
    again = _token(
        emu, grant_type="refresh_token", refresh_token=first["refresh_token"], client_id="devkit"
    )
    assert again.status_code == 400
    assert again.json() == {
        "error": "invalid_grant",
        "error_description": "expired access/refresh token",
    }


def test_password_and_client_credentials_grants(emu):
    ok = _token(
        emu,
        grant_type="password",
        client_id="devkit",
        client_secret="devkit-secret",
        username="admin@demo.example",
        password="demo",
    )
    assert ok.status_code == 200 and "refresh_token" not in ok.json()
    bad = _token(
        emu,
        grant_type="password",
        client_id="devkit",
        client_secret="devkit-secret",
        username="admin@demo.example",
        password="nope",
    )
    assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"
    cc = _token(
        emu, grant_type="client_credentials", client_id="devkit", client_secret="devkit-secret"
    )
    assert cc.status_code == 200
    assert cc.json()["id"].endswith(emu.user_id("integration@demo.example"))


def test_expired_tokens_give_invalid_session(emu, rep):
    assert rep.get("sobjects/Account/describe").status_code == 200
    emu.expire_tokens()
    resp = rep.get("sobjects/Account/describe")
    assert resp.status_code == 401 and resp.json()[0]["errorCode"] == "INVALID_SESSION_ID"
