"""Clicks that run a command again (a pick, Connect's Continue) store its write before answering.

DESIGN.md: a write is stored before Slack is acked, so a process that dies right after the ack
still has it. These clicks check the command again with Salesforce before storing; the
emulator's added latency makes that take a while, so a click answered first would be answered
before anything is stored. The worker is stopped: whatever exists when the click is answered was
stored by the click itself, before the answer.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.slack import ids, messages
from bot.slack.commands import SlashCommand, register_verb, unregister_verb
from bot.store.models import WriteIntent
from devkit.slack import payloads
from tests.fixtures.records import ADA, CHANNEL, RecordsEnv

# Longer than the app's own work per click, shorter than Slack's 3 s.
LATENCY_MS = 300
CREATE = "create opportunity name=Picked stage=Prospecting close=2026-12-31 account=Corporation"


def _intents(env: RecordsEnv) -> list[WriteIntent]:
    with env.services.sessions() as session:
        return list(session.scalars(select(WriteIntent)))


def _keyed(env: RecordsEnv, suffix: str) -> list[WriteIntent]:
    return [i for i in _intents(env) if i.idempotency_key.endswith(suffix)]


def _click(env: RecordsEnv, action_id: str, value: dict[str, str]) -> Any:
    """A signed click by Ada on a button carrying ``value`` (Slack signs the clicker, not it)."""
    sim = env.sim
    answer_to = sim.state.new_response_url(
        base=sim.base_url, kind="actions", user_id=ADA, channel_id=CHANNEL
    )
    with sim.state.lock:
        payload = payloads.interactive(
            sim.state,
            "block_actions",
            user_id=ADA,
            container={"type": "message", "channel_id": CHANNEL, "is_ephemeral": True},
            trigger_id=sim.state.new_trigger(ADA),
            channel={"id": CHANNEL, "name": "sales"},
            response_url=answer_to.url,
            actions=[{"type": "button", "action_id": action_id, "value": json.dumps(value)}],
        )
    return sim._send("block_actions", payload)  # noqa: SLF001


def _pick(env: RecordsEnv, text: str, *, index: int = 0) -> Any:
    """Type a command that offers a pick, then (Salesforce slowed down) click a choice."""
    reply = env.run(text)
    assert reply["text"].startswith("Several records match"), reply["text"]
    env.services.write_queue.stop()
    env.emu.set_faults(latency_ms=LATENCY_MS)
    result = env.click(reply, ids.PICK_RECORD_ACTION, index=index)
    assert result.status == 200 and result.acked_in_time, (result.status, result.latency_ms)
    return result


def test_a_picked_parent_is_stored_when_the_click_is_answered(records_env: RecordsEnv) -> None:
    _pick(records_env, CREATE)
    stored = _keyed(records_env, "|pick:account")
    assert [(i.operation, i.sobject) for i in stored] == [("create", "Opportunity")]
    records_env.wait_text(messages.WORKING)  # the user sees it is under way


def test_a_picked_record_to_update_is_stored_when_the_click_is_answered(
    records_env: RecordsEnv,
) -> None:
    _pick(records_env, "update Acme amount=1")
    stored = _keyed(records_env, "|pick:record")
    assert [(i.operation, i.payload["fields"]) for i in stored] == [("update", {"Amount": 1})]
    records_env.wait_text(messages.WORKING)


def test_a_write_run_by_continue_is_stored_when_the_click_is_answered(
    records_env: RecordsEnv,
) -> None:
    records_env.services.write_queue.stop()
    records_env.emu.set_faults(latency_ms=LATENCY_MS)
    typed = 'create contact last=Turing first=Alan account="Acme Corporation"'
    result = _click(records_env, ids.REPLAY_CONTINUE_ACTION, {"t": typed, "k": "replay:t1"})
    assert result.acked_in_time, result.latency_ms
    stored = _keyed(records_env, "replay:t1:continue")
    assert [(i.operation, i.sobject) for i in stored] == [("create", "Contact")]
    records_env.sim.wait_for(
        lambda: messages.WORKING in [m["text"] for m in records_env.sim.ephemeral_messages(ADA)]
    )


def test_a_pick_slower_than_slacks_limit_is_still_answered_in_time_and_written(
    records_env: RecordsEnv,
) -> None:
    reply = records_env.run(CREATE)
    records_env.emu.set_faults(latency_ms=3200)
    result = records_env.click(reply, ids.PICK_RECORD_ACTION, index=0)
    records_env.emu.set_faults()
    assert result.status == 200 and result.acked_in_time, (result.status, result.latency_ms)
    records_env.wait_text(":white_check_mark: Created opportunity", timeout=20)
    assert len(records_env.records("Opportunity", Name="Picked")) == 1


def test_a_continue_slower_than_slacks_limit_is_still_answered_in_time(
    records_env: RecordsEnv,
) -> None:
    records_env.emu.set_faults(latency_ms=3200)
    typed = 'create contact last=Lovelace-Replay first=Ada account="Acme Corporation"'
    result = _click(records_env, ids.REPLAY_CONTINUE_ACTION, {"t": typed, "k": "replay:t2"})
    records_env.emu.set_faults()
    assert result.status == 200 and result.acked_in_time, (result.status, result.latency_ms)
    records_env.wait_text(":white_check_mark: Created contact", timeout=20)
    assert len(records_env.records("Contact", LastName="Lovelace-Replay")) == 1


def test_a_pick_while_salesforce_fails_is_answered_and_explained(records_env: RecordsEnv) -> None:
    reply = records_env.run(CREATE)
    records_env.emu.set_faults(error_rate=1.0, error_status=503)
    result = records_env.click(reply, ids.PICK_RECORD_ACTION, index=0)
    assert result.status == 200 and result.acked_in_time, (result.status, result.latency_ms)
    # The pick message is replaced by what went wrong, in plain words.
    records_env.wait_text(":x: Salesforce is unavailable")
    records_env.emu.set_faults()
    assert not _keyed(records_env, "|pick:account")


def test_a_pick_whose_command_breaks_is_answered_and_the_user_told(records_env: RecordsEnv) -> None:
    def explode(command: SlashCommand) -> None:
        raise RuntimeError("boom")

    register_verb("explode", explode, summary="test", usage="/sf explode")
    try:
        result = _click(records_env, ids.PICK_RECORD_ACTION, {"t": "explode", "k": "x"})
        assert result.status == 200 and result.acked_in_time, (result.status, result.latency_ms)
        records_env.wait_text(messages.INTERNAL_ERROR.partition("{")[0])  # with a reference
    finally:
        unregister_verb("explode")
