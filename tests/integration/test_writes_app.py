"""The write path as the app wires it: Services' queue runs an intent with the user's connection."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.app import SfBot, create_app
from bot.config import Settings
from bot.salesforce.describe import DescribeCache
from bot.store.connection_types import ConnectionDetails
from bot.store.models import WriteIntent
from bot.writes import NEEDS_CONNECTION, SUCCEEDED, WriteWorker, submit_undo
from devkit.salesforce import Emulator
from tests.fixtures.oauth import CLIENT_ID, CLIENT_SECRET, exchange_code

REP = "rep@demo.example"


@pytest.fixture
def bot(make_settings: Callable[..., Settings], emu: Emulator) -> SfBot:
    """The app, not started, its Salesforce OAuth client the emulator's (so tokens refresh)."""
    return create_app(
        make_settings(
            salesforce_login_url=emu.base_url,
            salesforce_ca_bundle=emu.ca_file,
            salesforce_client_id=CLIENT_ID,
            salesforce_client_secret=CLIENT_SECRET,
        )
    )


def _connected_with_refresh_token(services, emu: Emulator):  # type: ignore[no-untyped-def]
    """A stored connection made through the real authorization-code grant."""
    token = exchange_code(
        emu, redirect_uri="http://127.0.0.1:9/cb", username=REP, scope="api refresh_token"
    ).json()
    return services.connections.save(
        ConnectionDetails(
            team_id="T1",
            slack_user_id="U1",
            org_id="00D000000000001AAA",
            sf_user_id=emu.user_id(REP),
            instance_url=token["instance_url"],
            login_url=emu.base_url,
            access_token=token["access_token"],
            refresh_token=token["refresh_token"],
        )
    )


def test_undo_of_a_delete_refreshes_an_expired_token(bot: SfBot, emu: Emulator) -> None:
    services = bot.services
    queue = services.write_queue
    connection = _connected_with_refresh_token(services, emu)
    identity = {"team_id": "T1", "user_id": "U1", "connection_id": connection.id}
    bot.start()
    try:
        created, _ = queue.submit(
            idempotency_key="c",
            operation="create",
            sobject="Account",
            payload={"fields": {"Name": "Phoenix"}},
            **identity,
        )
        record_id = queue.wait_for_result(created.id, timeout=10).record_id
        deleted, _ = queue.submit(
            idempotency_key="d",
            operation="delete",
            sobject="Account",
            record_id=record_id,
            **identity,
        )
        assert queue.wait_for_result(deleted.id, timeout=10).status == SUCCEEDED
        emu.expire_tokens()
        undo, _ = submit_undo(
            services.sessions,
            intent_id=deleted.id,
            team_id="T1",
            user_id="U1",
            undo_minutes=services.settings.sfbot_undo_minutes,
        )
        queue.wake()
        done = queue.wait_for_result(undo.id, timeout=10)
    finally:
        bot.stop()
    assert done is not None and done.status == SUCCEEDED, done and done.error
    assert emu.record(record_id)["IsDeleted"] is False


def test_the_apps_queue_writes_as_the_connected_user(bot: SfBot, emu: Emulator) -> None:
    services = bot.services
    assert isinstance(services.write_queue, WriteWorker)
    assert isinstance(services.describe_cache, DescribeCache)
    token, instance_url = emu.token_for(REP)
    connection = services.connections.save(
        ConnectionDetails(
            team_id="T1",
            slack_user_id="U1",
            org_id="00D000000000001AAA",
            sf_user_id=emu.user_id(REP),
            instance_url=instance_url,
            login_url=emu.base_url,
            access_token=token,
        )
    )
    finished: list[WriteIntent] = []
    services.write_queue.add_completion_listener(finished.append)
    bot.start()
    try:
        intent, _ = services.write_queue.submit(
            idempotency_key="trigger-app-1",
            team_id="T1",
            user_id="U1",
            connection_id=connection.id,
            sf_user_id=connection.sf_user_id,
            operation="create",
            sobject="Account",
            payload={"fields": {"Name": "Sabini Imports"}},
        )
        orphan, _ = services.write_queue.submit(
            idempotency_key="trigger-app-2",
            team_id="T1",
            user_id="U-never-connected",
            operation="create",
            sobject="Account",
            payload={"fields": {"Name": "Nobody's"}},
        )
        done = services.write_queue.wait_for_result(intent.id, timeout=10)
        waiting = services.write_queue.wait_for_result(orphan.id, timeout=10)
    finally:
        bot.stop()
    assert done is not None and done.status == SUCCEEDED, done and done.error
    assert emu.record(done.record_id)["Name"] == "Sabini Imports"
    assert waiting is not None and waiting.status == NEEDS_CONNECTION
    assert sorted(i.id for i in finished) == sorted([intent.id, orphan.id])
