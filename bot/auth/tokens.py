"""Encryption of stored Salesforce secrets with Fernet keys (MultiFernet for rotation).

Keys come from SFBOT_ENCRYPTION_KEYS (comma-separated; the first encrypts, all decrypt). Without
the setting, development generates a key file readable only by its owner; production refuses.
See https://cryptography.io/en/latest/fernet/#cryptography.fernet.MultiFernet
"""

from __future__ import annotations

import logging
import os
import stat
import time
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.config import ConfigError, Settings
from bot.store.models import SalesforceConnection, SalesforceOAuthState

logger = logging.getLogger(__name__)

GENERATE_HINT = (
    'generate one with: python -c "from cryptography.fernet import Fernet; '
    'print(Fernet.generate_key().decode())"'
)


class TokenDecryptError(Exception):
    """A stored secret could not be decrypted with any configured key (never shows the secret)."""


class TokenCipher:
    """Encrypts and decrypts secrets; the first key encrypts, every key decrypts."""

    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise ValueError("at least one Fernet key is needed")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def encrypt(self, plaintext: str) -> bytes:
        return self._fernet.encrypt(plaintext.encode())

    def decrypt(self, ciphertext: bytes, *, ttl: int | None = None) -> str:
        """Decrypt; with `ttl`, also refuse ciphertexts older than that many seconds."""
        try:
            return self._fernet.decrypt(ciphertext, ttl=ttl).decode()
        except InvalidToken:
            raise TokenDecryptError(
                "a stored secret cannot be decrypted with SFBOT_ENCRYPTION_KEYS "
                "(was a key removed before `sfbot rotate-keys` ran?)"
            ) from None

    def rotate(self, ciphertext: bytes) -> bytes:
        """Re-encrypt with the first key (decrypting with any key)."""
        try:
            return self._fernet.rotate(ciphertext)
        except InvalidToken:
            raise TokenDecryptError(
                "a stored secret cannot be decrypted with SFBOT_ENCRYPTION_KEYS"
            ) from None


def parse_keys(raw: str) -> list[bytes]:
    """Split SFBOT_ENCRYPTION_KEYS into Fernet keys, naming the first bad one.

    Raises:
        ConfigError: a key is empty or not 32 url-safe base64-encoded bytes.
    """
    parts = [part.strip() for part in raw.split(",")]
    keys = []
    for position, part in enumerate(parts, start=1):
        try:
            Fernet(part.encode())
        except (ValueError, TypeError):
            raise ConfigError(
                f"SFBOT_ENCRYPTION_KEYS: key #{position} is not a Fernet key "
                f"(32 url-safe base64-encoded bytes); {GENERATE_HINT}"
            ) from None
        keys.append(part.encode())
    return keys


def load_cipher(settings: Settings) -> TokenCipher:
    """Build the cipher from the settings, generating a development key file if needed.

    Raises:
        ConfigError: production without SFBOT_ENCRYPTION_KEYS, or a malformed key.
    """
    if settings.sfbot_encryption_keys is not None:
        return TokenCipher(parse_keys(settings.sfbot_encryption_keys.get_secret_value()))
    if settings.is_production:
        raise ConfigError(
            "SFBOT_ENCRYPTION_KEYS: required when SFBOT_ENV=production "
            f"(comma-separated Fernet keys, the first encrypts); {GENERATE_HINT}"
        )
    return TokenCipher(parse_keys(_read_or_create_key_file(Path(settings.sfbot_key_file))))


def _read_or_create_key_file(path: Path) -> str:
    # O_EXCL makes two processes starting at once agree on one key.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key_file(path)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(Fernet.generate_key().decode() + "\n")
    logger.warning(
        "generated a development encryption key in %s; set SFBOT_ENCRYPTION_KEYS in production",
        path,
    )
    return _read_key_file(path)


def _read_key_file(path: Path) -> str:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        logger.warning("%s was readable by others (mode %o); restricting it to 0600", path, mode)
        path.chmod(0o600)
    for _ in range(50):
        content = path.read_text().strip()
        if content:
            return content
        time.sleep(0.02)  # another process has created the file but not written it yet
    raise ConfigError(f"SFBOT_KEY_FILE: {path} is empty; delete it to generate a new key")


def rotate_keys(session_factory: sessionmaker[Session], cipher: TokenCipher) -> int:
    """Re-encrypt every stored token and PKCE verifier with the first key.

    Returns:
        How many secrets were re-encrypted.
    """
    count = 0
    with session_factory.begin() as session:
        for connection in session.scalars(select(SalesforceConnection).with_for_update()):
            connection.access_token_encrypted = cipher.rotate(connection.access_token_encrypted)
            count += 1
            if connection.refresh_token_encrypted is not None:
                connection.refresh_token_encrypted = cipher.rotate(
                    connection.refresh_token_encrypted
                )
                count += 1
        for state in session.scalars(select(SalesforceOAuthState).with_for_update()):
            state.code_verifier_encrypted = cipher.rotate(state.code_verifier_encrypted)
            count += 1
    return count
