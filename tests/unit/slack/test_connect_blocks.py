from __future__ import annotations

from datetime import UTC, datetime

from bot.slack import ids, messages
from bot.slack.connect import org_argument
from bot.slack.connect_blocks import connect_prompt, connected_text, whoami_reply
from bot.store.connection_types import Connection


def connection(**changes) -> Connection:
    values = dict(
        id=1,
        team_id="T1",
        slack_user_id="U1",
        enterprise_id=None,
        org_id="00D000000000001AAA",
        org_name="Acme <Corp> & Co",
        alias="acme-corp-co",
        environment="production",
        login_url="https://login.salesforce.com",
        instance_url="https://acme.my.salesforce.com",
        sf_user_id="005000000000001AAA",
        sf_username="ada@acme.com",
        sf_email="ada@acme.com",
        sf_display_name="Ada Lovelace",
        scopes="api id refresh_token",
        is_default=True,
        status="active",
        token_version=3,
        refreshed_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        access_token="00D!secret-access",
        refresh_token="5Aep-secret-refresh",
    )
    values.update(changes)
    return Connection(**values)


def test_connect_prompt_has_a_link_button_and_the_safety_note() -> None:
    reply = connect_prompt(
        url="https://bot.example/salesforce/oauth/start?state=abc",
        intro=messages.CONNECT_INTRO,
        login_url="https://acme.my.salesforce.com",
    ).to_dict()
    section, note = reply["blocks"]
    assert section["block_id"] == ids.CONNECT_PROMPT_BLOCK
    assert section["accessory"]["url"].endswith("state=abc")
    assert section["accessory"]["action_id"] == ids.CONNECT_BUTTON_ACTION
    assert "acme.my.salesforce.com" in note["elements"][0]["text"]
    assert reply["response_type"] == "ephemeral"


def test_connected_text_escapes_salesforce_values() -> None:
    text = connected_text(connection())
    assert text == "Connected as ada@acme.com to Acme &lt;Corp&gt; &amp; Co (production)."


def test_whoami_lists_orgs_without_tokens() -> None:
    reply = whoami_reply(
        connections=[connection(), connection(id=2, is_default=False, status="broken")],
        live_name="Ada L.",
        max_orgs=5,
    ).to_dict()
    text = str(reply)
    assert "2 of at most 5" in text
    assert "Ada L." in text and messages.WHOAMI_DEFAULT in text and "needs reconnecting" in text
    assert "<!date^" in text and "refresh_token" in text
    assert "secret" not in text
    assert "secret" not in repr(connection())


def test_whoami_without_connections() -> None:
    none = whoami_reply(connections=[], live_name=None, max_orgs=5)
    assert none.text == messages.WHOAMI_NONE
    integration = whoami_reply(connections=[], live_name=None, max_orgs=5, integration_user=True)
    assert integration.text == messages.WHOAMI_INTEGRATION


def test_org_argument() -> None:
    assert org_argument("Acme amount=5 org=acme-sandbox") == "acme-sandbox"
    assert org_argument('name="x" org="Acme Corp"') == "Acme Corp"
    assert org_argument("organization=5") is None
    assert org_argument("nothing here") is None
