"""Clicks that write (Undo, Save anyway, delete confirm) store their intent before Slack's answer.

DESIGN.md: a write is stored before Slack is acked, so a process that dies right after the ack
still has it. The worker is stopped here: whatever exists when the click is answered was stored
by the click itself, before the answer.
"""

from __future__ import annotations

from sqlalchemy import select, update

from bot.slack import ids
from bot.store.models import WriteIntent
from bot.writes.intents import utcnow
from tests.fixtures.records import ADA, RecordsEnv
from tests.security.test_forged_actions import _click, _intent


def _keys(env: RecordsEnv) -> set[str]:
    with env.services.sessions() as session:
        return set(session.scalars(select(WriteIntent.idempotency_key)))


def test_each_writing_click_is_stored_when_it_is_answered(records_env: RecordsEnv) -> None:
    records_env.services.write_queue.stop()
    team = records_env.sim.state.team_id
    record = records_env.records("Opportunity", Name="Acme renewal 2026")[0]
    connection = records_env.services.connections.find(team_id=team, user_id=ADA)
    fields = {
        "sobject": "Opportunity",
        "record_id": record["Id"],
        "connection_id": connection.id,
        "payload": {"fields": {"Amount": 1}, "display": {}},
    }
    done = _intent(records_env, team_id=team, user_id=ADA, status="succeeded",
                   operation="update", **fields)  # fmt: skip
    failed = _intent(records_env, team_id=team, user_id=ADA, status="failed",
                     operation="create", **fields)  # fmt: skip
    with records_env.services.sessions.begin() as session:
        session.execute(
            update(WriteIntent).where(WriteIntent.id == done).values(completed_at=utcnow())
        )

    _click(records_env, ids.UNDO_ACTION, str(done), user=ADA)
    assert f"undo:{done}" in _keys(records_env)
    _click(records_env, ids.SAVE_ANYWAY_ACTION, {"i": failed}, user=ADA)
    assert f"save-anyway:{failed}" in _keys(records_env)
    confirm = {"k": "kept", "o": "Opportunity", "r": record["Id"], "c": connection.id}
    _click(records_env, ids.CONFIRM_DELETE_ACTION, confirm, user=ADA)
    assert "delete:kept" in _keys(records_env)
