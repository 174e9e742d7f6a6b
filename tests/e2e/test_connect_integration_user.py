"""Integration-user mode: no own token → writes as the integration user, Slack user stamped."""

from __future__ import annotations

from bot.salesforce.client import client_for
from bot.slack import messages
from devkit.slack.simulator import DEFAULT_USER

SAM = "U0SAM00003"
INTEGRATION = {
    "salesforce_integration_client_id": "devkit",
    "salesforce_integration_client_secret": "devkit-secret",
}


def test_unconnected_user_writes_as_the_integration_user(make_connect_env) -> None:
    env = make_connect_env(**INTEGRATION)
    team = env.sim.state.team_id
    assert env.slash("whoami", user=SAM)["text"] == messages.WHOAMI_INTEGRATION

    sf = client_for(env.services, team_id=team, user_id=SAM, user_name="sam")
    assert sf.integration_user
    created = sf.Account.create({"Name": "Integration Co", "Description": "From the CFO call"})
    record = env.emu.record(created["id"])
    assert record["Description"] == f"From the CFO call\n\nMade from Slack by sam ({SAM})"

    reply = env.slash('create account name="Stamped Industries"', user=SAM)
    assert reply
    stamped = env.sim.wait_for(
        lambda: [r for r in env.emu.records("Account") if r["Name"] == "Stamped Industries"],
        timeout=15,
        message="the account created by the integration user",
    )
    assert f"({SAM})" in (stamped[0].get("Description") or "")


def test_own_token_wins_and_expired_integration_token_is_renewed(make_connect_env) -> None:
    env = make_connect_env(**INTEGRATION, salesforce_integration_stamp_field="Description")
    team = env.sim.state.team_id
    env.connect()
    own = client_for(env.services, team_id=team, user_id=DEFAULT_USER)
    assert not own.integration_user
    assert own.connection.sf_username == "rep@demo.example"

    sf = client_for(env.services, team_id=team, user_id=SAM)
    account = sf.Account.create({"Name": "Renewed Ltd"})["id"]
    env.emu.expire_tokens()
    sf.Account.update(account, {"Phone": "555-0100"})
    record = env.emu.record(account)
    assert record["Phone"] == "555-0100"
    assert record["Description"] == f"Made from Slack by {SAM} ({SAM})"
