"""An `/sf export` download link works once: a second download, by anyone, is refused."""

from __future__ import annotations

import re

import pytest
import requests

from tests.fixtures.records import SAM

LINK = re.compile(r"<(https?://[^|>]+)\|Download ")


@pytest.fixture
def admin_env(make_records_env):
    return make_records_env(sfbot_admins=SAM)


def _link(env, reply: dict) -> str:
    found = LINK.search(reply["text"])
    assert found, reply["text"]
    return env.running.base_url + "/admin/export/" + found.group(1).rsplit("/admin/export/", 1)[1]


def test_a_download_link_is_consumed_by_its_first_download(admin_env) -> None:
    reply = admin_env.run("export contacts", user=SAM)
    assert "works once" in reply["text"], reply["text"]
    link = _link(admin_env, reply)
    first = requests.get(link, timeout=10)
    assert first.status_code == 200 and first.headers["Content-Type"].startswith("text/csv")
    before = len(admin_env.emu.requests())
    for _ in range(2):
        again = requests.get(link, timeout=10)
        assert again.status_code == 410, again.text[:300]
        assert "already used" in again.text
    # Refused before Salesforce is asked for anything.
    assert admin_env.emu.requests()[before:] == []
    # A new export gets a new link that works.
    fresh = _link(admin_env, admin_env.run("export contacts", user=SAM))
    assert fresh != link
    assert requests.get(fresh, timeout=10).status_code == 200
