"""Storing an intent on PostgreSQL wakes listeners in other processes (LISTEN/NOTIFY)."""

from __future__ import annotations

import threading

import pytest

from bot.store.db import make_engine, make_session_factory
from bot.store.models import Base
from bot.writes import submit_intent
from bot.writes.wakeup import IntentListener

pytestmark = pytest.mark.postgres


def test_a_stored_intent_wakes_a_listener_on_another_connection(postgres_url) -> None:
    storing, listening = make_engine(postgres_url), make_engine(postgres_url)
    Base.metadata.create_all(storing)
    woken = threading.Event()
    listener = IntentListener(listening, woken.set, timeout=0.2)
    listener.start()
    try:
        assert listener.listening.wait(10)
        woken.clear()  # the wake it gives when it starts listening
        submit_intent(
            make_session_factory(storing),
            idempotency_key="wake-1",
            team_id="T1",
            user_id="U1",
            operation="create",
            sobject="Contact",
        )
        assert woken.wait(5), "no notification reached the listener"
    finally:
        listener.stop()
        storing.dispose()
        listening.dispose()


def test_a_repeated_key_sends_no_wake(postgres_url) -> None:
    engine = make_engine(postgres_url)
    Base.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    fields = {"team_id": "T1", "user_id": "U1", "operation": "create", "sobject": "Contact"}
    submit_intent(sessions, idempotency_key="once", **fields)
    woken = threading.Event()
    listener = IntentListener(engine, woken.set, timeout=0.2)
    listener.start()
    try:
        assert listener.listening.wait(10)
        woken.clear()
        _, created = submit_intent(sessions, idempotency_key="once", **fields)
        assert not created
        assert not woken.wait(1.0)
    finally:
        listener.stop()
        engine.dispose()
