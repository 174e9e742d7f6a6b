"""Redaction of secrets in logs, the JSON line format, and the metrics registry."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.config import load_settings
from bot.observability import REDACTED, Metrics, configure_logging, redact, secrets_of

LEAKS = {
    "slack bot token": "token xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp",
    "slack app token": "xapp-1-A0123-4567-abcdef0123456789",
    "salesforce session": "00D5g000001AbCd!AQ0AQFz8yv7J3nC2Lk9s8d7f6g5h4j3k2l1",
    "fernet token": "gAAAAABlZ3xkF1pS2Kq8m9n0o1p2q3r4s5t6u7v8w9x0y1z2",
    "bearer header": "Authorization: Bearer 00Dxx0000001gPL!ARgAQJkLmN",
    "json access token": '{"access_token": "abcdEFGH1234ijkl", "instance_url": "x"}',
    "form refresh token": "grant_type=refresh_token&refresh_token=5Aep861abcdEFGH&client_id=x",
    "client secret": "client_secret=s3cr3tValue99",
}


@pytest.mark.parametrize("text", LEAKS.values(), ids=LEAKS.keys())
def test_credentials_are_redacted(text):
    cleaned = redact(text)
    assert REDACTED in cleaned
    for word in (
        "AbCdEfGhIjKlMnOp",
        "abcdef0123456789",
        "AQ0AQFz8yv7",
        "F1pS2Kq8",
        "ARgAQJkLmN",
        "abcdEFGH1234ijkl",
        "5Aep861abcdEFGH",
        "s3cr3tValue99",
    ):
        assert word not in cleaned


def test_ordinary_text_is_untouched():
    text = "created Opportunity 0065g00000Abc12AAA for team T0123 in 120 ms"
    assert redact(text) == text


def test_known_secret_values_are_masked_anywhere():
    settings = load_settings(
        slack_signing_secret="plain-looking-signing-value", sfbot_encryption_keys="k1key,k2key22"
    )
    secrets = secrets_of(settings)
    assert "plain-looking-signing-value" in secrets and "k2key22" in secrets
    assert redact("sig plain-looking-signing-value end", known=secrets) == f"sig {REDACTED} end"


def test_log_lines_are_json_with_fields_and_no_secrets():
    stream = io.StringIO()
    configure_logging(level="INFO", secrets=["very-secret-value"], stream=stream)
    log = logging.getLogger("sfbot.test")
    log.info("request for %s", "xoxb-1-2-abcdefghijkl", extra={"sfbot": {"team": "T1", "n": 3}})
    try:
        raise RuntimeError("failed with very-secret-value")
    except RuntimeError:
        log.exception("boom")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[0]["msg"] == f"request for {REDACTED}"
    assert lines[0]["team"] == "T1" and lines[0]["n"] == 3 and lines[0]["level"] == "info"
    assert "very-secret-value" not in stream.getvalue()
    assert "RuntimeError" in lines[1]["exception"]
    logging.getLogger().handlers = [
        h for h in logging.getLogger().handlers if not getattr(h, "_sfbot", False)
    ]


def test_each_app_has_its_own_metrics():
    first, second = Metrics(), Metrics()
    first.errors.labels(where="x").inc()
    assert b'sfbot_errors_total{where="x"} 1.0' in first.render()[0]
    assert b'where="x"' not in second.render()[0]
