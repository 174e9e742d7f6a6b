"""Reading `/sf api` requests: confined to the org's REST API, GET unless writes are allowed."""

from __future__ import annotations

import pytest

from bot.salesforce.admin.rest import RawRequestProblem, parse_request


def parse(text: str, **kwargs):
    kwargs.setdefault("api_version", "62.0")
    return parse_request(text, **kwargs)


def test_relative_and_versioned_paths() -> None:
    assert parse("GET /limits").path == "/services/data/v62.0/limits"
    assert parse("get limits/").path == "/services/data/v62.0/limits"
    assert parse("GET /services/data/v58.0/sobjects").path == "/services/data/v58.0/sobjects"


def test_query_string_keeps_spaces_for_soql() -> None:
    request = parse("GET /query?q=SELECT Id, Name FROM Account LIMIT 5")
    assert request.params == (("q", "SELECT Id, Name FROM Account LIMIT 5"),)


def test_pasted_url_must_be_the_users_instance() -> None:
    request = parse(
        "GET https://acme.my.salesforce.com/services/data/v62.0/limits",
        instance_host="acme.my.salesforce.com",
    )
    assert request.path == "/services/data/v62.0/limits"
    with pytest.raises(RawRequestProblem) as caught:
        parse("GET https://evil.example/services/data/v62.0/limits", instance_host="acme.my")
    assert caught.value.reason == "outside"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("GET", "usage"),
        ("TRACE /limits", "method"),
        ("POST /sobjects/Account", "write_disabled"),
        ("DELETE /sobjects/Account/001000000000001", "write_disabled"),
        ("GET /services/oauth2/userinfo", "outside"),
        ("GET /sobjects/../../x", "bad_path"),
        ("GET /sobjects/Acc%2Fount", "bad_path"),
        ('GET /limits {"a": 1}', "body"),
    ],
)
def test_refusals_name_the_rule(text: str, reason: str) -> None:
    with pytest.raises(RawRequestProblem) as caught:
        parse(text)
    assert caught.value.reason == reason


def test_writes_when_allowed_carry_a_json_body() -> None:
    request = parse('PATCH /sobjects/Account/001 {"Name": "X"}', allow_writes=True)
    assert request.is_write and request.body == {"Name": "X"}
    with pytest.raises(RawRequestProblem) as caught:
        parse("POST /sobjects/Account {not json", allow_writes=True)
    assert caught.value.reason == "body_json"
