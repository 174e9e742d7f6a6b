"""OpenID Connect: the ``id_token`` of token responses, ``/id/keys`` and the discovery document.

Follows Salesforce's OpenID Connect support (help: "OpenID Connect Token Introspection",
"Identity URLs", ``/.well-known/openid-configuration``): when the granted scope includes
``openid``, the authorization-code and refresh-token grants add an ``id_token``, a JWT signed
RS256 whose header names its key (``kid``) in the JWKS at ``/id/keys``. Claims: ``at_hash``,
``sub`` (the identity URL), ``aud`` (the client id), ``iss`` (the login host), ``iat``, ``exp``
(``iat`` + the connected app's "ID Token Valid For", 2 minutes by default) and ``nonce`` when
the authorize request had one. The key is made when first needed and lives as long as the
server (real orgs rotate theirs too, so clients must read ``kid`` and fetch the JWKS).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

DEFAULT_TTL_SECONDS = 120
_LOCK = threading.Lock()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _int_bytes(value: int) -> bytes:
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


@dataclass
class SigningKey:
    """An RSA key pair with its key id and public JWK."""

    private: rsa.RSAPrivateKey
    kid: str
    jwk: dict[str, str]

    @classmethod
    def generate(cls) -> SigningKey:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        numbers = private.public_key().public_numbers()
        n, e = _b64url(_int_bytes(numbers.n)), _b64url(_int_bytes(numbers.e))
        # RFC 7638 thumbprint: a stable id for this key.
        thumb = json.dumps({"e": e, "kty": "RSA", "n": n}, separators=(",", ":"))
        kid = _b64url(hashlib.sha256(thumb.encode()).digest())[:12]
        jwk = {"kty": "RSA", "n": n, "e": e, "alg": "RS256", "use": "sig", "kid": kid}
        return cls(private=private, kid=kid, jwk=jwk)

    def sign(self, claims: dict[str, Any]) -> str:
        """A compact JWS (RS256) of ``claims``."""
        header = {"kid": self.kid, "typ": "JWT", "alg": "RS256"}
        head = _b64url(json.dumps(header, separators=(",", ":")).encode())
        body = _b64url(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = f"{head}.{body}".encode("ascii")
        signature = self.private.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        return f"{head}.{body}.{_b64url(signature)}"


def signing_key(state: Any) -> SigningKey:
    """The server's signing key, made on first use (2048-bit RSA takes a moment)."""
    with _LOCK:
        if state.signing_key is None:
            state.signing_key = SigningKey.generate()
        return state.signing_key


def at_hash(access_token: str) -> str:
    """OpenID Connect ``at_hash``: left half of SHA-256 of the access token, base64url."""
    digest = hashlib.sha256(access_token.encode("ascii")).digest()
    return _b64url(digest[: len(digest) // 2])


def id_token(
    state: Any, *, access_token: str, identity_url: str, client_id: str, nonce: str | None
) -> str:
    """The ``id_token`` for a token response."""
    app = state.org.definition.connected_app
    now = int(time.time())
    claims: dict[str, Any] = {
        "at_hash": at_hash(access_token),
        "sub": identity_url,
        "aud": client_id,
        "iss": state.base_url,
        "exp": now + int(app.get("id_token_ttl_seconds", DEFAULT_TTL_SECONDS)),
        "iat": now,
    }
    if nonce:
        claims["nonce"] = nonce
    return signing_key(state).sign(claims)


def jwks(state: Any) -> dict[str, Any]:
    """``GET /id/keys``: the public keys id_tokens are signed with."""
    return {"keys": [signing_key(state).jwk]}


def configuration(state: Any) -> dict[str, Any]:
    """``GET /.well-known/openid-configuration`` on the login host."""
    host = state.base_url
    scopes = state.org.definition.connected_app.get("scopes", [])
    return {
        "issuer": host,
        "authorization_endpoint": f"{host}/services/oauth2/authorize",
        "token_endpoint": f"{host}/services/oauth2/token",
        "revocation_endpoint": f"{host}/services/oauth2/revoke",
        "userinfo_endpoint": f"{host}/services/oauth2/userinfo",
        "jwks_uri": f"{host}/id/keys",
        "scopes_supported": sorted(set(scopes) | {"openid", "api", "id", "refresh_token"}),
        "response_types_supported": ["code"],
        "grant_types_supported": [
            "authorization_code",
            "refresh_token",
            "password",
            "client_credentials",
        ],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": [
            "active",
            "address",
            "email",
            "email_verified",
            "family_name",
            "given_name",
            "is_app_installed",
            "language",
            "locale",
            "name",
            "nickname",
            "organization_id",
            "phone_number",
            "photos",
            "picture",
            "preferred_username",
            "profile",
            "sub",
            "updated_at",
            "urls",
            "user_id",
            "user_type",
            "zoneinfo",
        ],
    }
