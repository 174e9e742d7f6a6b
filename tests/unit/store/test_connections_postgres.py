"""The refresh row lock across processes: two stores with their own engines share one row."""

from __future__ import annotations

import threading

import pytest

from bot.store.connection_types import RefreshedTokens
from bot.store.connections import ConnectionStore
from bot.store.db import make_engine, make_session_factory
from bot.store.models import Base
from tests.fixtures.connect import new_cipher
from tests.unit.store.test_connections import details

pytestmark = pytest.mark.postgres


def test_two_processes_refresh_once(postgres_url) -> None:
    cipher = new_cipher()
    engines = [make_engine(postgres_url) for _ in range(2)]
    Base.metadata.create_all(engines[0])
    stores = [
        ConnectionStore(make_session_factory(engine), cipher, max_per_user=5) for engine in engines
    ]
    saved = stores[0].save(details())
    calls: list[int] = []
    barrier = threading.Barrier(20)

    def fetch(connection):
        calls.append(connection.token_version)
        return RefreshedTokens(access_token="access-2")

    def worker(store: ConnectionStore) -> None:
        barrier.wait()
        store.refresh_tokens(saved.id, seen_version=saved.token_version, fetch=fetch)

    threads = [threading.Thread(target=worker, args=(stores[i % 2],)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert calls == [saved.token_version]
        assert stores[1].find_by_id(saved.id).access_token == "access-2"
    finally:
        for engine in engines:
            engine.dispose()
