"""A whole session leaves no secret in the logs or in Slack.

Connect through OAuth, create, update (and Undo), delete, add a note, have the access token
expire and be refreshed, export, disconnect; with every logger captured at DEBUG (pytest's
caplog, unredacted) and the app's own JSON log output. Then every captured line and every
message, view and response_url post the Slack simulator recorded is searched for each secret:
the tokens and the OAuth code devkit Salesforce issued, the PKCE verifier, the client and
signing secrets, the Fernet keys, and the export link's token (Slack gets that link on
purpose, so only the logs are searched for it).
"""

from __future__ import annotations

import io
import json
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from sqlalchemy import select

from bot.observability import configure_logging, secrets_of
from bot.slack import ids
from bot.store.models import SalesforceOAuthState
from tests.fixtures.connect import ConnectEnv, button_url

ADA = "U0ADA00001"
CHANNEL = "C0SALES001"
# The raw check skips the harness's request lines (its werkzeug server, the test's own client):
# production serves through gunicorn, whose access log is off. The JSON check keeps them:
# `sfbot socket` serves the app with werkzeug, and its request lines carry query strings.
HARNESS_LOGGERS = ("werkzeug",)


@pytest.fixture
def json_log() -> Any:
    """The app's JSON log output (as `sfbot serve` configures it) into a buffer, at DEBUG."""
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    yield stream
    for handler in list(root.handlers):
        if getattr(handler, "_sfbot", False):
            root.removeHandler(handler)
    root.setLevel(level)


def _final(env: ConnectEnv, before: int) -> dict[str, Any]:
    def done() -> dict[str, Any] | None:
        found = env.sim.ephemeral_messages(ADA)[before:]
        busy = (":hourglass", "Working", "Still working", "Undoing")
        return found[-1] if found and not found[-1]["text"].startswith(busy) else None

    return env.sim.wait_for(done, timeout=15, message="a final reply")


def _run(env: ConnectEnv, text: str) -> dict[str, Any]:
    before = len(env.sim.ephemeral_messages(ADA))
    result = env.sim.slash(text, user=ADA, channel=CHANNEL)
    assert result.status == 200, result.text
    return _final(env, before)


def _click(env: ConnectEnv, message: dict[str, Any], action_id: str) -> dict[str, Any]:
    buttons = [
        element
        for block in message.get("blocks") or []
        for element in (
            [block["accessory"]] if "accessory" in block else block.get("elements") or []
        )
        if isinstance(element, dict) and str(element.get("action_id", "")).startswith(action_id)
    ]
    assert buttons, f"no {action_id} in {message['text']!r}"
    before = len(env.sim.ephemeral_messages(ADA))
    env.sim.block_action(
        buttons[0]["action_id"], value=buttons[0].get("value"), user=ADA,
        message_ts=message["ts"], channel=message["channel"],
    )  # fmt: skip

    def answered() -> bool:  # a new reply, or the clicked message replaced
        found = env.sim.ephemeral_messages(ADA)
        return len(found) > before or found[-1]["text"] != message["text"]

    env.sim.wait_for(answered, timeout=15)
    return _final(env, before - 1 if before else 0)


def _issued(env: ConnectEnv, found: set[str]) -> None:
    tokens = env.emu.state.tokens
    found |= set(tokens.access) | set(tokens.refresh) | set(tokens.codes)


def test_a_whole_session_logs_and_posts_no_secret(
    make_connect_env: Any, caplog: pytest.LogCaptureFixture, json_log: io.StringIO,
    tmp_path: Path,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    env = make_connect_env(sfbot_admins=ADA)
    configure_logging(level="DEBUG", secrets=secrets_of(env.services.settings), stream=json_log)
    caplog.set_level(logging.DEBUG)  # configure_logging set the root level: DEBUG again
    issued: set[str] = set()
    secrets: dict[str, str] = {
        "client secret": "devkit-secret",
        "signing secret": env.sim.signing_secret,
    }
    for n, key in enumerate(Path(env.services.settings.sfbot_key_file).read_text().split()):
        secrets[f"fernet key {n}"] = key.strip()

    # Connect through OAuth, keeping the verifier (from the state row) and the code.
    browser = requests.Session()
    authorize = env.start(button_url(env.slash("connect", user=ADA)), browser=browser)
    cipher = env.services.token_cipher
    with env.services.sessions() as session:
        for n, row in enumerate(session.scalars(select(SalesforceOAuthState))):
            secrets[f"verifier {n}"] = cipher.decrypt(row.code_verifier_encrypted)
    back = env.approve(authorize, username="rep@demo.example")
    secrets["oauth code"] = dict(parse_qsl(urlsplit(back).query))["code"]
    _issued(env, issued)
    page = browser.get(back, allow_redirects=False, timeout=10)
    assert page.status_code == 200, page.text[:300]
    _issued(env, issued)

    created = _run(env, "create contact first=Secret last=Scenario account=Acme")
    assert [r for r in env.emu.records("Contact") if r.get("LastName") == "Scenario"]
    _click(env, created, ids.UNDO_ACTION)
    env.sim.wait_for(lambda: not [r for r in env.emu.records("Contact")
                                  if r.get("LastName") == "Scenario" and not r.get("IsDeleted")],
                     timeout=15)  # fmt: skip
    target = next(r for r in env.emu.records("Opportunity") if r["Name"] == "Acme renewal 2026")
    updated = _run(env, f"update {target['Id']} amount=61k")
    _click(env, updated, ids.UNDO_ACTION)
    _run(env, f'note {target["Id"]} "secret scenario note"')
    assert env.sim.wait_for(lambda: env.emu.records("ContentNote"), timeout=15)
    _issued(env, issued)

    env.emu.expire_tokens()  # the next call refreshes
    _run(env, f"update {target['Id']} amount=62k")
    env.sim.wait_for(lambda: [o for o in env.emu.records("Opportunity")
                              if o.get("Amount") == 62000], timeout=15)  # fmt: skip
    _issued(env, issued)
    asked = _run(env, f"delete {target['Id']}")
    if any(ids.CONFIRM_DELETE_ACTION in json.dumps(b) for b in asked.get("blocks") or []):
        _click(env, asked, ids.CONFIRM_DELETE_ACTION)

    env.sim.wait_for(lambda: not [o for o in env.emu.records("Opportunity")
                                  if o["Id"] == target["Id"] and not o.get("IsDeleted")],
                     timeout=15)  # fmt: skip
    grants = [r for r in env.emu.requests() if r["path"].endswith("/oauth2/token")]
    assert len(grants) >= 2, grants  # the code, then a refresh
    exported = _run(env, "export contacts")
    link = re.search(r"<(\S+/admin/export/[^|>]+)", exported["text"])
    assert link, exported["text"]
    export_token = link.group(1).rsplit("/admin/export/", 1)[1]
    csv = requests.get(env.base_url + "/admin/export/" + export_token, timeout=10)
    assert csv.status_code == 200, csv.text[:300]
    _issued(env, issued)
    _run(env, "disconnect")
    _issued(env, issued)
    assert len(issued) >= 4, issued  # code, access, refresh, the refreshed access token

    # Raw records as every handler receives them (before the JSON handler's redaction), minus
    # the harness's own HTTP lines; then the JSON lines `sfbot serve` would write, all of them.
    harness = urlsplit(env.base_url).netloc
    raw = [
        r.getMessage() + " " + json.dumps(r.__dict__, default=str)
        for r in caplog.records
        if not r.name.startswith(HARNESS_LOGGERS) and harness not in r.getMessage()
    ]
    shipped = json_log.getvalue().splitlines()
    assert len(raw) > 10 and len(shipped) > 10
    slack = json.dumps(
        [env.sim.messages(include_deleted=True), env.sim.calls(),
         env.sim.response_url_posts(), env.sim.open_views(ADA)], default=str
    )  # fmt: skip
    everything = {**secrets, **{f"issued {n}": v for n, v in enumerate(sorted(issued))}}
    places = {"raw logs": "\n".join(raw), "json logs": "\n".join(shipped), "slack": slack}
    leaks = [
        (name, where)
        for name, value in everything.items()
        for where, text in places.items()
        if value and value in text
    ]
    # Slack gets the export link on purpose (and bolt's DEBUG line echoes its reply): the
    # token must only never reach the written log.
    leaks += [("export token", "json logs")] if export_token in places["json logs"] else []
    assert leaks == [], leaks
