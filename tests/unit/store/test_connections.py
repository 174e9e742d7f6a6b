from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.store.connection_types import ConnectionDetails, RefreshedTokens, TooManyOrgs, UnknownOrg
from bot.store.connections import ConnectionStore
from bot.store.models import SalesforceConnection
from tests.fixtures.connect import new_cipher, sqlite_sessions


def details(number: int = 1, **changes: object) -> ConnectionDetails:
    base = ConnectionDetails(
        team_id="T1",
        slack_user_id="U1",
        org_id=f"00D00000000000{number}AAA",
        sf_user_id=f"00500000000000{number}AAA",
        instance_url=f"https://org{number}.my.salesforce.com",
        login_url="https://login.salesforce.com",
        access_token=f"access-{number}",
        refresh_token=f"refresh-{number}",
        org_name=f"Acme {number}",
        sf_username=f"ada{number}@acme.com",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path) -> ConnectionStore:
    return ConnectionStore(sqlite_sessions(tmp_path), new_cipher(), max_per_user=5)


def test_save_encrypts_and_find_decrypts(store: ConnectionStore) -> None:
    saved = store.save(details())
    assert "access-1" not in repr(saved)
    found = store.find(team_id="T1", user_id="U1")
    assert found is not None
    assert (found.access_token, found.refresh_token) == ("access-1", "refresh-1")
    assert found.is_default and found.alias == "acme-1"
    with store._sessions() as session:
        row = session.scalar(select(SalesforceConnection))
        assert b"access-1" not in row.access_token_encrypted
        assert b"refresh-1" not in row.refresh_token_encrypted


def test_saving_the_same_user_again_updates_in_place(store: ConnectionStore) -> None:
    first = store.save(details())
    store.mark_broken(first.id)
    again = store.save(details(access_token="access-new"))
    assert again.id == first.id
    assert again.access_token == "access-new"
    assert again.status == "active" and again.token_version == first.token_version + 1
    assert len(store.find_all(team_id="T1", user_id="U1")) == 1


def test_the_sixth_org_is_refused(store: ConnectionStore) -> None:
    for number in range(1, 6):
        store.save(details(number))
    with pytest.raises(TooManyOrgs) as raised:
        store.save(details(6))
    assert raised.value.limit == 5
    assert len(store.find_all(team_id="T1", user_id="U1")) == 5


def test_org_names_and_default(store: ConnectionStore) -> None:
    store.save(details(1))
    second = store.save(details(2, environment="sandbox", org_name="Acme 1"))
    assert second.alias == "acme-1-sandbox" and not second.is_default
    assert store.find(team_id="T1", user_id="U1", org="ACME-1-sandbox").id == second.id
    assert store.find(team_id="T1", user_id="U1", org=second.org_id[:15]).id == second.id
    assert store.find(team_id="T1", user_id="U1", org="ada2@acme.com").id == second.id
    store.set_default(team_id="T1", user_id="U1", org="acme-1-sandbox")
    assert store.find(team_id="T1", user_id="U1").id == second.id
    with pytest.raises(UnknownOrg) as raised:
        store.find(team_id="T1", user_id="U1", org="globex")
    assert raised.value.known == ["acme-1-sandbox", "acme-1"]


def test_deleting_the_default_promotes_another(store: ConnectionStore) -> None:
    first = store.save(details(1))
    second = store.save(details(2))
    store.delete(team_id="T1", user_id="U1", connection_id=first.id)
    remaining = store.find(team_id="T1", user_id="U1")
    assert remaining.id == second.id and remaining.is_default


def test_teams_are_isolated(store: ConnectionStore) -> None:
    mine = store.save(details(1, team_id="T1"))
    assert store.find(team_id="T2", user_id="U1") is None
    assert store.find_all(team_id="T2", user_id="U1") == []
    store.delete(team_id="T2", user_id="U1", connection_id=mine.id)
    assert store.find(team_id="T1", user_id="U1") is not None
    with pytest.raises(UnknownOrg):
        store.set_default(team_id="T2", user_id="U1", org="acme-1")


def test_concurrent_refreshes_call_the_token_endpoint_once(store: ConnectionStore) -> None:
    saved = store.save(details())
    calls: list[str | None] = []
    barrier = threading.Barrier(10)

    def fetch(connection):
        calls.append(connection.refresh_token)
        return RefreshedTokens(access_token="access-2")

    results = []

    def worker() -> None:
        barrier.wait()
        results.append(
            store.refresh_tokens(saved.id, seen_version=saved.token_version, fetch=fetch)
        )

    threads = [threading.Thread(target=worker) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["refresh-1"]
    assert {result.access_token for result in results} == {"access-2"}
    assert {result.token_version for result in results} == {saved.token_version + 1}
    # Salesforce keeps the refresh token when it does not send a new one.
    assert store.find_by_id(saved.id).refresh_token == "refresh-1"


def test_a_failed_refresh_leaves_the_tokens(store: ConnectionStore) -> None:
    saved = store.save(details())

    def fetch(connection):
        raise RuntimeError("token endpoint down")

    with pytest.raises(RuntimeError):
        store.refresh_tokens(saved.id, seen_version=saved.token_version, fetch=fetch)
    again = store.find_by_id(saved.id)
    assert again.access_token == "access-1" and again.token_version == saved.token_version


def test_within_one_request_a_users_connections_are_read_once(store, tmp_path) -> None:
    from sqlalchemy import event

    saved = store.save(details())
    engine = store._sessions.kw["bind"]
    selects: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: selects.append(args[2]))
    with store.one_request():
        first = store.find(team_id=saved.team_id, user_id=saved.slack_user_id)
        again = store.find(team_id=saved.team_id, user_id=saved.slack_user_id)
        assert first == again and len(selects) == 1
        store.mark_broken(saved.id)  # a change drops what was read
        broken = store.find(team_id=saved.team_id, user_id=saved.slack_user_id)
        assert broken is not None and broken.is_broken
    store.find(team_id=saved.team_id, user_id=saved.slack_user_id)
    store.find(team_id=saved.team_id, user_id=saved.slack_user_id)
    assert len([s for s in selects if s.lstrip().upper().startswith("SELECT")]) == 5
