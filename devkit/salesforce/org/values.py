"""Turn JSON values from a request body into stored field values, as Salesforce's parser does.

Type mismatches that the JSON deserializer catches give ``JSON_PARSER_ERROR`` (no ``fields``
key); values that parse but break a field rule give the field-specific errors (length, range,
restricted picklist, email).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from devkit.salesforce.errors import ApiError, json_parser_error

_TEXT = {
    "string",
    "textarea",
    "picklist",
    "multipicklist",
    "combobox",
    "email",
    "phone",
    "url",
    "encryptedstring",
    "id",
    "reference",
}
_NUMBER = {"int", "double", "currency", "percent"}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$"
)
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def format_datetime(moment: datetime) -> str:
    """Salesforce's datetime form: ``2026-01-31T09:05:00.000+0000`` (UTC)."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "VALUE_TRUE" if value else "VALUE_FALSE"
    if isinstance(value, int):
        return "VALUE_NUMBER_INT"
    if isinstance(value, float):
        return "VALUE_NUMBER_FLOAT"
    if isinstance(value, dict):
        return "START_OBJECT"
    if isinstance(value, list):
        return "START_ARRAY"
    return "VALUE_STRING"


def column_of(raw: str, field_name: str) -> int:
    """Best-effort 1-based column of a field's value in the raw body, for parser messages."""
    idx = raw.find(f'"{field_name}"')
    if idx < 0:
        return 1
    colon = raw.find(":", idx)
    return (colon if colon >= 0 else idx) + 2


def _parse_error(sf_type: str, value: Any, raw: str, name: str) -> ApiError:
    shown = value if isinstance(value, str) else json.dumps(value)
    return json_parser_error(
        f"Cannot deserialize instance of {sf_type} from {_json_type(value)} value {shown} "
        f"or request may be missing a required field at [line:1, column:{column_of(raw, name)}]"
    )


def coerce(fdesc: dict[str, Any], value: Any, raw: str = "") -> Any:
    """Parse one JSON value for a field; ``None`` stays ``None``.

    Raises:
        ApiError: JSON_PARSER_ERROR when the value cannot be read as the field's type.
    """
    if value is None:
        return None
    ftype = fdesc["type"]
    name = fdesc["name"]
    if isinstance(value, dict | list):
        raise _parse_error(ftype, value, raw, name)
    if ftype in _TEXT:
        return (
            value
            if isinstance(value, str)
            else (json.dumps(value) if isinstance(value, bool) else str(value))
        )
    if ftype == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false"}:
            return value.lower() == "true"
        raise _parse_error(ftype, value, raw, name)
    if ftype in _NUMBER:
        return _number(fdesc, value, raw)
    if ftype == "date":
        if isinstance(value, str) and _DATE_RE.match(value):
            try:
                date.fromisoformat(value)
                return value
            except ValueError:
                pass
        raise _parse_error(ftype, value, raw, name)
    if ftype == "datetime":
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None:
            raise _parse_error(ftype, value, raw, name)
        return format_datetime(parsed)
    if ftype == "base64":
        if not isinstance(value, str):
            raise _parse_error(ftype, value, raw, name)
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise _parse_error("base64", value, raw, name) from None
        return value
    return value


def parse_datetime(value: str) -> datetime | None:
    """Parse the ISO forms Salesforce accepts (``Z`` or ``±hh:mm``; ``+0000`` is refused)."""
    m = _DATETIME_RE.match(value)
    if not m:
        return None
    day, hh, mm, ss, frac, tz = m.groups()
    try:
        text = f"{day}T{hh}:{mm}:{ss or '00'}.{(frac or '0')[:6].ljust(6, '0')}"
        moment = datetime.fromisoformat(text + (tz.replace("Z", "+00:00") if tz else "+00:00"))
    except ValueError:
        return None
    return moment


def _number(fdesc: dict[str, Any], value: Any, raw: str) -> int | float:
    ftype, name = fdesc["type"], fdesc["name"]
    if isinstance(value, bool):
        raise _parse_error(ftype, value, raw, name)
    try:
        dec = Decimal(str(value).strip())
    except InvalidOperation:
        raise _parse_error(ftype, value, raw, name) from None
    if not dec.is_finite():
        raise _parse_error(ftype, value, raw, name)
    if ftype == "int":
        if dec != dec.to_integral_value():
            raise _parse_error(ftype, value, raw, name)
        number: int | float = int(dec)
        limit = 10 ** (fdesc.get("digits") or 9)
    else:
        scale = fdesc.get("scale") or 0
        precision = fdesc.get("precision") or 18
        dec = dec.quantize(Decimal(1).scaleb(-scale)) if scale else dec.to_integral_value()
        number = float(dec) if scale else int(dec)
        limit = 10 ** max(precision - scale, 1)
    if abs(dec) >= limit:
        raise ApiError.one(
            400,
            "NUMBER_OUTSIDE_VALID_RANGE",
            f"{fdesc['label']}: value outside of valid range on numeric field: {value}",
            [name],
        )
    return number


def check_value(fdesc: dict[str, Any], value: Any) -> None:
    """Field rules on a parsed value: length, restricted picklists, email format."""
    if value is None or value == "":
        return
    ftype, name, label = fdesc["type"], fdesc["name"], fdesc["label"]
    if ftype in {"picklist", "multipicklist"} and fdesc.get("restrictedPicklist"):
        allowed = {p["value"] for p in fdesc["picklistValues"] if p.get("active", True)}
        parts = value.split(";") if ftype == "multipicklist" else [value]
        for part in parts:
            if part not in allowed:
                raise ApiError.one(
                    400,
                    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                    f"{label}: bad value for restricted picklist field: {part}",
                    [name],
                )
    if ftype in _TEXT - {"id", "reference"} and fdesc.get("length"):
        if len(value) > fdesc["length"]:
            raise ApiError.one(
                400,
                "STRING_TOO_LONG",
                f"{label}: data value too large: {value} (max length={fdesc['length']})",
                [name],
            )
    if ftype == "email" and not _EMAIL_RE.match(value):
        raise ApiError.one(
            400, "INVALID_EMAIL_ADDRESS", f"{label}: invalid email address: {value}", [name]
        )
