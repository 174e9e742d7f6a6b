"""`/sf api`: an admin's raw REST reads, end to end (Slack simulator → app → devkit Salesforce)."""

from __future__ import annotations

import json

import pytest

from bot.slack import ids, messages
from bot.store.models import WriteIntent
from tests.fixtures.records import ADA, SAM


@pytest.fixture
def admin_env(make_records_env):
    # Sam is the sfbot admin; in Salesforce he is admin@demo.example (System Administrator).
    return make_records_env(sfbot_admins=SAM)


def _body(reply: dict) -> str:
    """The code blocks of an api reply, joined, without fences."""
    parts = [
        b["text"]["text"].strip("`")
        for b in reply["blocks"]
        if b.get("block_id", "").startswith(ids.ADMIN_API_BODY_BLOCK_PREFIX)
    ]
    return "\n".join(parts)


def test_get_limits_shows_the_json_in_a_code_block(admin_env) -> None:
    before = len(admin_env.emu.requests())
    reply = admin_env.run("api GET /limits", user=SAM)
    assert "`GET /services/data/v62.0/limits` → *200 OK*" in reply["text"], reply["text"]
    body = json.loads(_body(reply))
    assert body["DailyApiRequests"]["Max"] == 15000
    sent = [r for r in admin_env.sf_calls(before) if r["path"].endswith("/limits")]
    assert [(r["method"], r["user"]) for r in sent] == [("GET", "admin@demo.example")]


def test_full_path_with_soql_query_string(admin_env) -> None:
    reply = admin_env.run(
        "api GET /services/data/v60.0/query?q=SELECT Id, Name FROM Account WHERE Name = 'Initech'",
        user=SAM,
    )
    assert "→ *200 OK*" in reply["text"], reply["text"]
    body = json.loads(_body(reply))
    assert body["totalSize"] == 1 and body["records"][0]["Name"] == "Initech"


def test_salesforce_errors_are_shown_as_answered(admin_env) -> None:
    reply = admin_env.run("api GET /sobjects/NoSuchThing__c/describe", user=SAM)
    assert "→ *404 Not Found*" in reply["text"], reply["text"]
    assert "NOT_FOUND" in _body(reply)


def test_long_responses_are_trimmed_to_slacks_limits(admin_env) -> None:
    reply = admin_env.run("api GET /sobjects/Account/describe", user=SAM)
    assert "→ *200 OK*" in reply["text"]
    sections = [b for b in reply["blocks"] if b["type"] == "section"]
    assert all(len(b["text"]["text"]) <= 3000 for b in sections)
    trimmed = [b for b in reply["blocks"] if b.get("block_id") == ids.ADMIN_API_TRIMMED_BLOCK]
    assert trimmed and "Showing the first" in trimmed[0]["elements"][0]["text"]
    assert _body(reply).startswith('{\n  "actionOverrides"') or _body(reply).startswith("{")


def test_non_get_methods_are_refused_and_nothing_is_sent(admin_env) -> None:
    before = len(admin_env.emu.requests())
    for method in ("POST", "patch", "DELETE"):
        reply = admin_env.run(f'api {method} /sobjects/Account {{"Name": "Raw Co"}}', user=SAM)
        assert "bypass sfbot's validation and can't be undone" in reply["text"], reply["text"]
        assert f"`{method.upper()}`" in reply["text"]
    assert not admin_env.records("Account", Name="Raw Co")
    assert not [r for r in admin_env.sf_calls(before) if r["method"] != "GET"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("api GET /services/oauth2/userinfo", "only calls your org's REST API"),
        ("api GET https://evil.example/services/data/v62.0/limits", "only calls your org's REST"),
        ("api GET /sobjects/../../oauth2/token", "can't be sent"),
        ("api FETCH /limits", "isn't an HTTP method"),
        ("api GET", "Say which method and path"),
        ("api", "Say which method and path"),
    ],
)
def test_bad_requests_get_specific_messages(admin_env, typed: str, expected: str) -> None:
    reply = admin_env.run(typed, user=SAM)
    assert expected in reply["text"], reply["text"]


def test_non_admins_get_a_clear_refusal_and_no_call(admin_env) -> None:
    before = len(admin_env.emu.requests())
    reply = admin_env.run("api GET /limits", user=ADA)
    assert reply["text"] == messages.ADMIN_ONLY.format(verb="api", user_id=ADA)
    assert not admin_env.sf_calls(before)
    # The help shows admin commands to admins only.
    assert "/sf api" not in str(admin_env.run("help", user=ADA)["blocks"])
    assert "/sf api GET /limits" in str(admin_env.run("help", user=SAM)["blocks"])


def test_salesforce_permissions_still_apply_to_admins(make_records_env) -> None:
    # Ada is an sfbot admin here, but her Salesforce user is a sales rep without UserLogin.
    env = make_records_env(sfbot_admins=f"{ADA},{SAM}")
    reply = env.run("api GET /query?q=SELECT Id FROM UserLogin", user=ADA)
    assert "→ *200 OK*" not in reply["text"], reply["text"]
    assert "→ *4" in reply["text"]


def test_output_is_escaped(admin_env) -> None:
    admin_env.run('create account name="<!here> & <@U0ADA00001> Co"', user=SAM)
    reply = admin_env.run(
        "api GET /query?q=SELECT Name FROM Account WHERE Name LIKE '%here%'", user=SAM
    )
    assert "&lt;!here&gt; &amp; @U0ADA00001 Co" in _body(reply)
    assert not admin_env.sim.special_mentions()


def test_raw_writes_when_enabled_go_through_an_intent_without_undo(make_records_env) -> None:
    env = make_records_env(sfbot_admins=SAM, sfbot_admin_raw_writes=True)
    reply = env.run('api POST /sobjects/Account {"Name": "Raw Co", "Industry": "Energy"}', user=SAM)
    assert "raw writes skip sfbot's checks and have no Undo" in reply["text"], reply["text"]
    assert "→ *201 Created*" in reply["text"] or "*201 Created*" in reply["text"]
    assert env.records("Account", Name="Raw Co")
    assert ids.UNDO_ACTION not in str(reply["blocks"])
    with env.services.sessions() as session:
        intent = session.query(WriteIntent).filter_by(operation="api_call").one()
    assert intent.status == "succeeded" and intent.slack_user_id == SAM
    assert intent.payload["body"] == {"Name": "Raw Co", "Industry": "Energy"}


def test_an_ended_session_answers_with_the_reconnect_prompt(admin_env) -> None:
    admin_env.emu.expire_tokens()  # the stored connection has no refresh token
    reply = admin_env.run("api GET /limits", user=SAM)
    assert "has ended" in reply["text"] and "/sf api GET /limits" in reply["text"], reply["text"]
    assert ids.CONNECT_BUTTON_ACTION in str(reply["blocks"])
