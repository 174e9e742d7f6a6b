"""Writes happen once: retries, double submits, a crash between ack and write, dropped answers;
and with warm caches a create costs one Salesforce call (plus one per lookup)."""

from __future__ import annotations

import threading

from bot.slack import ids, messages
from bot.writes import PENDING
from tests.fixtures.records import ADA, CHANNEL


def _posts(env, sobject: str, since: int = 0) -> list[dict]:
    return [
        r
        for r in env.sf_calls(since)
        if r["method"] == "POST" and r["path"].rstrip("/").endswith(f"/sobjects/{sobject}")
    ]


def test_a_retried_command_returns_the_first_result(records_env) -> None:
    first = records_env.slash("create contact first=Retry last=Once account=Globex")
    done = records_env.wait_text(":white_check_mark: Created contact")
    retry = records_env.sim._send(
        "slash_command", first.payload, retry_num=1, retry_reason="http_timeout"
    )
    assert retry.status == 200
    assert retry.body["text"] == done["text"]  # the first result, not a second write
    assert len(records_env.records("Contact", LastName="Once")) == 1
    assert len(_posts(records_env, "Contact")) == 1


def test_a_double_submit_writes_once(records_env) -> None:
    first = records_env.slash("create contact first=Double last=Submit account=Globex")
    results = []

    def again() -> None:
        results.append(records_env.sim._send("slash_command", first.payload, retry_num=1))

    threads = [threading.Thread(target=again) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records_env.wait_text(":white_check_mark: Created contact")
    assert all(r.status == 200 for r in results)
    assert len(records_env.records("Contact", LastName="Submit")) == 1
    assert len(_posts(records_env, "Contact")) == 1


def test_a_crash_between_ack_and_write_is_resumed_once(
    make_records_env, serve_app, make_settings
) -> None:
    env = make_records_env()
    env.services.write_queue.stop()  # the worker is gone: nothing runs after the ack
    ack = env.slash("create contact first=Crash last=Resumed account=Globex")
    assert ack.body["text"] == messages.WORKING
    with env.services.sessions() as session:
        from sqlalchemy import select

        from bot.store.models import WriteIntent

        intent = session.scalars(select(WriteIntent)).one()
        assert intent.status == PENDING
    assert env.records("Contact", LastName="Resumed") == []
    env.running.bot.stop()
    # A new process on the same database picks the pending write up and reports it.
    serve_app(env.services.settings)
    env.wait_text(":white_check_mark: Created contact")
    assert len(env.records("Contact", LastName="Resumed")) == 1
    assert len(_posts(env, "Contact")) == 1


def test_an_answer_lost_after_salesforce_committed_does_not_duplicate(records_env) -> None:
    records_env.run("create contact first=Warm last=Up account=Globex")  # warm the caches
    records_env.emu.set_faults(drop_after_commit=1)
    reply = records_env.run("create contact first=Dropped last=Answer account=Globex")
    assert reply["text"].startswith(":white_check_mark: Created contact"), reply["text"]
    assert len(records_env.records("Contact", LastName="Answer")) == 1


def test_warm_create_costs_one_salesforce_call(records_env) -> None:
    records_env.run(
        "create opportunity name=Warm stage=Prospecting close=2026-12-31 account=Initech"
    )
    start = len(records_env.emu.requests())
    reply = records_env.run('create opportunity name="Warm 2" stage=Prospecting close=2026-12-31')
    assert reply["text"].startswith(":white_check_mark:"), reply["text"]
    calls = records_env.sf_calls(start)
    assert [(c["method"], c["path"].rstrip("/").rsplit("/", 1)[-1]) for c in calls] == [
        ("POST", "Opportunity")
    ]
    start = len(records_env.emu.requests())
    records_env.run(
        'create opportunity name="Warm 3" stage=Prospecting close=2026-12-31 account=Globex'
    )
    assert len(records_env.sf_calls(start)) == 2  # + the lookup of the account


def test_duplicate_rule_then_save_anyway(records_env) -> None:
    reply = records_env.run(
        "create contact first=Ada last=Lovelace email=ada@acme.example account=Acme"
    )
    assert reply["text"].startswith(":x: Salesforce didn't create the contact"), reply["text"]
    assert "duplicate" in reply["text"]
    assert len(records_env.records("Contact", Email="ada@acme.example")) == 1
    records_env.click(reply, ids.SAVE_ANYWAY_ACTION)
    records_env.wait_text(":white_check_mark: Created contact")
    assert len(records_env.records("Contact", Email="ada@acme.example")) == 2


def test_request_limit_in_plain_words(records_env) -> None:
    records_env.run("create contact first=Warm last=Limit account=Globex")
    records_env.emu.set_faults(request_limit=0)
    reply = records_env.run("create opportunity name=Limit stage=Prospecting close=2026-12-31")
    assert "used up its API requests" in reply["text"], reply["text"]
    assert "Traceback" not in reply["text"]
    records_env.emu.set_faults(request_limit=None)


def test_the_read_only_user_cannot_create(records_env) -> None:
    from tests.fixtures.records import ROB

    reply = records_env.run("create contact last=Nope account=Globex", user=ROB)
    assert "read-only" in reply["text"] or "permission" in reply["text"], reply["text"]
    assert records_env.records("Contact", LastName="Nope") == []
    assert ADA and CHANNEL


def test_integration_user_mode_stamps_the_slack_user(make_records_env) -> None:
    env = make_records_env(
        salesforce_integration_client_id="devkit",
        salesforce_integration_client_secret="devkit-secret",
    )
    connection = env.services.connections.find(team_id=env.sim.state.team_id, user_id=ADA)
    env.services.connections.delete(
        team_id=env.sim.state.team_id, user_id=ADA, connection_id=connection.id
    )
    reply = env.run("create contact first=Via last=Integration account=Globex")
    assert reply["text"].startswith(":white_check_mark: Created contact"), reply["text"]
    contact = env.records("Contact", LastName="Integration")[0]
    assert ADA in (contact.get("Description") or "")
    assert contact["CreatedById"] == env.emu.user_id("integration@demo.example")
