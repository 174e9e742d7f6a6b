"""sObject Collections: ``composite/sobjects`` create (POST), update (PATCH), delete (DELETE)
and retrieve (GET ``composite/sobjects/T``), up to 200 records.

Results are 200 arrays of SaveResults whose errors use ``statusCode`` (README §3.4); with
``allOrNone`` the valid records become ``ALL_OR_NONE_OPERATION_ROLLED_BACK``.
"""

from __future__ import annotations

from typing import Any

from devkit.salesforce import ids
from devkit.salesforce.api.rest import Call, Reply, route
from devkit.salesforce.api.sobjects import record_shape, write_options
from devkit.salesforce.errors import ApiError
from devkit.salesforce.org import dml

MAX_RECORDS = 200
_ROLLED_BACK = {
    "statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK",
    "message": "Record rolled back because not all records were valid and the "
    "request was using AllOrNone header",
    "fields": [],
}


def _flat(err: ApiError) -> list[dict[str, Any]]:
    return [
        {"statusCode": e["errorCode"], "message": e["message"], "fields": e.get("fields") or []}
        for e in err.errors
    ]


def _failure(code: str, message: str, fields: list[str] | None = None) -> dict[str, Any]:
    return {
        "success": False,
        "errors": [{"statusCode": code, "message": message, "fields": fields or []}],
    }


def _records(call: Call) -> tuple[list[Any], bool]:
    body = call.json()
    records = body.get("records") if isinstance(body, dict) else None
    if not isinstance(records, list) or not records:
        raise ApiError.one(
            400, "JSON_PARSER_ERROR", "The records field is required and must be a non-empty array."
        )
    if len(records) > MAX_RECORDS:
        raise ApiError.one(
            400,
            "EXCEEDED_ID_LIMIT",
            f"record limit reached. cannot submit more than {MAX_RECORDS} records into this call",
        )
    return records, bool(body.get("allOrNone"))


def _finish(call: Call, mark: int, results: list[dict[str, Any]], all_or_none: bool) -> Reply:
    if all_or_none and any(not r["success"] for r in results):
        call.org.store.rollback(mark)
        results = [
            r
            if not r["success"]
            else {
                **({"id": r["id"]} if r.get("_keep_id") else {}),
                "success": False,
                "errors": [_ROLLED_BACK],
            }
            for r in results
        ]
    else:
        call.org.store.commit(mark)
    return Reply(200, [{k: v for k, v in r.items() if k != "_keep_id"} for r in results])


def _type_of(record: Any) -> str | None:
    attrs = record.get("attributes") if isinstance(record, dict) else None
    return attrs.get("type") if isinstance(attrs, dict) else None


def _create(call: Call) -> Reply:
    records, all_or_none = _records(call)
    opts = write_options(call)
    mark = call.org.store.begin()
    results = []
    for record in records:
        sobject = _type_of(record)
        if not sobject:
            results.append(_failure("INVALID_TYPE", "sObject type is required in attributes"))
            continue
        try:
            rid = dml.create(call.org, call.user, sobject, record, opts=opts)
            results.append({"id": rid, "success": True, "errors": []})
        except ApiError as err:
            results.append({"success": False, "errors": _flat(err)})
    return _finish(call, mark, results, all_or_none)


def _update(call: Call) -> Reply:
    records, all_or_none = _records(call)
    opts = write_options(call)
    mark = call.org.store.begin()
    results = []
    for record in records:
        sobject = _type_of(record)
        raw_id = record.get("id") or record.get("Id") if isinstance(record, dict) else None
        result = _check_id(call, sobject, raw_id)
        if result is None:
            fields = {k: v for k, v in record.items() if k not in {"id", "Id"}}
            try:
                rid = dml.update(call.org, call.user, sobject, raw_id, fields, opts=opts)
                result = {"id": rid, "success": True, "errors": [], "_keep_id": True}
            except ApiError as err:
                result = {"id": ids.to18(raw_id), "success": False, "errors": _flat(err)}
        results.append(result)
    return _finish(call, mark, results, all_or_none)


def _check_id(call: Call, sobject: str | None, raw_id: Any) -> dict[str, Any] | None:
    """A failure SaveResult for an unusable record id, or None when it can be updated."""
    if not sobject:
        return _failure("INVALID_TYPE", "sObject type is required in attributes")
    if not raw_id:
        return _failure("MISSING_ARGUMENT", "Id not specified in an update call")
    obj = call.org.definition.object(sobject)
    rid = ids.to18(str(raw_id))
    if obj is None:
        return _failure("INVALID_TYPE", f"sObject type '{sobject}' is not supported.")
    if rid is None:
        return _failure("MALFORMED_ID", f"malformed id {raw_id}")
    stored = call.org.store.type_of(rid)
    label = obj.field("Id")["label"] if obj.has("Id") else f"{obj.name} ID"
    if rid[:3] != obj.key_prefix and not (stored and stored in {obj.name}):
        return _failure("MALFORMED_ID", f"{label}: id value of incorrect type: {raw_id}", ["Id"])
    record = call.org.store.get(rid)
    if record is None or not call.org.access.can_read(call.user, rid):
        return _failure("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id")
    if record.get("IsDeleted"):
        return _failure("ENTITY_IS_DELETED", "entity is deleted")
    return None


def _delete(call: Call) -> Reply:
    raw = ",".join(call.query.get("ids", []))
    wanted = [v.strip() for v in raw.split(",") if v.strip()]
    if not wanted:
        raise ApiError.one(400, "REQUIRED_FIELD_MISSING", "At least 1 Id is required.")
    if len(wanted) > MAX_RECORDS:
        raise ApiError.one(
            400,
            "EXCEEDED_ID_LIMIT",
            f"record limit reached. cannot submit more than {MAX_RECORDS} records into this call",
        )
    all_or_none = (call.arg("allOrNone") or "").lower() == "true"
    mark = call.org.store.begin()
    results = []
    for raw_id in wanted:
        rid = ids.to18(raw_id)
        sobject = call.org.store.type_of(rid) if rid else None
        if rid is None:
            results.append(_failure("MALFORMED_ID", f"malformed id {raw_id}"))
            continue
        if sobject is None:
            results.append(
                {"id": rid, **_failure("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id")}
            )
            continue
        try:
            dml.delete(call.org, call.user, sobject, rid)
            results.append({"id": rid, "success": True, "errors": [], "_keep_id": True})
        except ApiError as err:
            results.append({"id": rid, "success": False, "errors": _flat(err)})
    return _finish(call, mark, results, all_or_none)


def _retrieve(call: Call, sobject: str) -> Reply:
    obj = dml.object_for(call.org, call.user, sobject)
    wanted = [v.strip() for v in ",".join(call.query.get("ids", [])).split(",") if v.strip()]
    fields = [v.strip() for v in ",".join(call.query.get("fields", [])).split(",") if v.strip()]
    if not wanted or not fields:
        raise ApiError.one(400, "REQUIRED_FIELD_MISSING", "ids and fields are required.")
    out: list[Any] = []
    for raw_id in wanted:
        rid = ids.to18(raw_id)
        rec = call.org.store.get(rid) if rid else None
        if (
            rec is None
            or rec.get("IsDeleted")
            or call.org.store.type_of(rid) != obj.name
            or not call.org.access.can_read(call.user, rid)
        ):
            out.append(None)
        else:
            out.append(record_shape(call.org, call.user, obj, rec, call.version, fields))
    return Reply(200, out)


route(r"composite/sobjects", POST=_create, PATCH=_update, DELETE=_delete)
route(r"composite/sobjects/([^/]+)", GET=_retrieve)
