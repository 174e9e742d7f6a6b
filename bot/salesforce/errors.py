"""Salesforce error bodies → one exception hierarchy and plain words a sales person understands.

Bodies follow the REST API's "Status Codes and Error Responses": a list of `{message, errorCode,
fields}`; sObject Collections use `statusCode`; composite wraps them in `compositeResponse`;
`DUPLICATES_DETECTED` carries `duplicateResut` (sic); OAuth errors are `{error,
error_description}`. Examples of each are in ../shared/salesforce/errors. Every `message` here is
Slack-safe (escaped) and names fields by label; unknown codes keep Salesforce's own message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.errorbody import as_list, flatten_errors


class SalesforceProblem(Exception):
    """Salesforce refused or failed a request. `message` is plain words, safe for Slack.

    Attributes:
        status: HTTP status, when known.
        items: Each error Salesforce reported, with its plain-words message.
    """

    def __init__(self, message: str, *, status: int | None = None,
                 items: tuple[ErrorItem, ...] = ()) -> None:  # fmt: skip
        super().__init__(message)
        self.message = message
        self.status = status
        self.items = items

    @property
    def code(self) -> str:
        return self.items[0].code if self.items else ""

    def field_messages(self) -> dict[str, str]:
        """API field name → message, for errors attached to fields (modal inputs)."""
        found: dict[str, str] = {}
        for item in self.items:
            for api in item.fields:
                found.setdefault(api, item.message)
        return found


class AuthProblem(SalesforceProblem):
    """The Salesforce connection is not usable as it is."""


class SessionExpired(AuthProblem):
    """The access token expired or was revoked (a refresh may fix it)."""


class ReconnectNeeded(AuthProblem):
    """The refresh token is dead or the login was refused: the user must connect again."""


class RecordNotFound(SalesforceProblem):
    """The record (or object) doesn't exist or the user can't see it."""


class RecordDeleted(RecordNotFound):
    """The record is in the Recycle Bin."""


class PermissionDenied(SalesforceProblem):
    """The user's profile, sharing or field security doesn't allow this."""


class RejectedValues(SalesforceProblem):
    """Salesforce rejected values: required fields, validation rules, bad ids, lengths…"""


class DuplicateRecord(SalesforceProblem):
    """A duplicate rule fired. `allow_save` says whether "Save anyway" may be offered.

    Attributes:
        allow_save: The rule lets the user save anyway (retry with the duplicate rule header).
        duplicate_ids: Ids of the matching records.
    """

    allow_save: bool = False
    duplicate_ids: tuple[str, ...] = ()


class RecordLocked(SalesforceProblem):
    """The record is locked (approval) or busy (another update holds it)."""


class LimitReached(SalesforceProblem):
    """The org has used up its API requests."""


class ServiceUnavailable(SalesforceProblem):
    """Salesforce is down, slow or unreachable; trying again later may work."""


class QueryProblem(SalesforceProblem):
    """A query or search couldn't run."""


class UnknownProblem(SalesforceProblem):
    """An error we have no words for; the message is Salesforce's own."""


@dataclass(frozen=True)
class ErrorItem:
    """One error from a body: Salesforce's code, message and fields, plus our plain words."""

    code: str
    message: str
    fields: tuple[str, ...] = ()
    salesforce_message: str = ""


# errorCode → (exception, plain words). Placeholders: {fields} labels, {object}, {value}, {max},
# {sf} Salesforce's own message, {detail} the same without its "<Label>: " start (escaped).
ERROR_TABLE: dict[str, tuple[type[SalesforceProblem], str]] = {
    "REQUIRED_FIELD_MISSING": (RejectedValues, "Salesforce needs {fields} filled in."),
    "FIELD_CUSTOM_VALIDATION_EXCEPTION": (RejectedValues, "Your org's rule says: {sf}"),
    "STRING_TOO_LONG": (RejectedValues, "{fields} is too long (at most {max} characters)."),
    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST": (
        RejectedValues, "{value} isn't one of the allowed values for {fields}."),
    "MALFORMED_ID": (RejectedValues, "{fields} doesn't point to a valid record id."),
    "INVALID_CROSS_REFERENCE_KEY": (
        RejectedValues, "{fields} points to a record that doesn't exist or that you can't use."),
    "INVALID_TYPE_ON_FIELD_IN_RECORD": (RejectedValues, "{fields} has a value of the wrong type."),
    "FIELD_INTEGRITY_EXCEPTION": (RejectedValues, "Salesforce didn't accept {fields} ({detail})."),
    "JSON_PARSER_ERROR": (RejectedValues, "Salesforce couldn't read one of the values: {sf}"),
    "INVALID_FIELD": (RejectedValues, "{object} has no field {value} you can use."),
    "INVALID_EMAIL_ADDRESS": (RejectedValues, "{fields} isn't a valid email address."),
    "NUMBER_OUTSIDE_VALID_RANGE": (RejectedValues, "{fields} is out of range."),
    "INVALID_FIELD_FOR_INSERT_UPDATE": (
        PermissionDenied, "You can't edit {fields} in Salesforce (read-only for your profile)."),
    "INSUFFICIENT_ACCESS_OR_READONLY": (
        PermissionDenied, "You may not change or delete this record in Salesforce."),
    "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY": (
        PermissionDenied, "You don't have access to a record this one links to{fields_suffix}."),
    "CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY": (
        PermissionDenied, "An automation in your org stopped this change: {sf}"),
    "ENTITY_IS_DELETED": (RecordDeleted, "That record was deleted (it is in the Recycle Bin)."),
    "NOT_FOUND": (RecordNotFound, "That record doesn't exist, or you can't see it."),
    "DUPLICATES_DETECTED": (DuplicateRecord, "This looks like a duplicate of an existing record."),
    "ENTITY_IS_LOCKED": (RecordLocked, "This record is locked (for example, in an approval)."),
    "UNABLE_TO_LOCK_ROW": (
        RecordLocked, "Someone else is updating this record right now; try again in a moment."),
    "REQUEST_LIMIT_EXCEEDED": (
        LimitReached, "Your Salesforce org has used up its API requests for now; try later."),
    "INVALID_SESSION_ID": (SessionExpired, "Your Salesforce session expired."),
    "SERVER_UNAVAILABLE": (ServiceUnavailable, "Salesforce is unavailable; try again soon."),
    "MALFORMED_QUERY": (QueryProblem, "Salesforce couldn't run that search."),
    "MALFORMED_SEARCH": (QueryProblem, "Salesforce couldn't run that search."),
    "INVALID_TYPE": (QueryProblem, "Salesforce doesn't know that kind of record."),
}  # fmt: skip
OAUTH_MESSAGES = {
    "invalid_grant": "Your Salesforce connection has expired or was revoked. "
    "Connect again with `/sf connect`.",
    "other": "Salesforce refused the sign-in ({code}). Try `/sf connect` again.",
}
STATUS_FALLBACK: dict[int, tuple[type[SalesforceProblem], str]] = {
    401: (SessionExpired, "Your Salesforce session expired."),
    403: (PermissionDenied, "Salesforce refused the request."),
    404: (RecordNotFound, "That record doesn't exist, or you can't see it."),
}
UNAVAILABLE = "Salesforce didn't answer properly (HTTP {status}); try again in a moment."
UNKNOWN = "Salesforce said: {sf}"
# Codes whose messages start with "<Field Label>: " (when Salesforce knows the field).
_LABELLED = frozenset({"STRING_TOO_LONG", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", "MALFORMED_ID",
    "INVALID_CROSS_REFERENCE_KEY", "FIELD_INTEGRITY_EXCEPTION", "INVALID_TYPE_ON_FIELD_IN_RECORD",
    "INVALID_EMAIL_ADDRESS", "NUMBER_OUTSIDE_VALID_RANGE"})  # fmt: skip
_NOT_A_LABEL = re.compile(r"(data value too large|bad value|id value|invalid|malformed)", re.I)
# Secondary errors: the real one is elsewhere in the same body.
_ROLLED_BACK = frozenset({"PROCESSING_HALTED", "ALL_OR_NONE_OPERATION_ROLLED_BACK"})


def _labels(fields: tuple[str, ...], labels: Mapping[str, str], prefix: str) -> str:
    # Salesforce starts many messages with the field's label: use it when we have no describe.
    fallback = prefix if len(fields) == 1 and prefix else None
    names = [escape_mrkdwn(re.sub(r"\s+ID$", "", labels.get(f) or fallback or f)) for f in fields]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def _item(raw: Mapping[str, Any], labels: Mapping[str, str], object_label: str) -> ErrorItem:
    code, sf, fields = raw["code"], raw["message"], raw["fields"]
    if code == "REQUIRED_FIELD_MISSING" and not fields:
        inside = re.search(r"\[(.*)\]", sf)
        fields = tuple(f.strip() for f in inside.group(1).split(",")) if inside else ()
    prefix, _, detail = sf.partition(": ") if ": " in sf else ("", "", sf)
    if code not in _LABELLED or len(prefix) > 80 or _NOT_A_LABEL.match(prefix):
        prefix, detail = "", sf
    named = _labels(fields, labels, prefix) or escape_mrkdwn(re.sub(r"\s+ID$", "", prefix))
    named = named or "one of the fields"
    value = re.search(r"(?:field|too large): (.*?)(?: \(max length=\d+\))?$", sf)
    column = re.search(r"No such column '([^']*)'", sf)
    maximum = re.search(r"max length=(\d+)", sf)
    parts = {
        "fields": named,
        "fields_suffix": f" ({named})" if fields else "",
        "object": escape_mrkdwn(object_label or "This object"),
        "value": quote_user_text(column.group(1) if column else value.group(1) if value else ""),
        "max": maximum.group(1) if maximum else "?",
        "sf": escape_mrkdwn(sf.strip()),
        "detail": escape_mrkdwn(detail.strip()),
    }
    template = ERROR_TABLE.get(code, (UnknownProblem, UNKNOWN))[1]
    if code == "INVALID_FIELD" and not column:
        template = UNKNOWN
    message = template.format(**parts)
    return ErrorItem(code=code, message=message[:1].upper() + message[1:], fields=fields,
                     salesforce_message=sf)  # fmt: skip


def error_from_body(
    *,
    status: int | None,
    body: Any,
    describe: Mapping[str, Any] | None = None,
) -> SalesforceProblem:
    """The exception for a Salesforce error response.

    Args:
        status: The HTTP status (None when unknown, e.g. a stored error).
        body: The parsed JSON body (list, composite, collections, graph or OAuth shape).
        describe: The object's describe, to name fields by label.

    Returns:
        The most specific exception; its message lists every error in plain words.
    """
    if isinstance(body, Mapping) and "error" in body and "errorCode" not in body:
        code = str(body.get("error"))
        if code == "invalid_grant":
            return ReconnectNeeded(OAUTH_MESSAGES["invalid_grant"], status=status)
        message = OAUTH_MESSAGES["other"].format(code=escape_mrkdwn(code))
        return AuthProblem(message, status=status)
    labels = {f["name"]: f.get("label", f["name"]) for f in (describe or {}).get("fields", [])}
    object_label = str((describe or {}).get("label", ""))
    raws = flatten_errors(body)
    primary = [r for r in raws if r["code"] not in _ROLLED_BACK]
    items = tuple(_item(r, labels, object_label) for r in (primary or raws))
    if not items:
        if status is not None and status >= 500:
            return ServiceUnavailable(UNAVAILABLE.format(status=status), status=status)
        cls, message = STATUS_FALLBACK.get(status or 0, (UnknownProblem, UNAVAILABLE))
        return cls(message.format(status=status), status=status)
    cls = ERROR_TABLE.get(items[0].code, (UnknownProblem, ""))[0]
    if cls is UnknownProblem and status is not None and status >= 500:
        cls = ServiceUnavailable
    message = "\n".join(dict.fromkeys(item.message for item in items))
    problem = cls(message, status=status, items=items)
    if isinstance(problem, DuplicateRecord):
        _add_duplicates(problem, raws)
    return problem


def _add_duplicates(problem: DuplicateRecord, raws: list[dict[str, Any]]) -> None:
    result: dict[str, Any] = next((r["dup"] for r in raws if r["dup"]), {})
    groups = [g for g in as_list(result.get("matchResults")) if isinstance(g, dict)]
    matches = [m for g in groups for m in as_list(g.get("matchRecords"))]
    problem.allow_save = result.get("allowSave") is True
    problem.duplicate_ids = tuple(
        str(m["record"]["Id"])
        for m in matches
        if isinstance(m, dict) and isinstance(m.get("record"), dict) and m["record"].get("Id")
    )


def from_exception(exc: BaseException, *, describe: Mapping[str, Any] | None = None) -> SalesforceProblem:  # fmt: skip  # noqa: E501
    """Our exception for one raised by simple-salesforce or requests (others: `UnknownProblem`)."""
    if isinstance(exc, SalesforceProblem):
        return exc
    content, status = getattr(exc, "content", None), getattr(exc, "status", None)
    if isinstance(status, int):
        return error_from_body(status=status, body=content, describe=describe)
    if type(exc).__module__.startswith("requests"):
        return ServiceUnavailable("Salesforce didn't answer in time; try again in a moment.")
    return UnknownProblem("Something went wrong talking to Salesforce.")


def from_stored(error: Mapping[str, Any], *, describe: Mapping[str, Any] | None = None) -> SalesforceProblem:  # fmt: skip  # noqa: E501
    """Our exception for an error stored on a write intent (`bot.writes.outcome`)."""
    kind = error.get("kind")
    if kind == "connection":
        return ReconnectNeeded(OAUTH_MESSAGES["invalid_grant"], status=error.get("status"))
    if kind == "unreachable":
        return ServiceUnavailable("Salesforce didn't answer in time; try again in a moment.")
    if kind == "salesforce":
        return error_from_body(status=error.get("status"), body=error.get("errors"), describe=describe)  # fmt: skip  # noqa: E501
    return UnknownProblem("Something went wrong on our side while saving; try again.")
