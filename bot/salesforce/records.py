"""Record CRUD as one Salesforce user, on simple-salesforce (executed by the write worker).

REST reference: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/
(sObject Rows). Undelete has no REST resource; it is the SOAP API's ``undelete()`` call:
https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_undelete.htm
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from dateutil import parser as dateparser
from simple_salesforce import Salesforce, format_soql
from simple_salesforce.exceptions import (
    SalesforceError,
    SalesforceExpiredSession,
    SalesforceMalformedRequest,
    SalesforceResourceNotFound,
)

from bot.salesforce.errorbody import as_content

# API names are interpolated into paths and SOQL, so they must look like API names.
_API_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,79}")
_RECORD_ID = re.compile(r"[A-Za-z0-9]{15}([A-Za-z0-9]{3})?")
_SOAP_NS = {
    "soapenv": "http://schemas.xmlsoap.org/soap/envelope/",
    "sf": "urn:partner.soap.sforce.com",
}
# Salesforce's clock and ours differ; a landed create is looked for this far before the intent.
CLOCK_SKEW = timedelta(minutes=5)


def api_name(name: str) -> str:
    """Check that ``name`` is shaped like an sObject or field API name (for paths and SOQL)."""
    if not _API_NAME.fullmatch(name):
        raise ValueError(f"not a Salesforce API name: {name!r}")
    return name


def record_id(value: str) -> str:
    """Check that ``value`` is a 15- or 18-character Salesforce id."""
    if not _RECORD_ID.fullmatch(value):
        raise ValueError(f"not a Salesforce record id: {value!r}")
    return value


def _headers(allow_save_duplicates: bool) -> dict[str, str] | None:
    # Lets a write through a duplicate rule whose action is "Allow" (the "Save anyway" button).
    return {"Sforce-Duplicate-Rule-Header": "allowSave=true"} if allow_save_duplicates else None


def create_record(
    sf: Salesforce,
    sobject: str,
    fields: dict[str, Any],
    *,
    allow_save_duplicates: bool = False,
) -> str:
    """Create a record (one API call) and return its 18-character id."""
    result = getattr(sf, api_name(sobject)).create(fields, headers=_headers(allow_save_duplicates))
    return str(result["id"])


def get_record(
    sf: Salesforce, sobject: str, record: str, fields: list[str] | None = None
) -> dict[str, Any]:
    """Read a record (every field, or only ``fields``), without its ``attributes``."""
    path = record_id(record)
    if fields:
        path += "?fields=" + ",".join(api_name(name) for name in fields)
    data = getattr(sf, api_name(sobject)).get(path)
    data.pop("attributes", None)
    return dict(data)


def update_record(
    sf: Salesforce,
    sobject: str,
    record: str,
    fields: dict[str, Any],
    *,
    allow_save_duplicates: bool = False,
) -> None:
    """Update some fields of a record (Salesforce answers 204)."""
    getattr(sf, api_name(sobject)).update(
        record_id(record), fields, headers=_headers(allow_save_duplicates)
    )


def delete_record(sf: Salesforce, sobject: str, record: str) -> None:
    """Delete a record (it goes to the Recycle Bin, from where `undelete_record` restores it)."""
    getattr(sf, api_name(sobject)).delete(record_id(record))


def is_deleted(sf: Salesforce, sobject: str, record: str) -> bool:
    """True when the record no longer exists for this user (deleted, or never visible)."""
    try:
        get_record(sf, sobject, record, ["Id"])
    except SalesforceResourceNotFound:
        return True
    return False


class UndeleteError(SalesforceError):
    """The SOAP undelete call answered with an error (status 400 like a REST rejection)."""

    def __init__(self, url: str, errors: list[dict[str, Any]]) -> None:
        super().__init__(url, 400, "undelete", as_content(errors))


def undelete_record(sf: Salesforce, record: str) -> None:
    """Restore a deleted record from the Recycle Bin (SOAP ``undelete``; REST has none).

    Raises:
        SalesforceExpiredSession: The session id is no longer valid.
        UndeleteError: Salesforce refused (e.g. ``UNDELETE_FAILED``, ``ENTITY_IS_DELETED`` when
            the Recycle Bin was emptied); its ``content`` holds the REST-shaped error list.
    """
    url = f"https://{sf.sf_instance}/services/Soap/u/{sf.sf_version}"
    envelope = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:urn="urn:partner.soap.sforce.com">'
        "<soapenv:Header><urn:SessionHeader><urn:sessionId>"
        f"{escape(sf.session_id)}"
        "</urn:sessionId></urn:SessionHeader></soapenv:Header>"
        f"<soapenv:Body><urn:undelete><urn:ids>{record_id(record)}</urn:ids>"
        "</urn:undelete></soapenv:Body></soapenv:Envelope>"
    )
    response = sf.session.request(
        "POST",
        url,
        data=envelope.encode(),
        headers={"Content-Type": "text/xml; charset=UTF-8", "SOAPAction": "undelete"},
    )
    try:
        root = ElementTree.fromstring(response.content)
    except ElementTree.ParseError:
        raise UndeleteError(
            url, [{"errorCode": "UNKNOWN", "message": f"HTTP {response.status_code}"}]
        ) from None
    fault = root.find(".//soapenv:Fault", _SOAP_NS)
    if fault is not None:
        parts = {element.tag.rsplit("}", 1)[-1]: element.text or "" for element in fault.iter()}
        code = (parts.get("faultcode") or "UNKNOWN").split(":")[-1]
        errors: list[dict[str, Any]] = [
            {"errorCode": code, "message": parts.get("faultstring", "")}
        ]
        if code == "INVALID_SESSION_ID":
            # A SOAP fault is not the REST 401 the client refreshes on; say it the REST way.
            raise SalesforceExpiredSession(url, 401, "undelete", as_content(errors))
        raise UndeleteError(url, errors)
    result = root.find(".//sf:result", _SOAP_NS)
    if result is None or result.findtext("sf:success", namespaces=_SOAP_NS) != "true":
        errors = [
            {
                "errorCode": error.findtext("sf:statusCode", namespaces=_SOAP_NS) or "UNKNOWN",
                "message": error.findtext("sf:message", namespaces=_SOAP_NS) or "",
                "fields": [f.text for f in error.findall("sf:fields", _SOAP_NS) if f.text],
            }
            for error in (result.findall("sf:errors", _SOAP_NS) if result is not None else [])
        ]
        raise UndeleteError(url, errors or [{"errorCode": "UNKNOWN", "message": ""}])


def find_created_record(
    sf: Salesforce,
    sobject: str,
    fields: dict[str, Any],
    *,
    since: datetime,
    created_by: str | None = None,
) -> str | None:
    """Find a record this user created since ``since`` whose fields equal ``fields``.

    How a resumed create learns that its earlier attempt already landed (the worker died, or the
    connection dropped, after Salesforce committed). One SOQL query.

    Returns:
        The newest matching record's id, or None.

    Raises:
        UncertainWrite: The fields cannot be read back (e.g. a write-only field) and this user
            did create records of this object since then: re-creating could duplicate one.
    """
    names = [api_name(name) for name in fields if name.lower() != "id"]
    window = format_soql(" WHERE CreatedDate >= {}", since - CLOCK_SKEW)
    if created_by:
        window += format_soql(" AND CreatedById = {}", created_by)
    select_list = ", ".join(["Id", *names])
    try:
        rows = sf.query(
            f"SELECT {select_list} FROM {api_name(sobject)}{window} "
            "ORDER BY CreatedDate DESC LIMIT 200"
        ).get("records", [])
    except SalesforceMalformedRequest:
        if sf.query(f"SELECT Id FROM {api_name(sobject)}{window} LIMIT 1").get("totalSize"):
            raise UncertainWrite(sobject) from None
        return None
    for row in rows:
        if all(same_value(fields[name], _get_ci(row, name)) for name in names):
            return str(row["Id"])
    return None


class UncertainWrite(Exception):
    """A resumed create cannot tell whether its lost attempt landed; it is not repeated."""

    def __init__(self, sobject: str) -> None:
        super().__init__(f"a {sobject} may already have been created by the interrupted attempt")
        self.sobject = sobject


def _get_ci(row: dict[str, Any], name: str) -> Any:
    if name in row:
        return row[name]
    lowered = name.lower()
    return next((value for key, value in row.items() if key.lower() == lowered), None)


def same_value(sent: Any, stored: Any) -> bool:
    """Does the value Salesforce stored equal the one we sent (as Salesforce normalises it)?"""
    if sent is None or sent == "":
        return stored is None or stored == ""
    if stored is None:
        return False
    if isinstance(sent, bool) or isinstance(stored, bool):
        return str(sent).lower() == str(stored).lower()
    if isinstance(sent, int | float) or isinstance(stored, int | float):
        try:
            return abs(float(sent) - float(stored)) < 1e-6
        except (TypeError, ValueError):
            return False
    sent_text, stored_text = str(sent).strip(), str(stored).strip()
    if sent_text == stored_text:
        return True
    if _RECORD_ID.fullmatch(sent_text) and _RECORD_ID.fullmatch(stored_text):
        return sent_text[:15] == stored_text[:15]
    if ";" in sent_text or ";" in stored_text:  # multi-select picklists: order is not kept
        return set(sent_text.split(";")) == set(stored_text.split(";"))
    if "T" in sent_text and "T" in stored_text:
        try:
            return dateparser.isoparse(sent_text) == dateparser.isoparse(stored_text)
        except (ValueError, OverflowError):
            return False
    return False
