"""OAuth response shapes against ../shared/salesforce/oauth."""

from __future__ import annotations

import json

from tests.devkit_salesforce.conftest import emu, emu_server  # noqa: F401
from tests.fixtures.oauth import exchange_code

REDIRECT = "http://localhost:8080/cb"


def _load(shared_dir, name):
    return json.loads((shared_dir / "salesforce" / "oauth" / name).read_text())


def test_token_identity_userinfo_shapes(shared_dir, emu):  # noqa: F811
    # The scopes of the captured response (no openid, so no id_token).
    token = exchange_code(emu, redirect_uri=REDIRECT, scope="id api web refresh_token").json()
    session = emu.session()
    real = _load(shared_dir, "token_webserver_or_password_with_refresh.real.json")["body"]
    assert set(token) == set(real)
    refreshed = session.post(
        emu.base_url + "/services/oauth2/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": token["refresh_token"],
            "client_id": "devkit",
            "client_secret": "devkit-secret",
        },
        timeout=30,
    ).json()
    assert set(_load(shared_dir, "token_refresh_success.restforce.json")) <= set(refreshed)
    assert "refresh_token" not in refreshed
    session.headers["Authorization"] = "Bearer " + token["access_token"]
    identity = session.get(token["id"], timeout=30).json()
    assert set(_load(shared_dir, "identity_url_response.real.json")["body"]) == set(identity)
    info = session.get(emu.base_url + "/services/oauth2/userinfo", timeout=30).json()
    assert set(_load(shared_dir, "userinfo.partial.json")["body"]) <= set(info)
    assert set(_load(shared_dir, "userinfo.partial.json")["body"]["urls"]) <= set(info["urls"])


def test_token_errors_are_objects(shared_dir, emu):  # noqa: F811
    session = emu.session()
    bad = session.post(
        emu.base_url + "/services/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": "5Aep861nope", "client_id": "devkit"},
        timeout=30,
    )
    assert bad.status_code == 400
    assert bad.json() == _load(shared_dir, "token_refresh_error_expired.json")
    pw = session.post(
        emu.base_url + "/services/oauth2/token",
        data={
            "grant_type": "password",
            "client_id": "devkit",
            "username": "rep@demo.example",
            "password": "wrong",
        },
        timeout=30,
    )
    assert set(pw.json()) == set(_load(shared_dir, "token_error_invalid_password.json"))
