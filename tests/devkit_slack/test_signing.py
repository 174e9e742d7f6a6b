"""The simulator signs exactly like Slack (checked against Slack's published worked example)."""

from __future__ import annotations

import json

from slack_sdk.signature import SignatureVerifier

from devkit.slack import sign, signed_headers


def test_signature_matches_slacks_worked_example(shared_dir):
    vector = json.loads((shared_dir / "slack/signing_test_vector.json").read_text())
    body = (shared_dir / "slack" / vector["body_file"]).read_bytes()
    assert body.decode() == vector["body"]
    got = sign(
        signing_secret=vector["signing_secret"],
        timestamp=vector["x_slack_request_timestamp"],
        body=body,
    )
    assert got == vector["x_slack_signature"]


def test_one_changed_byte_changes_the_signature(shared_dir):
    vector = json.loads((shared_dir / "slack/signing_test_vector.json").read_text())
    got = sign(
        signing_secret=vector["signing_secret"],
        timestamp=vector["x_slack_request_timestamp"],
        body=vector["body"] + " ",
    )
    assert got != vector["x_slack_signature"]


def test_headers_pass_slack_sdks_verifier_and_carry_retry_info():
    body = b"token=x&text=hello"
    headers = signed_headers(
        signing_secret="s3cret",
        body=body,
        content_type="application/x-www-form-urlencoded",
        retry_num=2,
        retry_reason="http_timeout",
    )
    assert SignatureVerifier("s3cret").is_valid_request(body, headers)
    assert not SignatureVerifier("other").is_valid_request(body, headers)
    assert headers["X-Slack-Retry-Num"] == "2"
    assert headers["X-Slack-Retry-Reason"] == "http_timeout"
