"""`/sf export contacts|leads [where …]`: a signed, expiring link served by the app, made with
the admin's own Salesforce token when opened."""

from __future__ import annotations

import csv
import io
import re

import pytest
import requests

from bot.slack import messages
from bot.slack.admin import exports as export_module
from tests.fixtures.records import ADA, SAM

LINK = re.compile(r"<(https?://[^|>]+)\|Download ([^>]+)>")


@pytest.fixture
def admin_env(make_records_env):
    return make_records_env(sfbot_admins=SAM)


def _link(env, reply: dict) -> str:
    """The download link of an export reply, pointed at the served app (tests' PUBLIC_URL is
    a placeholder)."""
    found = LINK.search(reply["text"])
    assert found, reply["text"]
    path = "/admin/export/" + found.group(1).rsplit("/admin/export/", 1)[1]
    return env.running.base_url + path


def _rows(response: requests.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text)))


def test_export_contacts_as_csv_made_with_the_admins_token(admin_env) -> None:
    reply = admin_env.run("export contacts", user=SAM)
    assert reply["text"].startswith(":page_facing_up: Your CSV of contacts is ready"), reply["text"]
    assert "expires in 10 minutes" in reply["text"]
    before = len(admin_env.emu.requests())
    response = requests.get(_link(admin_env, reply), timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    rows = _rows(response)
    assert list(rows[0]) == ["Id", "FirstName", "LastName", "Email", "Phone", "Title", "AccountId"]
    emails = {row["Email"] for row in rows}
    assert {c["Email"] for c in admin_env.records("Contact")} == emails
    queries = [r for r in admin_env.sf_calls(before) if "/query" in r["path"]]
    assert queries and {r["user"] for r in queries} == {"admin@demo.example"}


def test_export_with_a_condition_and_formula_cells_defused(admin_env) -> None:
    admin_env.run(
        'create lead last="=HYPERLINK(1)" company=Evil status="Working - Contacted"', user=SAM
    )
    reply = admin_env.run('export leads where status="working - contacted"', user=SAM)
    assert "leads where Status = Working - Contacted" in reply["text"], reply["text"]
    rows = _rows(requests.get(_link(admin_env, reply), timeout=10))
    assert {row["Status"] for row in rows} == {"Working - Contacted"}
    assert "'=HYPERLINK(1)" in {row["LastName"] for row in rows}
    assert "Ripley" in {row["LastName"] for row in rows}


def test_expired_tampered_and_revoked_links_are_refused(admin_env, monkeypatch) -> None:
    reply = admin_env.run("export contacts", user=SAM)
    link = _link(admin_env, reply)
    tampered = link[:-6] + ("AAAAAA" if not link.endswith("AAAAAA") else "BBBBBB")
    assert requests.get(tampered, timeout=10).status_code == 410
    assert (
        requests.get(admin_env.running.base_url + "/admin/export/x", timeout=10).status_code == 410
    )
    monkeypatch.setattr(export_module, "LINK_MINUTES", 0)
    import time

    time.sleep(1.1)
    expired = requests.get(link, timeout=10)
    assert expired.status_code == 410 and "expired" in expired.text


def test_link_stops_working_when_the_user_is_no_longer_an_admin(make_records_env) -> None:
    env = make_records_env(sfbot_admins=SAM)
    link = _link(env, env.run("export leads", user=SAM))
    env.running.bot.stop()
    demoted = make_records_env(sfbot_admins=ADA, database_url=env.services.settings.database_url)
    path = link.split("/admin/export/", 1)[1]
    response = requests.get(demoted.running.base_url + "/admin/export/" + path, timeout=10)
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("export", messages.EXPORT_USAGE),
        ("export accounts", messages.EXPORT_USAGE),
        ("export leads where staus=Open", "did you mean"),
        ("export leads where status=Open - Not Contacted", "didn't expect"),
    ],
)
def test_bad_input_gets_specific_messages(admin_env, typed: str, expected: str) -> None:
    reply = admin_env.run(typed, user=SAM)
    assert expected.casefold() in reply["text"].casefold(), reply["text"]


def test_non_admins_are_refused(admin_env) -> None:
    reply = admin_env.run("export contacts", user=ADA)
    assert reply["text"] == messages.ADMIN_ONLY.format(verb="export", user_id=ADA)
