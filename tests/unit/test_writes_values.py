"""Pure pieces of the write path: value comparison for landed creates, names, outcomes."""

from __future__ import annotations

import pytest
import requests
from simple_salesforce.exceptions import (
    SalesforceExpiredSession,
    SalesforceGeneralError,
    SalesforceMalformedRequest,
)

from bot.salesforce.records import UncertainWrite, api_name, record_id, same_value
from bot.writes import FAILED, NEEDS_CONNECTION, ConnectionUnavailable
from bot.writes.outcome import classify


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        (50000, 50000.0),
        ("Acme", "Acme"),
        ("Acme ", "Acme"),
        (True, True),
        ("2026-12-31", "2026-12-31"),
        ("2026-12-31T10:00:00Z", "2026-12-31T10:00:00.000+0000"),
        ("001000000000001", "001000000000001AAA"),
        ("a;b", "b;a"),
        (None, None),
        ("", None),
    ],
)
def test_values_salesforce_normalises_still_match(sent: object, stored: object) -> None:
    assert same_value(sent, stored)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        (50000, 50001.0),
        ("Acme", "Acme Corp"),
        (True, False),
        ("2026-12-31", "2026-12-30"),
        ("2026-12-31T10:00:00Z", "2026-12-31T11:00:00.000+0000"),
        ("Acme", None),
        ("a;b", "a;c"),
    ],
)
def test_different_values_do_not_match(sent: object, stored: object) -> None:
    assert not same_value(sent, stored)


@pytest.mark.parametrize("bad", ["Account; DROP", "1Account", "Acc ount", "", "a" * 81])
def test_api_names_that_could_inject_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="API name"):
        api_name(bad)


@pytest.mark.parametrize("bad", ["001", "001000000000001AA", "001000000000001/../x"])
def test_malformed_record_ids_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="record id"):
        record_id(bad)


def test_outcomes() -> None:
    body = [{"message": "bad", "errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION", "fields": []}]
    rejected = classify(SalesforceMalformedRequest("u", 400, "Account", body))
    assert (rejected.status, rejected.transient) == (FAILED, False)
    assert rejected.error == {"kind": "salesforce", "status": 400, "errors": body}

    assert classify(SalesforceGeneralError("u", 503, "Account", "down")).transient
    assert classify(requests.exceptions.ConnectionError()).transient
    assert classify(ConnectionUnavailable("none")).status == NEEDS_CONNECTION
    expired = classify(SalesforceExpiredSession("u", 401, "Account", [{"errorCode": "X"}]))
    assert expired.status == NEEDS_CONNECTION
    uncertain = classify(UncertainWrite("Account"))
    assert (uncertain.status, uncertain.error["kind"]) == (FAILED, "uncertain")
    internal = classify(KeyError("secret-token-value"))
    assert internal.error == {"kind": "internal", "message": "KeyError"}, "no exception text"
