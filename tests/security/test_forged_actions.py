"""Button values are not credentials: a click acts only on the clicker's own intents and tokens.

Slack signs who clicked (team + user), not what the button carries: anyone who sees a message
(or a shared channel, or the same user id in another workspace) can click with any value. Each
test sends a signed block_actions payload from one user carrying another user's ids.
"""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import update

from bot.slack import ids
from bot.store.models import WriteIntent
from bot.writes import submit_intent
from devkit.slack import payloads
from tests.fixtures.records import ADA, CHANNEL, ROB, RecordsEnv, connect_user

OTHER_TEAM = "T0OTHER0001"


def _click(env: RecordsEnv, action_id: str, value: Any, *, user: str) -> Any:
    """A signed click by `user` (in the simulator's team) on a button carrying `value`."""
    sim = env.sim
    text = value if isinstance(value, str) else json.dumps(value)
    with sim.state.lock:
        payload = payloads.interactive(
            sim.state,
            "block_actions",
            user_id=user,
            container={"type": "message", "channel_id": CHANNEL, "is_ephemeral": True},
            trigger_id=sim.state.new_trigger(user),
            channel={"id": CHANNEL, "name": "sales"},
            actions=[{"type": "button", "action_id": action_id, "block_id": "b", "value": text}],
        )
    result = sim._send("block_actions", payload)  # noqa: SLF001
    assert result.status == 200, result.text
    return result


def _intent(env: RecordsEnv, *, team_id: str, user_id: str, status: str, **fields: Any) -> int:
    intent, _ = submit_intent(
        env.services.sessions,
        idempotency_key=f"sec-{team_id}-{user_id}-{status}-{fields.get('operation')}",
        team_id=team_id,
        user_id=user_id,
        **fields,
    )
    with env.services.sessions.begin() as session:
        row = update(WriteIntent).where(WriteIntent.id == intent.id)
        session.execute(row.values(status=status))
    return intent.id


def _status(env: RecordsEnv, intent_id: int) -> str:
    with env.services.sessions() as session:
        return str(session.get(WriteIntent, intent_id).status)


def test_edit_button_of_the_same_user_id_in_another_workspace_opens_nothing(
    records_env: RecordsEnv,
) -> None:
    # The same Slack user id in another workspace, connected there as a Salesforce admin.
    connect_user(
        records_env.services,
        records_env.emu,
        team_id=OTHER_TEAM,
        user_id=ADA,
        username="admin@demo.example",
    )
    other = records_env.services.connections.find(team_id=OTHER_TEAM, user_id=ADA)
    record = records_env.records("Opportunity", Name="Acme renewal 2026")[0]
    intent_id = _intent(
        records_env,
        team_id=OTHER_TEAM,
        user_id=ADA,
        status="failed",
        operation="update",
        sobject="Opportunity",
        record_id=record["Id"],
        payload={"fields": {"Name": "other workspace secret"}, "display": {}},
        connection_id=other.id,
    )
    own = _intent(
        records_env,
        team_id=records_env.sim.state.team_id,
        user_id=ADA,
        status="failed",
        operation="update",
        sobject="Opportunity",
        record_id=record["Id"],
        payload={"fields": {"Name": "mine"}, "display": {}},
    )
    _click(records_env, ids.EDIT_RECORD_ACTION, {"i": intent_id}, user=ADA)
    # Ada's own Edit button, clicked after: its form is the first and only one to open.
    _click(records_env, ids.EDIT_RECORD_ACTION, {"i": own}, user=ADA)
    records_env.sim.wait_for(lambda: "mine" in json.dumps(records_env.sim.calls("views.open")))
    time.sleep(0.3)  # the first click's listener had the same time to run
    opened = records_env.sim.calls("views.open")
    assert "other workspace secret" not in json.dumps(opened), "another workspace's write"
    assert len(opened) == 1


def test_undo_confirm_and_save_anyway_of_another_user_are_refused(
    records_env: RecordsEnv,
) -> None:
    team = records_env.sim.state.team_id
    record = records_env.records("Opportunity", Name="Acme renewal 2026")[0]
    ada_conn = records_env.services.connections.find(team_id=team, user_id=ADA)
    fields = {
        "sobject": "Opportunity",
        "record_id": record["Id"],
        "connection_id": ada_conn.id,
        "payload": {"fields": {"Amount": 1}, "display": {}},
    }
    done = _intent(records_env, team_id=team, user_id=ADA, status="succeeded",
                   operation="update", **fields)  # fmt: skip
    failed = _intent(records_env, team_id=team, user_id=ADA, status="failed",
                     operation="create", **fields)  # fmt: skip
    before = len(records_env.sf_calls())
    _click(records_env, ids.UNDO_ACTION, str(done), user=ROB)
    _click(records_env, ids.SAVE_ANYWAY_ACTION, {"i": failed}, user=ROB)
    # A delete confirmation forged with Ada's connection id: Rob's intent, never Ada's token.
    forged = {"k": "forged", "o": "Opportunity", "r": record["Id"], "c": ada_conn.id}
    _click(records_env, ids.CONFIRM_DELETE_ACTION, forged, user=ROB)
    records_env.services.write_queue.wake()
    with records_env.services.sessions() as session:
        rows = session.query(WriteIntent).all()
        assert not [r for r in rows if r.undo_of_id in (done, failed)]
        assert not [r for r in rows if r.idempotency_key == f"save-anyway:{failed}"]
    delete = next(r for r in rows if r.idempotency_key == "delete:forged")
    assert delete.slack_user_id == ROB
    records_env.sim.wait_for(lambda: _status(records_env, delete.id) not in ("pending", "running"))
    assert records_env.records("Opportunity", Name="Acme renewal 2026"), "Ada's record deleted"
    ada_sf = records_env.emu.user_id("rep@demo.example")
    writes = [c for c in records_env.sf_calls(before) if c["method"] != "GET"]
    assert not [c for c in writes if c.get("user") == ada_sf], writes
