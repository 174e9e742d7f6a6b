"""Salesforce REST error bodies: ``[{"message", "errorCode"[, "fields"]}]`` with their status.

Messages and codes follow ../shared/salesforce/errors; each helper names the case it covers.
"""

from __future__ import annotations

from typing import Any

NOT_FOUND_MESSAGE = "The requested resource does not exist"


class ApiError(Exception):
    """A REST error: HTTP status plus the list of error dicts Salesforce returns."""

    def __init__(self, status: int, errors: list[dict[str, Any]]) -> None:
        super().__init__(errors[0].get("message") if errors else str(status))
        self.status = status
        self.errors = errors

    @classmethod
    def one(cls, status: int, code: str, message: str, fields: list[str] | None = None) -> ApiError:
        err: dict[str, Any] = {"message": message, "errorCode": code}
        if fields is not None:
            err["fields"] = fields
        return cls(status, [err])

    @property
    def code(self) -> str:
        return self.errors[0]["errorCode"]


def not_found() -> ApiError:
    return ApiError.one(404, "NOT_FOUND", NOT_FOUND_MESSAGE)


def external_id_not_found(segment: str) -> ApiError:
    """A malformed or unknown id in a record URL: Salesforce tries it as an external id."""
    return ApiError.one(
        404,
        "NOT_FOUND",
        f"Provided external ID field does not exist or is not accessible: {segment}",
    )


def entity_deleted(status: int = 404) -> ApiError:
    return ApiError.one(status, "ENTITY_IS_DELETED", "entity is deleted", [])


def invalid_session() -> ApiError:
    return ApiError.one(401, "INVALID_SESSION_ID", "Session expired or invalid")


def json_parser_error(message: str) -> ApiError:
    return ApiError.one(400, "JSON_PARSER_ERROR", message)


def insufficient_access() -> ApiError:
    return ApiError.one(
        400, "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id", []
    )


def request_limit() -> ApiError:
    return ApiError.one(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
