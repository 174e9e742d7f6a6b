"""OpenID Connect: `id_token` when `openid` is granted, verified with joserfc against /id/keys."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet

from tests.fixtures.oauth import exchange_code

REDIRECT = "http://127.0.0.1:3999/callback"


def _exchange(emu, **authorize) -> dict:
    resp = exchange_code(emu, redirect_uri=REDIRECT, **authorize)
    assert resp.status_code == 200, resp.text
    return resp.json()


def _keys(emu):
    resp = emu.session().get(emu.base_url + "/id/keys", timeout=30)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/json")
    return resp.json()


def _verify(emu, id_token: str) -> dict:
    token = jwt.decode(id_token, KeySet.import_key_set(_keys(emu)), algorithms=["RS256"])
    return dict(token.claims)


def _header(id_token: str) -> dict:
    head = id_token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))


def _at_hash(token: str) -> str:
    digest = hashlib.sha256(token.encode()).digest()
    return base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()


def test_openid_scope_adds_a_signed_id_token(emu):
    body = _exchange(emu, scope="api id refresh_token openid", nonce="n-0S6_WzA2Mj")
    assert "openid" in body["scope"].split()
    header = _header(body["id_token"])
    assert header["alg"] == "RS256" and header["typ"] == "JWT"
    assert header["kid"] in {k["kid"] for k in _keys(emu)["keys"]}
    claims = _verify(emu, body["id_token"])
    assert claims["sub"] == body["id"]
    assert claims["aud"] == "devkit"
    assert claims["iss"] == emu.base_url
    assert claims["nonce"] == "n-0S6_WzA2Mj"
    assert claims["at_hash"] == _at_hash(body["access_token"])
    assert claims["exp"] - claims["iat"] == 120
    assert "expires_in" not in body and body["refresh_token"].startswith("5Aep861")


def test_refresh_grant_returns_a_new_id_token(emu):
    first = _exchange(emu, scope="api refresh_token openid")
    resp = emu.session().post(
        emu.base_url + "/services/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": first["refresh_token"],
            "client_id": "devkit",
            "client_secret": "devkit-secret",
        },
        timeout=30,
    )
    refreshed = resp.json()
    assert "refresh_token" not in refreshed
    claims = _verify(emu, refreshed["id_token"])
    assert claims["at_hash"] == _at_hash(refreshed["access_token"])
    assert "nonce" not in claims


def test_no_openid_no_id_token(emu):
    body = _exchange(emu, scope="api id refresh_token")
    assert "id_token" not in body


def test_a_tampered_id_token_fails_verification(emu):
    token = _exchange(emu, scope="openid api")["id_token"]
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = claims["sub"].replace("005", "006")
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(BadSignatureError):
        _verify(emu, f"{head}.{forged}.{signature}")


def test_discovery_document_points_at_the_endpoints(emu):
    config = emu.session().get(emu.base_url + "/.well-known/openid-configuration").json()
    assert config["issuer"] == emu.base_url
    assert config["jwks_uri"] == emu.base_url + "/id/keys"
    assert config["token_endpoint"] == emu.base_url + "/services/oauth2/token"
    assert config["authorization_endpoint"] == emu.base_url + "/services/oauth2/authorize"
    assert "openid" in config["scopes_supported"]
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]
    # The JWKS is public: no token needed, and the key is RSA with use=sig.
    (key,) = _keys(emu)["keys"]
    assert key["kty"] == "RSA" and key["use"] == "sig" and key["alg"] == "RS256"
