"""Start the emulator in a background thread (tests, playground) and drive it from Python."""

from __future__ import annotations

import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from werkzeug.test import Client

from devkit.salesforce.api.control import reset_state
from devkit.salesforce.api.tokens import TokenStore
from devkit.salesforce.httpserver import make_https_server
from devkit.salesforce.org import dml
from devkit.salesforce.org.core import Org
from devkit.salesforce.server import EmulatorApp
from devkit.salesforce.state import Faults, ServerState
from devkit.salesforce.tls import make_certificates

DEFAULT_ACCESS_TOKEN_TTL = 2 * 60 * 60  # Salesforce's default session timeout


class Emulator:
    """A running emulator. Usable as a context manager (stops on exit)."""

    def __init__(
        self,
        state: ServerState,
        server: Any,
        thread: threading.Thread,
        ca_file: Path,
        workdir: tempfile.TemporaryDirectory[str] | None,
    ) -> None:
        self.state = state
        self._server = server
        self._thread = thread
        self.ca_file = str(ca_file)
        self._workdir = workdir

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return self.state.base_url

    @property
    def org(self) -> Org:
        return self.state.org

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self.state.org.store.close()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- switches ----------------------------------------------------------------------------
    def set_faults(self, **faults: Any) -> None:
        """Change fault switches (latency_ms, error_rate, error_status, drop_after_commit,
        request_limit); unnamed switches keep their value. ``set_faults()`` alone clears all."""
        if not faults:
            self.state.faults = Faults()
            return
        updated = Faults(**vars(self.state.faults))
        updated.update(faults)
        self.state.faults = updated

    def expire_tokens(self) -> None:
        self.state.tokens.expire_all()

    def reset(self) -> None:
        reset_state(self.state)

    def set_enhanced_notes(self, enabled: bool) -> None:
        """Turn the org's enhanced notes on or off (the definition's ``enhanced_notes``, default
        on). Off, ContentNote is not createable: apps write classic ``Note`` records. The
        metadata changed, so describes cached before now are stale. ``reset()`` restores it."""
        with self.state.lock:
            self.org.definition.set_enhanced_notes(enabled)
            self.state.started = time.time()

    def requests(self) -> list[dict[str, Any]]:
        """The API request log: dicts with method, path, query, status, user, ms."""
        with self.state.lock:
            return list(self.state.log)

    # -- identities --------------------------------------------------------------------------
    def token_for(self, username: str) -> tuple[str, str]:
        """An access token for a user (no OAuth dance) and the instance URL."""
        user = self.org.user_by_username(username)
        if user is None:
            raise KeyError(f"no such user in the org: {username}")
        token, _ = self.state.tokens.issue(user_id=user.id, client_id="devkit", scope="api id web")
        return token, self.base_url

    def authorize(
        self,
        *,
        client_id: str = "devkit",
        redirect_uri: str,
        state: str | None = None,
        code_challenge: str | None = None,
        code_challenge_method: str | None = "S256",
        username: str,
        password: str = "demo",
        approve: bool = True,
        scope: str | None = None,
        nonce: str | None = None,
    ) -> str:
        """Approve the authorize page as a user; returns the redirect URL (``?code=…``)."""
        params = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri}
        for key, value in (
            ("state", state),
            ("code_challenge", code_challenge),
            ("scope", scope),
            ("nonce", nonce),
        ):
            if value is not None:
                params[key] = value
        if code_challenge is not None and code_challenge_method:
            params["code_challenge_method"] = code_challenge_method
        client = Client(EmulatorApp(self.state))
        response = client.post(
            "/services/oauth2/authorize?" + urlencode(params),
            data={"username": username, "password": password, "approve": "1" if approve else "0"},
            base_url=self.base_url,
        )
        if response.status_code != 302:
            raise ValueError(
                f"authorize did not redirect (HTTP {response.status_code}): "
                f"{response.get_data(as_text=True)[:300]}"
            )
        return response.headers["Location"]

    def session(self, username: str | None = None) -> Any:
        """A ``requests.Session`` that trusts the emulator's CA (and, given a username, sends
        that user's token).

        ``trust_env`` is off because requests lets ``REQUESTS_CA_BUNDLE`` from the environment
        override ``session.verify``.
        """
        import requests

        session = requests.Session()
        session.verify = self.ca_file
        session.trust_env = False
        if username is not None:
            session.headers["Authorization"] = "Bearer " + self.token_for(username)[0]
        return session

    # -- direct inspection -------------------------------------------------------------------
    def record(self, record_id: str) -> dict[str, Any] | None:
        """A stored record by 15/18-char id (deleted ones too, with IsDeleted), or None."""
        from devkit.salesforce.ids import to18

        rid = to18(record_id)
        with self.org.lock:
            rec = self.org.store.get(rid) if rid else None
            return dict(rec) if rec is not None else None

    def records(self, sobject: str, *, include_deleted: bool = False) -> list[dict[str, Any]]:
        """Every stored record of one object (copies)."""
        with self.org.lock:
            return [
                dict(r)
                for r in self.org.store.of_type(sobject)
                if include_deleted or not r.get("IsDeleted")
            ]

    def user_id(self, username: str) -> str:
        user = self.org.user_by_username(username)
        if user is None:
            raise KeyError(username)
        return user.id

    def undelete(self, record_id: str, *, as_user: str = "admin@demo.example") -> str:
        """Restore a deleted record (as Salesforce's undelete call does)."""
        with self.org.lock:
            return dml.undelete(self.org, self.org.user_by_username(as_user), record_id)

    @staticmethod
    def code_from(redirect_url: str) -> str:
        return parse_qs(urlsplit(redirect_url).query)["code"][0]


def start_emulator(
    org: str | Path = "demo",
    port: int = 0,
    data: str | Path | None = None,
    *,
    host: str = "127.0.0.1",
    access_token_ttl: float = DEFAULT_ACCESS_TOKEN_TTL,
    cert_dir: str | Path | None = None,
) -> Emulator:
    """Start an HTTPS emulator in a daemon thread and return it once it accepts connections."""
    workdir = None
    if cert_dir is None:
        workdir = tempfile.TemporaryDirectory(prefix="devkit-sf-")
        cert_dir = workdir.name
    tls = make_certificates(Path(cert_dir))
    the_org = Org(org, data)
    tokens = TokenStore(
        org_id=the_org.definition.org_id,
        access_ttl=access_token_ttl,
        persist=the_org.store if data is not None else None,
    )
    state = ServerState(org=the_org, tokens=tokens)
    server = make_https_server(host, port, EmulatorApp(state), tls.server_context())
    state.base_url = f"https://{host}:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, name="devkit-salesforce", daemon=True)
    thread.start()
    return Emulator(state, server, thread, tls.ca_file, workdir)
