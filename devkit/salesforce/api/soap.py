"""The one SOAP call the emulator answers: partner API ``undelete`` (``/services/Soap/u/XX.X``).

Salesforce's REST API has no undelete resource; clients restore records from the recycle bin
with the SOAP ``undelete()`` call (or Apex). Other SOAP operations get a fault saying so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

from werkzeug.wrappers import Request, Response

from devkit.salesforce.errors import ApiError
from devkit.salesforce.org import dml
from devkit.salesforce.state import ServerState

_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_PARTNER = "urn:partner.soap.sforce.com"
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="'
    + _ENV
    + '" xmlns="'
    + _PARTNER
    + '" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<soapenv:Body>"
)
_TAIL = "</soapenv:Body></soapenv:Envelope>"


def _xml(body: str, status: int = 200) -> Response:
    return Response(_HEAD + body + _TAIL, status=status, content_type="text/xml;charset=UTF-8")


def fault(code: str, message: str) -> Response:
    return _xml(
        f'<soapenv:Fault><faultcode xmlns:sf="urn:fault.partner.soap.sforce.com">'
        f"sf:{code}</faultcode><faultstring>{escape(code)}: {escape(message)}"
        "</faultstring></soapenv:Fault>",
        500,
    )


def handle(state: ServerState, request: Request) -> Response:
    try:
        root = ET.fromstring(request.get_data(cache=False))
    except ET.ParseError:
        return fault("INVALID_XML", "the request is not a SOAP envelope")
    session = root.find(f".//{{{_PARTNER}}}SessionHeader/{{{_PARTNER}}}sessionId")
    grant = state.tokens.check(session.text.strip() if session is not None and session.text else "")
    user = state.org.user(grant.user_id) if grant else None
    if user is None:
        return fault(
            "INVALID_SESSION_ID", "Invalid Session ID found in SessionHeader: Illegal Session"
        )
    body = root.find(f"{{{_ENV}}}Body")
    call = body[0] if body is not None and len(body) else None
    if call is None or call.tag != f"{{{_PARTNER}}}undelete":
        name = call.tag.split("}")[-1] if call is not None else "(none)"
        return fault(
            "UNKNOWN_EXCEPTION", f"The devkit emulator answers only the undelete call, not {name}"
        )
    if not state.count_api_call():
        return fault("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
    results = []
    with state.org.lock:
        for node in call.findall(f"{{{_PARTNER}}}ids"):
            record_id = (node.text or "").strip()
            try:
                rid = dml.undelete(state.org, user, record_id)
                results.append(f"<result><id>{rid}</id><success>true</success></result>")
            except ApiError as err:
                results.append(
                    f"<result><errors><message>{escape(err.errors[0]['message'])}</message>"
                    f'<statusCode>{err.code}</statusCode></errors><id xsi:nil="true"/>'
                    "<success>false</success></result>"
                )
    return _xml("<undeleteResponse>" + "".join(results) + "</undeleteResponse>")
