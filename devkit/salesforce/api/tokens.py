"""OAuth grants: authorization codes, access and refresh tokens, their expiry and revocation.

Formats follow ../shared/salesforce/oauth: access tokens ``<15-char org id>!<opaque>``, refresh
tokens starting ``5Aep861``, ``signature`` = base64 HMAC-SHA256 of ``id + issued_at`` keyed by the
client secret, ``issued_at`` in epoch milliseconds as a string, and no ``expires_in``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from typing import Any

CODE_TTL_SECONDS = 15 * 60


@dataclass
class AccessToken:
    user_id: str
    client_id: str
    scope: str
    issued_at: float
    expires_at: float
    refresh: str | None = None


@dataclass
class RefreshToken:
    user_id: str
    client_id: str
    scope: str


@dataclass
class AuthCode:
    user_id: str
    client_id: str
    redirect_uri: str
    scope: str
    challenge: str | None
    challenge_method: str | None
    expires_at: float
    nonce: str | None = None


def pkce_s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class TokenStore:
    """Thread-safe grants; optionally mirrored to the org store's SQLite key-value table."""

    def __init__(self, *, org_id: str, access_ttl: float, persist: Any = None) -> None:
        self.org_id = org_id
        self.access_ttl = access_ttl
        self._lock = threading.Lock()
        self._persist = persist
        self.access: dict[str, AccessToken] = {}
        self.refresh: dict[str, RefreshToken] = {}
        self.codes: dict[str, AuthCode] = {}
        self._load()

    def _load(self) -> None:
        if self._persist is None:
            return
        saved = self._persist.kv_get("oauth") or {}
        self.access = {k: AccessToken(**v) for k, v in saved.get("access", {}).items()}
        self.refresh = {k: RefreshToken(**v) for k, v in saved.get("refresh", {}).items()}

    def _save(self) -> None:
        if self._persist is not None:
            self._persist.kv_put(
                "oauth",
                {
                    "access": {k: asdict(v) for k, v in self.access.items()},
                    "refresh": {k: asdict(v) for k, v in self.refresh.items()},
                },
            )

    def new_code(self, **kwargs: Any) -> str:
        code = "aPrx" + secrets.token_urlsafe(48)
        with self._lock:
            self.codes[code] = AuthCode(expires_at=time.time() + CODE_TTL_SECONDS, **kwargs)
        return code

    def take_code(self, code: str) -> AuthCode | None:
        """Consume a code (single use): returns it once, never again."""
        with self._lock:
            grant = self.codes.pop(code, None)
        if grant is None or grant.expires_at < time.time():
            return None
        return grant

    def issue(
        self,
        *,
        user_id: str,
        client_id: str,
        scope: str,
        with_refresh: bool = False,
        refresh: str | None = None,
    ) -> tuple[str, str | None]:
        """A new access token (and a new refresh token when ``with_refresh``)."""
        now = time.time()
        with self._lock:
            if with_refresh:
                refresh = "5Aep861" + secrets.token_urlsafe(60)
                self.refresh[refresh] = RefreshToken(user_id, client_id, scope)
            token = f"{self.org_id[:15]}!AR" + secrets.token_urlsafe(70)
            self.access[token] = AccessToken(
                user_id, client_id, scope, now, now + self.access_ttl, refresh
            )
            self._save()
        return token, refresh if with_refresh else None

    def check(self, token: str) -> AccessToken | None:
        grant = self.access.get(token)
        if grant is None or grant.expires_at <= time.time():
            return None
        return grant

    def refresh_grant(self, token: str) -> RefreshToken | None:
        return self.refresh.get(token)

    def revoke(self, token: str) -> bool:
        """Revoke an access or refresh token; a refresh token takes its access tokens along."""
        with self._lock:
            found = False
            if token in self.refresh:
                del self.refresh[token]
                for key in [k for k, v in self.access.items() if v.refresh == token]:
                    del self.access[key]
                found = True
            elif token in self.access:
                del self.access[token]
                found = True
            self._save()
        return found

    def expire_all(self) -> None:
        """Every access token expires now (refresh tokens stay valid)."""
        with self._lock:
            for grant in self.access.values():
                grant.expires_at = 0
            self._save()

    def clear(self) -> None:
        with self._lock:
            self.access.clear()
            self.refresh.clear()
            self.codes.clear()
            self._save()


def signature(secret: str, identity_url: str, issued_at: str) -> str:
    mac = hmac.new(secret.encode(), (identity_url + issued_at).encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")
