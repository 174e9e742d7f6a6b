"""20 commands at once against an expired token on PostgreSQL: Salesforce sees one refresh."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.test_connect_refresh import mine, token_calls

pytestmark = pytest.mark.postgres


def test_parallel_commands_refresh_once(make_connect_env, postgres_url) -> None:
    env = make_connect_env(database_url=postgres_url)
    env.connect()
    before = mine(env)
    env.emu.expire_tokens()
    mark = len(env.emu.requests())

    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda _: env.slash("whoami"), range(20)))

    assert all("rep@demo.example" in reply["text"] for reply in replies), replies[0]
    assert len(token_calls(env, mark)) == 1
    after = mine(env)
    assert after.token_version == before.token_version + 1
    # whoami asks userinfo, which answers an expired token with 403 Bad_OAuth_Token.
    refused = [e for e in env.emu.requests()[mark:] if e["status"] in (401, 403)]
    assert 1 <= len(refused) <= 20
