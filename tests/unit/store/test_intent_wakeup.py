"""Storing an intent on PostgreSQL wakes listeners in other processes (LISTEN/NOTIFY)."""

from __future__ import annotations

import threading
import time

import pytest

from bot.store.db import make_engine, make_session_factory
from bot.store.models import Base
from bot.writes import submit_intent
from bot.writes.wakeup import SHARE_VARIABLE, IntentListener, share_from_environment

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


def test_each_write_process_is_woken_only_by_intents_of_its_share(postgres_url) -> None:
    engine = make_engine(postgres_url)
    Base.metadata.create_all(engine)
    sessions = make_session_factory(engine)
    fields = {"team_id": "T1", "user_id": "U1", "operation": "create", "sobject": "Contact"}
    woken: dict[int, list[int]] = {0: [], 1: []}
    listeners = [
        IntentListener(engine, lambda i=index: woken[i].append(1), timeout=0.2, share=(index, 2))
        for index in (0, 1)
    ]
    for listener in listeners:
        listener.start()
    try:
        assert all(listener.listening.wait(10) for listener in listeners)
        woken[0].clear()
        woken[1].clear()
        ids = [
            submit_intent(sessions, idempotency_key=f"share-{n}", **fields)[0].id for n in range(6)
        ]
        expected = {index: sum(1 for i in ids if i % 2 == index) for index in (0, 1)}
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(len(woken[i]) < expected[i] for i in (0, 1)):
            time.sleep(0.05)
        time.sleep(0.3)  # and no extra wake arrives late
        assert {i: len(woken[i]) for i in (0, 1)} == expected
    finally:
        for listener in listeners:
            listener.stop()
        engine.dispose()


def test_the_share_comes_from_the_environment_sfbot_serve_sets(monkeypatch) -> None:
    monkeypatch.setenv(SHARE_VARIABLE, "1/3")
    assert share_from_environment() == (1, 3)
    for unusable in ("", "3/3", "x/2", "1"):
        monkeypatch.setenv(SHARE_VARIABLE, unusable)
        assert share_from_environment() is None
