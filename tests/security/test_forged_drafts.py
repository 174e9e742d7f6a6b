"""A preview's draft id is not a credential: only the user who asked for it can confirm it.

Admin bulk changes, transfers and user freezes are previewed as drafts confirmed by a button
(``sf_admin_confirm``, value = the draft id); CSV imports by submitting the check modal
(``private_metadata`` = the draft id). Anyone who sees the preview, or the same user id in
another workspace, can send those ids in a signed payload: the draft must stay a draft.
"""

from __future__ import annotations

from typing import Any

from bot.salesforce.admin.changes import ADMIN_UPDATE
from bot.slack import ids
from bot.store.models import WriteIntent
from bot.writes.drafts import AWAITING, submit_draft
from devkit.slack import payloads
from tests.fixtures.records import CHANNEL, ROB, SAM, RecordsEnv

OTHER_TEAM = "T0OTHER0001"


def _draft(env: RecordsEnv, key: str) -> int:
    team = env.sim.state.team_id
    conn = env.services.connections.find(team_id=team, user_id=SAM)
    record = env.records("Opportunity", Name="Acme renewal 2026")[0]
    intent, _ = submit_draft(
        env.services.sessions,
        idempotency_key=key,
        team_id=team,
        user_id=SAM,
        connection_id=conn.id,
        operation=ADMIN_UPDATE,
        sobject="Opportunity",
        payload={
            "records": [
                {
                    "sobject": "Opportunity",
                    "id": record["Id"],
                    "name": "Acme renewal 2026",
                    "fields": {"Name": "forged confirm"},
                },
            ],
            "display": {"kind": "admin", "action": "bulk", "params": {}},
        },  # fmt: skip
        channel_id=CHANNEL,
    )
    return intent.id


def _status(env: RecordsEnv, intent_id: int) -> str:
    with env.services.sessions() as session:
        return str(session.get(WriteIntent, intent_id).status)


def _send(env: RecordsEnv, kind: str, *, user: str, team: str | None, **fields: Any) -> None:
    """A signed interactivity payload from ``user`` in ``team`` (default: the simulator's)."""
    sim = env.sim
    with sim.state.lock:
        payload = payloads.interactive(
            sim.state, kind, user_id=user, trigger_id=sim.state.new_trigger(user), **fields
        )
    if team is not None:
        payload["team"] = {"id": team, "domain": "other"}
        payload["user"]["team_id"] = team
    result = sim._send(kind, payload)  # noqa: SLF001
    assert result.status in (200, 401), result.text  # another workspace may be unauthorized


def _click_confirm(
    env: RecordsEnv, intent_id: int, *, user: str, team: str | None,
    action_id: str = ids.ADMIN_CONFIRM_ACTION,
) -> None:  # fmt: skip
    _send(
        env,
        "block_actions",
        user=user,
        team=team,
        container={"type": "message", "channel_id": CHANNEL, "is_ephemeral": True},
        channel={"id": CHANNEL, "name": "sales"},
        response_url=None,
        actions=[
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b",
                "value": str(intent_id),
            },
        ],  # fmt: skip
    )


def _submit_import(env: RecordsEnv, intent_id: int, *, user: str, team: str | None) -> None:
    view = {
        "id": "V0FORGED01",
        "type": "modal",
        "callback_id": ids.ADMIN_IMPORT_CONFIRM_CALLBACK,
        "private_metadata": str(intent_id),
        "blocks": [],
        "state": {"values": {}},
        "team_id": team or env.sim.state.team_id,
        "app_id": env.sim.state.app_id,
    }
    _send(env, "view_submission", user=user, team=team, view=view, response_urls=[])


def test_admin_preview_confirm_from_another_user_or_workspace_runs_nothing(
    records_env: RecordsEnv,
) -> None:
    intent_id = _draft(records_env, "forged-admin")
    _click_confirm(records_env, intent_id, user=ROB, team=None)
    _click_confirm(records_env, intent_id, user=SAM, team=OTHER_TEAM)
    # Nor can they cancel it (the owner's preview would go dead).
    for user, team in ((ROB, None), (SAM, OTHER_TEAM)):
        _click_confirm(records_env, intent_id, user=user, team=team,
                       action_id=ids.ADMIN_CANCEL_ACTION)  # fmt: skip
    assert _status(records_env, intent_id) == AWAITING
    assert not records_env.records("Opportunity", Name="forged confirm")
    # The owner's own click does confirm it: the forged clicks reached the same listener.
    _click_confirm(records_env, intent_id, user=SAM, team=None)
    records_env.sim.wait_for(lambda: _status(records_env, intent_id) != AWAITING)


def test_import_confirm_from_another_user_or_workspace_runs_nothing(
    records_env: RecordsEnv,
) -> None:
    intent_id = _draft(records_env, "forged-import")
    _submit_import(records_env, intent_id, user=ROB, team=None)
    _submit_import(records_env, intent_id, user=SAM, team=OTHER_TEAM)
    assert _status(records_env, intent_id) == AWAITING
    assert not records_env.records("Opportunity", Name="forged confirm")
    _submit_import(records_env, intent_id, user=SAM, team=None)
    records_env.sim.wait_for(lambda: _status(records_env, intent_id) != AWAITING)
