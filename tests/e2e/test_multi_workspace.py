"""Multi-workspace mode: bolt's OAuth install flow on slack_sdk's SQLAlchemy stores."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import requests
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import text

from bot.app import BOT_SCOPES
from bot.slack import messages


def _multi(make_settings, serve_app):
    settings = make_settings(
        slack_bot_token=None, slack_client_id="111.222", slack_client_secret="client-secret-value"
    )
    return serve_app(settings)


def test_install_page_links_to_slack_with_a_stored_state(make_settings, serve_app):
    running = _multi(make_settings, serve_app)
    response = requests.get(f"{running.base_url}/slack/install", timeout=5)
    assert response.status_code == 200
    link = next(
        part.split('"')[0]
        for part in response.text.split('href="')[1:]
        if "oauth/v2/authorize" in part
    )
    query = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    assert query["client_id"] == ["111.222"]
    assert query["scope"] == [",".join(BOT_SCOPES)]
    assert query["redirect_uri"] == [f"{running.services.settings.public_url}/slack/oauth_redirect"]
    with running.services.engine.connect() as connection:
        states = connection.execute(text("SELECT state FROM slack_oauth_states")).scalars().all()
    assert query["state"] == list(states)


def test_redirect_with_an_unknown_state_is_refused(make_settings, serve_app):
    running = _multi(make_settings, serve_app)
    response = requests.get(
        f"{running.base_url}/slack/oauth_redirect",
        params={"code": "x", "state": "forged"},
        timeout=5,
    )
    assert response.status_code == 400


def test_installed_workspace_gets_answers(make_settings, serve_app):
    running = _multi(make_settings, serve_app)
    sim = running.slack
    running.services.installation_store.save(
        Installation(
            app_id=sim.state.app_id,
            team_id=sim.state.team_id,
            user_id=sim.default_user,
            bot_token=sim.bot_token,
            bot_id=sim.state.bot_id,
            bot_user_id=sim.state.bot_user_id,
            bot_scopes=list(BOT_SCOPES),
        )
    )
    result = sim.slash("help")
    assert result.status == 200 and result.applied == "ephemeral", result.body


def test_workspace_without_installation_is_told_to_install(make_settings, serve_app):
    running = _multi(make_settings, serve_app)
    sim = running.slack
    result = sim.slash("help")
    assert result.status == 200
    posts = sim.wait_for(lambda: sim.response_url_posts(user=sim.default_user))
    expected = messages.NOT_INSTALLED.format(
        install_url=running.services.settings.public_url + "/slack/install"
    )
    assert posts[0]["body"]["text"] == expected
