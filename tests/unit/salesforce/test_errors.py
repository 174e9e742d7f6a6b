"""Every captured Salesforce error body → our exception and plain words."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from simple_salesforce.exceptions import SalesforceMalformedRequest

from bot.salesforce import errors as e

EXPECTED: dict[str, type[e.SalesforceProblem]] = {
    "DUPLICATES_DETECTED": e.DuplicateRecord,
    "ENTITY_IS_DELETED": e.RecordDeleted,
    "FIELD_CUSTOM_VALIDATION_EXCEPTION": e.RejectedValues,
    "FIELD_INTEGRITY_EXCEPTION": e.RejectedValues,
    "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY": e.PermissionDenied,
    "INSUFFICIENT_ACCESS_OR_READONLY": e.PermissionDenied,
    "INVALID_CROSS_REFERENCE_KEY": e.RejectedValues,
    "INVALID_FIELD": e.RejectedValues,
    "INVALID_FIELD_FOR_INSERT_UPDATE": e.PermissionDenied,
    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST": e.RejectedValues,
    "INVALID_SESSION_ID": e.SessionExpired,
    "INVALID_TYPE": e.QueryProblem,
    "INVALID_TYPE_ON_FIELD_IN_RECORD": e.RejectedValues,
    "JSON_PARSER_ERROR": e.RejectedValues,
    "MALFORMED_ID": e.RejectedValues,
    "MALFORMED_SEARCH": e.QueryProblem,
    "NOT_FOUND": e.RecordNotFound,
    "REQUEST_LIMIT_EXCEEDED": e.LimitReached,
    "REQUIRED_FIELD_MISSING": e.RejectedValues,
    "STRING_TOO_LONG": e.RejectedValues,
}


def _describe(shared_dir: Path, name: str) -> dict[str, Any]:
    return json.loads((shared_dir / "salesforce/describe" / f"{name}.json").read_text())


def test_every_captured_error_body_maps(shared_dir: Path) -> None:
    files = sorted((shared_dir / "salesforce/errors").glob("*.json"))
    assert {f.stem for f in files} == set(EXPECTED)
    for path in files:
        data = json.loads(path.read_text())
        status = data["http_status"] if isinstance(data["http_status"], int) else 400
        for example in data["examples"]:
            if "body" not in example:
                continue
            problem = e.error_from_body(status=status, body=example["body"])
            assert isinstance(problem, EXPECTED[path.stem]), (path.stem, example)
            assert problem.code == path.stem
            assert problem.message and "errorCode" not in problem.message


@pytest.mark.parametrize(
    ("code", "describe", "message"),
    [
        ("REQUIRED_FIELD_MISSING", "Opportunity", "Salesforce needs Name filled in."),
        ("STRING_TOO_LONG", None, "Topic Name is too long (at most 25 characters)."),
        ("MALFORMED_ID", "Event", "Related To doesn't point to a valid record id."),
        ("INVALID_FIELD_FOR_INSERT_UPDATE", "Opportunity",
         "You can't edit Name in Salesforce (read-only for your profile)."),
        ("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", None,
         "“NURSE PRACTITIONER, SUPERVISING(NP,S)” isn't one of the allowed values for "
         "Job Category."),
        ("FIELD_CUSTOM_VALIDATION_EXCEPTION", None,
         "Your org's rule says: The Estimated Deal Close Date cannot be before today's date."),
        ("INVALID_FIELD", "Account", "Account has no field “foo” you can use."),
    ],
)  # fmt: skip
def test_plain_words_name_fields_by_label(
    shared_dir: Path, code: str, describe: str | None, message: str
) -> None:
    body = json.loads((shared_dir / "salesforce/errors" / f"{code}.json").read_text())
    described = _describe(shared_dir, describe) if describe else None
    problem = e.error_from_body(status=400, body=body["examples"][0]["body"], describe=described)
    assert problem.message == message


def test_reconstructed_type_error(shared_dir: Path) -> None:
    body = [{"message": "Amount: value not of required type: oops",
             "errorCode": "INVALID_TYPE_ON_FIELD_IN_RECORD", "fields": ["Amount"]}]  # fmt: skip
    problem = e.error_from_body(status=400, body=body)
    assert isinstance(problem, e.RejectedValues)
    assert problem.message == "Amount has a value of the wrong type."


def test_field_messages_for_modal_inputs(shared_dir: Path) -> None:
    body = [{"message": "Required fields are missing: [Name, StageName]",
             "errorCode": "REQUIRED_FIELD_MISSING", "fields": ["Name", "StageName"]}]  # fmt: skip
    problem = e.error_from_body(
        status=400, body=body, describe=_describe(shared_dir, "Opportunity")
    )
    assert problem.message == "Salesforce needs Name and Stage filled in."
    assert set(problem.field_messages()) == {"Name", "StageName"}


def test_duplicates_offer_save_anyway_only_when_allowed(shared_dir: Path) -> None:
    data = json.loads((shared_dir / "salesforce/errors/DUPLICATES_DETECTED.json").read_text())
    alert, block = (e.error_from_body(status=400, body=x["body"]) for x in data["examples"][:2])
    assert isinstance(alert, e.DuplicateRecord) and isinstance(block, e.DuplicateRecord)
    assert (alert.allow_save, alert.duplicate_ids) == (True, ("0038M0000016Wv8QAE",))
    assert (block.allow_save, block.duplicate_ids) == (False, ("0015c00002Lz9mUAAR",))


def test_composite_and_collections_shapes(shared_dir: Path) -> None:
    data = json.loads((shared_dir / "salesforce/errors/STRING_TOO_LONG.json").read_text())
    composite = e.error_from_body(status=200, body=data["examples"][1]["body"])
    assert composite.code == "STRING_TOO_LONG"  # PROCESSING_HALTED is skipped
    assert [i.code for i in composite.items] == ["STRING_TOO_LONG"]
    collections = json.loads(
        (shared_dir / "salesforce/composite/sobject_collections_update.docs.json").read_text()
    )
    text = json.dumps(collections)
    assert "statusCode" in text
    saved = [{"id": None, "success": False, "errors": [
        {"statusCode": "MALFORMED_ID", "message": "Contact ID: id value of incorrect type: 001x",
         "fields": ["Id"]}]}]  # fmt: skip
    assert e.error_from_body(status=200, body=saved).message == (
        "Contact doesn't point to a valid record id."
    )


def test_oauth_and_status_only_errors(shared_dir: Path) -> None:
    for name in ("token_refresh_error_expired.json", "token_error_invalid_password.json"):
        body = json.loads((shared_dir / "salesforce/oauth" / name).read_text())
        problem = e.error_from_body(status=400, body=body)
        assert isinstance(problem, e.ReconnectNeeded) and "/sf connect" in problem.message
    assert isinstance(e.error_from_body(status=503, body="<html>"), e.ServiceUnavailable)
    assert isinstance(e.error_from_body(status=404, body=None), e.RecordNotFound)
    unknown = e.error_from_body(status=400, body=[{"errorCode": "NEW_CODE", "message": "<b>x"}])
    assert isinstance(unknown, e.UnknownProblem)
    assert unknown.message == "Salesforce said: &lt;b&gt;x"


def test_from_exceptions_and_stored_outcomes() -> None:
    raised = SalesforceMalformedRequest(
        "https://x/services/data/v62.0/sobjects/Account/", 400, "Account",
        [{"message": "entity is deleted", "errorCode": "ENTITY_IS_DELETED", "fields": []}],
    )  # fmt: skip
    assert isinstance(e.from_exception(raised), e.RecordDeleted)
    assert isinstance(e.from_exception(requests.exceptions.Timeout()), e.ServiceUnavailable)
    assert isinstance(e.from_exception(KeyError("x")), e.UnknownProblem)
    lock = {"errorCode": "UNABLE_TO_LOCK_ROW", "message": "unable to obtain"}
    stored = {"kind": "salesforce", "status": 400, "errors": [lock]}
    assert isinstance(e.from_stored(stored), e.RecordLocked)
    assert isinstance(e.from_stored({"kind": "connection"}), e.ReconnectNeeded)


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["errorCode", "statusCode", "message", "fields", "errors",
                                       "success", "compositeResponse", "httpStatusCode", "body",
                                       "duplicateResut", "graphs", "error"]), inner, max_size=5),
    max_leaves=12,
)  # fmt: skip


@given(_JSONISH, st.sampled_from([None, 200, 400, 401, 403, 404, 500]))
def test_any_body_gives_one_of_our_exceptions(body: Any, status: int | None) -> None:
    try:
        problem = e.error_from_body(status=status, body=body)
    except (TypeError, AttributeError, KeyError):  # pragma: no cover - the assertion is the point
        pytest.fail(f"crashed on {body!r}")
    assert isinstance(problem, e.SalesforceProblem) and problem.message
