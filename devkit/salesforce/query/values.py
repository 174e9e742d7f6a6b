"""Normalising record values and literals so that comparisons are plain Python comparisons.

Strings compare case-insensitively (as SOQL does), ids on their case-sensitive 15-character form,
dates as ``YYYY-MM-DD`` text and datetimes as canonical UTC text ``YYYY-MM-DDThh:mm:ss.000+0000``
(both sort correctly as text).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

STRINGY = frozenset(
    {"string", "picklist", "textarea", "email", "phone", "url", "combobox", "encryptedstring"}
)
IDS = frozenset({"id", "reference"})
NUMBERS = {"double": "double", "currency": "currency", "percent": "percent", "int": "integer",
           "long": "long"}  # fmt: skip
TEMPORAL = {"date": "date", "datetime": "dateTime"}


def category(field_type: str) -> str:
    """The comparison family of a describe field type."""
    if field_type in STRINGY:
        return "string"
    if field_type in IDS:
        return "id"
    if field_type in NUMBERS:
        return "number"
    if field_type in ("boolean", "date", "datetime", "multipicklist"):
        return field_type
    return "other"


def soap_type(field: dict[str, Any]) -> str:
    """The field's SOAP type name (``double``, ``dateTime``…), as Salesforce's messages use it."""
    soap = field.get("soapType") or ""
    if soap.startswith(("xsd:", "tns:")):
        return soap[4:]
    return {"datetime": "dateTime", "currency": "double", "percent": "double"}.get(
        field["type"], field["type"]
    )


def canonical_datetime(value: Any) -> str | None:
    """A datetime (record value or literal) as canonical UTC text, or None if not a datetime."""
    if not isinstance(value, str):
        return None
    if len(value) == 28 and value.endswith("+0000") and value[10] == "T":
        return value
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.") + f"{parsed.microsecond // 1000:03d}+0000"


def day_start(day: date) -> str:
    """Midnight UTC of ``day`` in canonical datetime text."""
    if day == date.max:
        return "9999-12-31T23:59:59.999+0000"
    return f"{day.isoformat()}T00:00:00.000+0000"


def normaliser(kind: str):
    """A function turning a record value of this family into its comparable form (or None)."""
    if kind == "string":
        return _lower
    if kind == "id":
        return _id15
    if kind == "number":
        return _number
    if kind == "date":
        return _date
    if kind == "datetime":
        return canonical_datetime
    if kind == "boolean":
        return _boolean
    if kind == "multipicklist":
        return picklist_set
    return _identity


def picklist_set(value: Any) -> frozenset[str] | None:
    """A multi-select picklist value ``'a;b'`` as a set of lower-cased choices."""
    if not isinstance(value, str) or value == "":
        return None
    return frozenset(part.strip().lower() for part in value.split(";") if part.strip())


def is_id(text: str) -> bool:
    """True for a well-formed 15- or 18-character Salesforce id."""
    return len(text) in (15, 18) and text.isascii() and text.isalnum()


def _lower(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value.lower() if isinstance(value, str) else str(value).lower()


def _id15(value: Any) -> str | None:
    return value[:15] if isinstance(value, str) and value else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> str | None:
    return value[:10] if isinstance(value, str) and len(value) >= 10 else None


def _boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _identity(value: Any) -> Any:
    return value


def sort_key(kind: str):
    """Like :func:`normaliser`, but values of every family sort among themselves."""
    normalise = normaliser(kind)
    if kind == "multipicklist":
        return lambda value: ";".join(sorted(normalise(value) or ()))
    if kind == "other":
        return lambda value: None if value is None else str(value)
    return normalise
