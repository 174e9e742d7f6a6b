"""``sobjects/``: global and object describe, record create/read/update/delete, blobs.

Statuses and bodies follow README §3.2: 201 ``{"id","success","errors"}`` on create, 204 on
update and delete, 404 bodies for unknown objects and ids.
"""

from __future__ import annotations

import base64
from email.utils import formatdate, parsedate_to_datetime
from typing import Any

from devkit.salesforce.api.describe import describe_global, describe_object
from devkit.salesforce.api.rest import Call, Reply, route
from devkit.salesforce.errors import ApiError, not_found
from devkit.salesforce.org import dml
from devkit.salesforce.org.access import UserContext
from devkit.salesforce.schema.objects import ObjectDef

_ADDRESS_PARTS = {
    "Street": "street",
    "City": "city",
    "State": "state",
    "PostalCode": "postalCode",
    "Country": "country",
    "StateCode": "stateCode",
    "CountryCode": "countryCode",
    "Latitude": "latitude",
    "Longitude": "longitude",
    "GeocodeAccuracy": "geocodeAccuracy",
}


def write_options(call: Call) -> dml.WriteOptions:
    header = (call.header("Sforce-Duplicate-Rule-Header") or "").replace(" ", "").lower()
    return dml.WriteOptions(allow_save="allowsave=true" in header, version=call.version)


def record_shape(
    org: Any,
    user: UserContext,
    obj: ObjectDef,
    record: dict[str, Any],
    version: str,
    fields: list[str] | None = None,
) -> dict[str, Any]:
    """A record as REST returns it: attributes, then every visible field (null when unset)."""
    out: dict[str, Any] = {
        "attributes": {
            "type": obj.name,
            "url": f"/services/data/v{version}/sobjects/{obj.name}/{record['Id']}",
        }
    }
    wanted = {f.lower() for f in fields} if fields else None
    for f in obj.fields:
        name = f["name"]
        if wanted is not None and name.lower() not in wanted:
            continue
        if org.access.field_access(user, obj.name, f) == "none":
            continue
        if f["type"] == "address":
            out[name] = _address(obj, record, name)
        elif f["type"] == "base64" and record.get(name) is not None:
            out[name] = out["attributes"]["url"] + "/" + name
        else:
            out[name] = record.get(name)
    return out


def _address(obj: ObjectDef, record: dict[str, Any], compound: str) -> dict[str, Any] | None:
    prefix = compound[: -len("Address")]
    parts = {}
    for suffix, key in _ADDRESS_PARTS.items():
        if obj.has(prefix + suffix):
            parts[key] = record.get(prefix + suffix)
    return parts if any(v is not None for v in parts.values()) else None


def _not_modified(call: Call) -> Reply | None:
    """304 when ``If-Modified-Since`` is at or after the metadata's last change (server start).

    Describe and global describe both honour the header (REST API guide, "Describe Global" and
    "sObject Describe"); the answer carries ``Last-Modified`` either way.
    """
    since = call.header("If-Modified-Since")
    if since:
        try:
            if parsedate_to_datetime(since).timestamp() >= int(call.state.started):
                return Reply(304, None, headers={"Last-Modified": _last_modified(call)})
        except (TypeError, ValueError):
            pass
    return None


def _last_modified(call: Call) -> str:
    return formatdate(call.state.started, usegmt=True)


def _describe_global(call: Call) -> Reply:
    unchanged = _not_modified(call)
    if unchanged is not None:
        return unchanged
    body = describe_global(call.org, call.user, version=call.version)
    return Reply(200, body, headers={"Last-Modified": _last_modified(call)})


def _sobject_info(call: Call, name: str) -> Reply:
    obj = dml.object_for(call.org, call.user, name)
    entry = describe_global(call.org, call.user, version=call.version)["sobjects"]
    info = next(e for e in entry if e["name"] == obj.name)
    return Reply(200, {"objectDescribe": info, "recentItems": []})


def _create(call: Call, name: str) -> Reply:
    body = call.json()
    rid = dml.create(call.org, call.user, name, body, raw=call.text, opts=write_options(call))
    sobject = call.org.definition.object(name).name
    return Reply(
        201,
        {"id": rid, "success": True, "errors": []},
        headers={"Location": call.api(f"sobjects/{sobject}/{rid}")},
    )


def _describe(call: Call, name: str) -> Reply:
    obj = dml.object_for(call.org, call.user, name)
    unchanged = _not_modified(call)
    if unchanged is not None:
        return unchanged
    body = describe_object(call.org, call.user, obj, version=call.version, host=call.state.base_url)
    return Reply(200, body, headers={"Last-Modified": _last_modified(call)})


def _get(call: Call, name: str, segment: str) -> Reply:
    obj = dml.object_for(call.org, call.user, name)
    record = dml.locate(call.org, call.user, obj, segment)
    if record.get("IsDeleted"):
        raise not_found()
    fields = None
    if call.arg("fields"):
        fields = [f.strip() for f in call.arg("fields").split(",") if f.strip()]
        for f in fields:
            if not obj.has(f):
                raise ApiError.one(
                    400,
                    "INVALID_FIELD",
                    f"No such column '{f}' on entity '{obj.name}'. If you are attempting to use "
                    "a custom field, be sure to append the '__c' after the custom field name. "
                    "Please reference your WSDL or the describe call for the appropriate names.",
                )
    return Reply(200, record_shape(call.org, call.user, obj, record, call.version, fields))


def _patch(call: Call, name: str, segment: str) -> Reply:
    body = call.json()
    dml.update(call.org, call.user, name, segment, body, raw=call.text, opts=write_options(call))
    return Reply(204)


def _delete(call: Call, name: str, segment: str) -> Reply:
    dml.delete(call.org, call.user, name, segment)
    return Reply(204)


def _blob(call: Call, name: str, segment: str, field_name: str) -> Reply:
    obj = dml.object_for(call.org, call.user, name)
    record = dml.locate(call.org, call.user, obj, segment)
    fdesc = obj.field(field_name)
    if record.get("IsDeleted") or fdesc is None or fdesc["type"] != "base64":
        raise not_found()
    data = base64.b64decode(record.get(fdesc["name"]) or "")
    return Reply(200, raw=data, content_type="application/octetstream")


route(r"sobjects", GET=_describe_global)
route(r"sobjects/([^/]+)", GET=_sobject_info, POST=_create)
route(r"sobjects/([^/]+)/describe", GET=_describe)
route(r"sobjects/([^/]+)/([^/]+)", GET=_get, PATCH=_patch, DELETE=_delete)
route(r"sobjects/([^/]+)/([^/]+)/([^/]+)", GET=_blob)
