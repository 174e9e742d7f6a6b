from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from bot.auth.tokens import TokenCipher, TokenDecryptError, load_cipher, parse_keys, rotate_keys
from bot.config import ConfigError, load_settings
from bot.store.models import SalesforceConnection, SalesforceOAuthState, utcnow
from tests.fixtures.connect import sqlite_sessions, stored_connection


def test_round_trip_and_ciphertext_hides_the_secret() -> None:
    cipher = TokenCipher([Fernet.generate_key()])
    secret = "00Dxx0000001gPL!AQ4AQFakeAccessToken"
    encrypted = cipher.encrypt(secret)
    assert secret.encode() not in encrypted
    assert cipher.decrypt(encrypted) == secret


def test_first_key_encrypts_and_every_key_decrypts() -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    written_before = TokenCipher([old]).encrypt("refresh-token")
    both = TokenCipher([new, old])
    assert both.decrypt(written_before) == "refresh-token"
    written_after = both.encrypt("access-token")
    assert TokenCipher([new]).decrypt(written_after) == "access-token"
    with pytest.raises(TokenDecryptError) as raised:
        TokenCipher([old]).decrypt(written_after)
    assert "access-token" not in str(raised.value)


def test_parse_keys_names_the_bad_key() -> None:
    good = Fernet.generate_key().decode()
    with pytest.raises(ConfigError) as raised:
        parse_keys(f"{good}, not-a-key")
    assert str(raised.value).startswith("SFBOT_ENCRYPTION_KEYS: key #2 is not a Fernet key")
    assert "not-a-key" not in str(raised.value)


def test_production_refuses_to_start_without_keys(tmp_path) -> None:
    settings = load_settings(sfbot_env="production", sfbot_key_file=str(tmp_path / "k"))
    with pytest.raises(ConfigError) as raised:
        load_cipher(settings)
    message = str(raised.value)
    assert message.startswith("SFBOT_ENCRYPTION_KEYS: required when SFBOT_ENV=production")
    assert "\n" not in message
    assert not (tmp_path / "k").exists()


def test_development_generates_a_private_key_file_once(tmp_path) -> None:
    key_file = tmp_path / "dir" / "encryption.key"
    settings = load_settings(sfbot_key_file=str(key_file))
    first = load_cipher(settings)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    content = key_file.read_text()
    second = load_cipher(settings)
    assert key_file.read_text() == content
    assert second.decrypt(first.encrypt("x")) == "x"


def test_a_loose_key_file_is_tightened(tmp_path) -> None:
    key_file = tmp_path / "encryption.key"
    key_file.write_text(Fernet.generate_key().decode())
    key_file.chmod(0o644)
    load_cipher(load_settings(sfbot_key_file=str(key_file)))
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_keys_from_the_setting_win_over_the_file(tmp_path) -> None:
    key = Fernet.generate_key().decode()
    settings = load_settings(sfbot_encryption_keys=key, sfbot_key_file=str(tmp_path / "k"))
    cipher = load_cipher(settings)
    assert TokenCipher([key.encode()]).decrypt(cipher.encrypt("t")) == "t"
    assert not (tmp_path / "k").exists()


def test_rotate_keys_reencrypts_tokens_and_verifiers(tmp_path) -> None:
    sessions = sqlite_sessions(tmp_path)
    old, new = Fernet.generate_key(), Fernet.generate_key()
    before = TokenCipher([old])
    with sessions.begin() as session:
        session.add(stored_connection(before, refresh="refresh-1"))
        session.add(
            SalesforceOAuthState(
                state="s1",
                team_id="T1",
                slack_user_id="U1",
                login_url="https://login.salesforce.com",
                code_verifier_encrypted=before.encrypt("verifier-1"),
                redirect_uri="http://localhost/cb",
                expires_at=utcnow(),
            )
        )
    assert rotate_keys(sessions, TokenCipher([new, old])) == 3
    only_new = TokenCipher([new])
    with sessions() as session:
        connection = session.scalar(select(SalesforceConnection))
        state = session.scalar(select(SalesforceOAuthState))
        assert only_new.decrypt(connection.access_token_encrypted) == "access-1"
        assert only_new.decrypt(connection.refresh_token_encrypted) == "refresh-1"
        assert only_new.decrypt(state.code_verifier_encrypted) == "verifier-1"
