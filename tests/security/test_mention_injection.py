"""Record names from Salesforce are data, not markup: a record named `<!here> …` pings nobody.

Any Salesforce user can name a record `<!channel> Acme`; whatever the app echoes back (find
results, show cards, confirmations, results, unfurls) must not notify a whole channel. The
Slack simulator records the special mentions each stored message would trigger.
"""

from __future__ import annotations

from typing import Any

from bot.salesforce.links import record_url
from devkit.slack import special_mentions
from tests.fixtures.records import ADA, CHANNEL, RecordsEnv

HOSTILE = "<!here> Acme <!channel> <!everyone> <!subteam^S1|@sales>"


def _rename(env: RecordsEnv, sobject: str, name: str, new_name: str) -> str:
    record = env.records(sobject, Name=name)[0]
    session = env.emu.session("admin@demo.example")
    response = session.patch(
        f"{env.emu.base_url}/services/data/v60.0/sobjects/{sobject}/{record['Id']}",
        json={"Name": new_name},
        timeout=10,
    )
    assert response.status_code == 204, response.text
    return str(record["Id"])


def _settled(env: RecordsEnv) -> dict[str, Any] | None:
    last = env.last_message(ADA)
    return last if last and not last["text"].startswith(":hourglass") else None


def _no_mentions(env: RecordsEnv) -> None:
    found = [(m["text"][:80], m["mentions"]) for m in env.sim.special_mentions()]
    assert found == [], found


def test_hostile_record_names_ping_nobody_in_replies(records_env: RecordsEnv) -> None:
    record_id = _rename(records_env, "Opportunity", "Acme renewal 2026", HOSTILE + " renewal")
    for text in (
        "find opportunity acme",
        f"show {record_id}",
        f"update {record_id} amount=51k",
        f'note {record_id} "hi <!channel> & <@U0ROB00002>"',
        f"delete {record_id}",
    ):
        reply = records_env.run(text)
        if reply["text"].startswith(":hourglass"):
            reply = records_env.sim.wait_for(lambda: _settled(records_env), timeout=10)
        assert "&lt;!here&gt; Acme" in str(reply), (text, reply["text"])
    _no_mentions(records_env)


def test_hostile_record_names_ping_nobody_in_unfurls(records_env: RecordsEnv) -> None:
    record_id = _rename(records_env, "Opportunity", "Acme renewal 2026", HOSTILE)
    url = record_url(
        instance_url=records_env.emu.base_url, object_name="Opportunity", record_id=record_id
    )
    records_env.sim.unfurl_domains = ("127.0.0.1",)
    message = records_env.sim.post_user_message(f"look <{url}>", user=ADA, channel=CHANNEL)

    def unfurls() -> dict[str, Any]:
        stored = records_env.sim.state.find_message(CHANNEL, message["ts"])
        return dict(stored.get("unfurls") or {})

    found = records_env.sim.wait_for(unfurls, timeout=10)
    assert "Acme" in str(found[url])
    assert special_mentions(blocks=found[url].get("blocks")) == []
