"""A `/sf` command slower than Slack's 3 s is answered in time, and its real reply still arrives.

Slack gives up on an answer after 3 s (the user sees "operation_timeout" and the command's
reply is dropped). The app acks a listener still working at its deadline with "Working on it…"
and the command's own reply then replaces that notice through the response_url. Salesforce is
slowed down with the emulator's added latency on a cold describe cache, so the command's checks
alone (describe, then resolving the account by name) outlast Slack's limit.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from bot.slack import ack_wait, messages
from tests.fixtures.records import ADA, RecordsEnv

SLOWER_THAN_SLACK_MS = 3200


def _slack_errors(env: RecordsEnv) -> list[str]:
    """Slack's own error messages ("/sf failed with the error …") shown to Ada."""
    return [m["text"] for m in env.sim.ephemeral_messages(ADA) if m["user"] == "USLACKBOT"]


def _posted_texts(env: RecordsEnv) -> list[str]:
    return [str(p["body"].get("text")) for p in env.sim.response_url_posts(user=ADA)]


def test_a_slow_create_is_answered_in_time_then_replaced_by_its_result(
    records_env: RecordsEnv,
) -> None:
    # The real deadline: nothing patched.
    records_env.emu.set_faults(latency_ms=SLOWER_THAN_SLACK_MS)
    result = records_env.slash("create contact first=Slow last=Deadline account=Acme")
    assert result.acked_in_time, (result.status, result.latency_ms)
    assert result.body["text"] == messages.WORKING
    assert result.body.get("response_type") == "ephemeral"

    done = records_env.wait_text(":white_check_mark: Created contact", timeout=40)
    records_env.emu.set_faults()
    assert "Slow Deadline" in done["blocks"][0]["text"]["text"]
    assert len(records_env.records("Contact", LastName="Deadline")) == 1
    # The notice was replaced in place: one message for the command, no Slack error.
    assert [m["text"] for m in records_env.sim.ephemeral_messages(ADA)] == [done["text"]]
    assert _slack_errors(records_env) == []


def test_a_slow_command_that_finds_a_problem_shows_it_in_place_of_the_notice(
    records_env: RecordsEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shorter deadline and latency keep this test quick; the behaviour is the same.
    monkeypatch.setattr(ack_wait, "ACK_DEADLINE_SECONDS", 0.3, raising=False)
    records_env.emu.set_faults(latency_ms=600)
    result = records_env.slash(
        'create opportunity name="Too slow" stage=Nope close=2026-12-31 account=Acme'
    )
    assert result.acked_in_time and result.latency_ms < 1000, result.latency_ms
    assert result.body["text"] == messages.WORKING

    problem = records_env.wait_text("I didn't create the opportunity", timeout=20)
    records_env.emu.set_faults()
    assert "Stage" in problem["text"] and "Prospecting" in problem["text"]
    assert any(t.startswith("I didn't create") for t in _posted_texts(records_env))
    assert len(records_env.sim.ephemeral_messages(ADA)) == 1  # replaced, not added
    assert records_env.records("Opportunity", Name="Too slow") == []
    assert _slack_errors(records_env) == []


def test_a_fast_command_is_still_answered_in_the_ack(records_env: RecordsEnv) -> None:
    records_env.run("create contact last=Warmup account=Acme")  # warms the describe cache
    posts = len(records_env.sim.response_url_posts(user=ADA))
    result = records_env.slash(
        'create opportunity name="Quick" stage=Nope close=2026-12-31 account=Acme'
    )
    assert result.acked_in_time
    assert result.body["text"].startswith("I didn't create the opportunity"), result.body
    help_result = records_env.slash("help")
    assert "create" in help_result.body["text"] or help_result.body["blocks"]
    # Both answers were the HTTP response itself: nothing went through response_url.
    assert len(records_env.sim.response_url_posts(user=ADA)) == posts


def test_a_slow_command_retried_by_slack_writes_once(
    records_env: RecordsEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ack_wait, "ACK_DEADLINE_SECONDS", 0.3, raising=False)
    records_env.emu.set_faults(latency_ms=600)
    first = records_env.slash("create contact first=Slow last=Retried account=Acme")
    assert first.acked_in_time and first.body["text"] == messages.WORKING
    retries: list[Any] = []

    def retry() -> None:
        retries.append(
            records_env.sim._send(  # noqa: SLF001
                "slash_command", first.payload, retry_num=1, retry_reason="http_timeout"
            )
        )

    thread = threading.Thread(target=retry)
    thread.start()
    thread.join(20)
    records_env.wait_text(":white_check_mark: Created contact", timeout=30)
    records_env.emu.set_faults()
    assert [r.status for r in retries] == [200] and retries[0].latency_ms < 3000
    assert len(records_env.records("Contact", LastName="Retried")) == 1
    assert _slack_errors(records_env) == []
