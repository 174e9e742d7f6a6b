"""``POST /services/Soap/u/{version}``: the partner SOAP API's ``undelete()`` call only.

Salesforce has no REST resource for undelete; clients (sfbot's Undo of a delete) use this call:
https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_undelete.htm
The session id travels in the SOAP ``SessionHeader``, not in an Authorization header.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from werkzeug.wrappers import Request, Response

from devkit.salesforce.errors import ApiError
from devkit.salesforce.org import dml

_NS = {
    "soapenv": "http://schemas.xmlsoap.org/soap/envelope/",
    "urn": "urn:partner.soap.sforce.com",
}
_ENVELOPE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
    'xmlns:sf="urn:fault.partner.soap.sforce.com">'
    "<soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"
)


def _xml(body: str, status: int = 200) -> Response:
    return Response(
        _ENVELOPE.format(body=body), status=status, content_type="text/xml;charset=UTF-8"
    )


def fault(code: str, message: str) -> Response:
    """A SOAP fault (HTTP 500), as Salesforce sends for a bad session or a malformed call."""
    return _xml(
        f"<soapenv:Fault><faultcode>sf:{escape(code)}</faultcode>"
        f"<faultstring>{escape(code)}: {escape(message)}</faultstring></soapenv:Fault>",
        500,
    )


def handle(state: Any, request: Request) -> Response:
    """Answer one SOAP request; only ``undelete`` is implemented."""
    try:
        root = ElementTree.fromstring(request.get_data())
    except ElementTree.ParseError:
        return fault("INVALID_REQUEST", "the request is not a SOAP envelope")
    session_id = (root.findtext(".//urn:SessionHeader/urn:sessionId", namespaces=_NS) or "").strip()
    grant = state.tokens.check(session_id)
    user = state.org.user(grant.user_id) if grant else None
    if user is None:
        return fault("INVALID_SESSION_ID", "Invalid Session ID found in SessionHeader")
    call = root.find(".//urn:undelete", _NS)
    if call is None:
        return fault("UNKNOWN_EXCEPTION", "devkit implements only the undelete() SOAP call")
    if not state.count_api_call():
        return fault("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
    results = []
    for element in call.findall("urn:ids", _NS):
        record_id = (element.text or "").strip()
        with state.org.lock:
            try:
                restored = dml.undelete(state.org, user, record_id)
            except ApiError as err:
                errors = "".join(
                    f"<errors><message>{escape(str(e.get('message', '')))}</message>"
                    f"<statusCode>{escape(str(e.get('errorCode', '')))}</statusCode></errors>"
                    for e in err.errors
                )
                results.append(
                    f'<result>{errors}<id xsi:nil="true" '
                    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
                    "<success>false</success></result>"
                )
                continue
        results.append(f"<result><id>{restored}</id><success>true</success></result>")
    return _xml(
        f'<undeleteResponse xmlns="urn:partner.soap.sforce.com">{"".join(results)}'
        "</undeleteResponse>"
    )
