"""`/sf connect` and the Connect prompt, up to the redirect to Salesforce (no Salesforce needed)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from sqlalchemy import select

from bot.auth.callback import BINDING_COOKIE
from bot.slack import ids, messages
from bot.store.models import SalesforceOAuthState
from tests.fixtures.connect import confirm_start

LOGIN = "https://127.0.0.1:1"
SF = {"salesforce_client_id": "devkit", "salesforce_client_secret": "devkit-secret"}


def _button_url(reply: dict) -> str:
    section = next(b for b in reply["blocks"] if b.get("block_id") == ids.CONNECT_PROMPT_BLOCK)
    assert section["accessory"]["action_id"] == ids.CONNECT_BUTTON_ACTION
    return section["accessory"]["url"]


@pytest.fixture
def app(serve_connect, slack):
    bot, base_url = serve_connect(salesforce_login_url=LOGIN, **SF)
    slack.app_url = base_url
    return bot, base_url


def test_connect_button_leads_to_salesforce_with_pkce(app, slack) -> None:
    bot, base_url = app
    reply = slack.slash("connect").json()
    assert reply["response_type"] == "ephemeral"
    url = _button_url(reply)
    assert url.startswith(base_url + "/salesforce/oauth/start?state=")
    browser = requests.Session()
    location = urlsplit(confirm_start(url, browser=browser))
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        LOGIN + "/services/oauth2/authorize"
    )
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [base_url + "/salesforce/oauth/callback"]
    assert query["client_id"] == ["devkit"]
    assert query["state"] == parse_qs(urlsplit(url).query)["state"]
    assert query["prompt"] == ["login consent"]
    cookie = next(c for c in browser.cookies if c.name == BINDING_COOKIE)
    assert cookie.has_nonstandard_attr("HttpOnly")
    assert cookie.get_nonstandard_attr("SameSite") == "Lax"


def test_sandbox_and_my_domain_hosts(app, slack) -> None:
    for typed, host in (
        ("sandbox", "test.salesforce.com"),
        ("acme.my.salesforce.com", "acme.my.salesforce.com"),
    ):
        url = _button_url(slack.slash(f"connect {typed}").json())
        location = confirm_start(url, browser=requests.Session())
        assert urlsplit(location).netloc == host


def test_a_host_outside_salesforce_is_refused(app, slack) -> None:
    reply = slack.slash("connect evil.example.com").json()
    assert "evil.example.com is not a Salesforce domain" in reply["text"]
    assert "/sf connect sandbox" in reply["text"]
    with app[0].services.sessions() as session:
        assert session.scalars(select(SalesforceOAuthState)).all() == []


def test_a_command_needing_salesforce_keeps_what_was_typed(app, slack) -> None:
    reply = slack.slash("whoami").json()
    assert "connect your Salesforce account first" in reply["text"]
    state = parse_qs(urlsplit(_button_url(reply)).query)["state"][0]
    with app[0].services.sessions() as session:
        row = session.get(SalesforceOAuthState, state)
        assert row.pending_command == {"kind": "slash", "text": "whoami"}
        assert (row.team_id, row.slack_user_id) == (slack.team_id, "U0USER0001")
        assert row.channel_id == "C0CHAN0001" and row.response_url


def test_unknown_start_link(app) -> None:
    response = requests.get(app[1] + "/salesforce/oauth/start?state=nope", timeout=10)
    assert response.status_code == 400
    assert "not valid" in response.text


def test_without_a_connected_app_the_user_is_told(serve_connect, slack) -> None:
    _, base_url = serve_connect()
    slack.app_url = base_url
    reply = slack.slash("connect").json()
    assert reply["text"] == messages.CONNECT_NOT_CONFIGURED
