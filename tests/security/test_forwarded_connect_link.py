"""A Connect link forwarded to someone else cannot connect their Salesforce account silently.

Opening the link only shows whose link it is; nothing binds the browser until its button is
pressed, and the button's POST is refused when another site sends it.
"""

from __future__ import annotations

from urllib.parse import parse_qs, parse_qsl, urlsplit

import requests

from bot.auth.callback import BINDING_COOKIE
from devkit.slack.simulator import DEFAULT_USER
from tests.fixtures.connect import ConnectEnv, button_url, confirm_start


def test_opening_a_forwarded_link_binds_nothing_and_warns(connect_env: ConnectEnv) -> None:
    env = connect_env
    link = button_url(env.slash("connect", user=DEFAULT_USER))
    someone_else = requests.Session()
    page = someone_else.get(link, allow_redirects=False, timeout=10)
    assert page.status_code == 200
    assert "Set-Cookie" not in page.headers
    assert BINDING_COOKIE not in someone_else.cookies
    assert "If someone sent you this link, do not continue" in page.text
    assert f"Slack user {DEFAULT_USER} in workspace T0DEMO0001" in page.text
    assert "<form method='post'" in page.text
    # Going straight on to Salesforce and back without the confirmation connects no one.
    state = dict(parse_qsl(urlsplit(link).query))["state"]
    authorize = confirm_start(link, browser=requests.Session())
    assert parse_qs(urlsplit(authorize).query)["state"] == [state]
    back = env.approve(authorize, username="readonly@demo.example")
    refused = someone_else.get(back, allow_redirects=False, timeout=10)
    assert refused.status_code == 403, refused.text[:300]
    assert env.services.connections.count() == 0


def test_salesforce_is_asked_to_show_who_signs_in(connect_env: ConnectEnv) -> None:
    env = connect_env
    authorize = env.start(button_url(env.slash("connect")))
    assert parse_qs(urlsplit(authorize).query)["prompt"] == ["login consent"]
    # devkit's authorize endpoint accepts it and shows its login page.
    login = requests.get(authorize, verify=env.emu.ca_file, timeout=10)
    assert login.status_code == 200 and "name='username'" in login.text


def _post(env: ConnectEnv, link: str, headers: dict[str, str]) -> requests.Response:
    state = dict(parse_qsl(urlsplit(link).query))["state"]
    return requests.post(
        env.base_url + "/salesforce/oauth/start",
        data={"state": state},
        headers=headers,
        allow_redirects=False,
        timeout=10,
    )


def test_a_cross_site_post_is_refused(connect_env: ConnectEnv) -> None:
    env = connect_env
    link = button_url(env.slash("connect", user=DEFAULT_USER))
    for headers in (
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
    ):
        response = _post(env, link, headers)
        assert response.status_code == 403, headers
        assert "another site" in response.text
        assert BINDING_COOKIE not in response.headers.get("Set-Cookie", "")
    # The same POST from our own page goes on to Salesforce (and the state is still usable).
    ok = _post(env, link, {"Origin": env.base_url, "Sec-Fetch-Site": "same-origin"})
    assert ok.status_code == 303 and BINDING_COOKIE in ok.headers["Set-Cookie"]
    assert ok.headers["Location"].startswith(env.emu.base_url + "/services/oauth2/authorize")


def test_a_post_with_a_bad_state_gets_the_usual_page(connect_env: ConnectEnv) -> None:
    env = connect_env
    response = _post(env, "http://x/?state=nope", {"Origin": env.base_url})
    assert response.status_code == 400 and "not valid" in response.text
