"""Create, update, delete and undelete with Salesforce's server-side checks (README §3.2, §4).

Checks run in Salesforce's order: parse the body (unknown fields, JSON types), field writability,
required fields, field values (picklists, lengths, lookups), validation rules, duplicate rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from devkit.salesforce import ids
from devkit.salesforce.errors import (
    ApiError,
    entity_deleted,
    external_id_not_found,
    insufficient_access,
    json_parser_error,
    not_found,
)
from devkit.salesforce.org import contact_roles, content
from devkit.salesforce.org.access import UserContext
from devkit.salesforce.org.autonumber import fill_auto_numbers
from devkit.salesforce.org.cascade import delete_record, undelete_record
from devkit.salesforce.org.core import Org
from devkit.salesforce.org.derive import apply_defaults, derive
from devkit.salesforce.org.lookups import check_reference
from devkit.salesforce.org.picklists import check_record_type_values
from devkit.salesforce.org.rules import check_duplicates, check_validation_rules
from devkit.salesforce.org.values import check_value, coerce
from devkit.salesforce.schema.objects import ObjectDef

_FLS_HINT = (
    "Please check the security settings of this field and verify that it is "
    "read/write for your profile or permission set."
)


@dataclass
class WriteOptions:
    """Per-request switches: duplicate-rule header, API version for URLs, seeding bypass."""

    allow_save: bool = False
    version: str = "59.0"
    system: bool = False


def object_for(org: Org, user: UserContext, name: str) -> ObjectDef:
    """The object named in a URL, or 404 NOT_FOUND if it does not exist for this user."""
    obj = org.definition.object(name)
    if obj is None or not org.access.can(user, obj.name, "R"):
        raise not_found()
    return obj


def locate(org: Org, user: UserContext, obj: ObjectDef, segment: str) -> dict[str, Any]:
    """The record a URL segment names, or the 404 Salesforce gives for it."""
    rid = ids.to18(segment)
    stored_type = org.store.type_of(rid) if rid else None
    if rid is None or stored_type is None or not content.same_object(obj.name, stored_type):
        raise external_id_not_found(segment)
    record = org.store.get(rid)
    assert record is not None
    if not record.get("IsDeleted") and not org.access.can_read(user, rid):
        raise external_id_not_found(segment)
    return record


def _parse(
    org: Org,
    user: UserContext,
    obj: ObjectDef,
    body: Any,
    raw: str,
    *,
    creating: bool,
    opts: WriteOptions,
    record_id: str | None = None,
) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise json_parser_error(
            "Cannot deserialize instance of "
            + obj.name
            + " from "
            + ("START_ARRAY" if isinstance(body, list) else "VALUE_STRING")
            + " value or request may be missing a required field at [line:1, column:1]"
        )
    values: dict[str, Any] = {}
    for key, value in body.items():
        if key == "attributes":
            continue
        if key.lower() == "id":
            if creating or ids.to18(str(value)) != record_id:
                raise ApiError.one(
                    400,
                    "INVALID_FIELD",
                    "The Id field should not be specified in the sobject data.",
                )
            continue
        fdesc = obj.field(key)
        if fdesc is None or (
            not opts.system and org.access.field_access(user, obj.name, fdesc) == "none"
        ):
            raise ApiError.one(
                400, "INVALID_FIELD", f"No such column '{key}' on sobject of type {obj.name}"
            )
        values[fdesc["name"]] = coerce(fdesc, value, raw)
    if not opts.system:
        blocked = []
        for name in values:
            fdesc = obj.field(name)
            writable = fdesc["createable"] if creating else fdesc["updateable"]
            if not writable or org.access.field_access(user, obj.name, fdesc) != "edit":
                blocked.append(name)
        if blocked:
            raise ApiError.one(
                400,
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                f"Unable to create/update fields: {', '.join(blocked)}. {_FLS_HINT}",
                blocked,
            )
    return values


def _missing_required(obj: ObjectDef, record: dict[str, Any], names: list[str] | None) -> None:
    missing = []
    for fdesc in obj.fields:
        if names is not None and fdesc["name"] not in names:
            continue
        required = (
            fdesc["createable"]
            and not fdesc["nillable"]
            and not fdesc["defaultedOnCreate"]
            and fdesc["type"] != "boolean"
        )
        if required and record.get(fdesc["name"]) in (None, ""):
            missing.append(fdesc["name"])
    missing.extend(content.extra_required(obj.name, record, names))
    if missing:
        raise ApiError.one(
            400,
            "REQUIRED_FIELD_MISSING",
            f"Required fields are missing: [{', '.join(missing)}]",
            missing,
        )


def _check_values(
    org: Org, user: UserContext, obj: ObjectDef, values: dict[str, Any], opts: WriteOptions
) -> None:
    for name, value in values.items():
        fdesc = obj.field(name)
        check_value(fdesc, value)
        if fdesc["type"] == "reference" and value not in (None, ""):
            values[name] = check_reference(org, user, obj, fdesc, value, system=opts.system)


def create(
    org: Org,
    user: UserContext,
    sobject: str,
    body: Any,
    *,
    raw: str = "",
    opts: WriteOptions | None = None,
) -> str:
    """Insert a record; returns its 18-character id."""
    opts = opts or WriteOptions()
    obj = object_for(org, user, sobject)
    if not opts.system and not org.access.can(user, obj.name, "C"):
        raise ApiError.one(
            400,
            "INSUFFICIENT_ACCESS_OR_READONLY",
            "You do not have the level of access necessary to perform the "
            "operation you requested. Please contact the owner of the record "
            "or your administrator if access is necessary.",
            [],
        )
    values = _parse(org, user, obj, body, raw, creating=True, opts=opts)
    _check_values(org, user, obj, values, opts)
    now = org.now()
    record: dict[str, Any] = {f["name"]: None for f in obj.fields}
    record.update(values)
    apply_defaults(obj, record)
    fill_auto_numbers(org, obj, record)
    prefix = "069" if obj.name == "ContentNote" else obj.key_prefix
    record["Id"] = org.ids.new(prefix)
    for name, value in (
        ("IsDeleted", False),
        ("OwnerId", user.id),
        ("CreatedById", user.id),
        ("LastModifiedById", user.id),
        ("CreatedDate", now),
        ("LastModifiedDate", now),
        ("SystemModstamp", now),
    ):
        if obj.has(name) and record.get(name) is None:
            record[name] = value
    if obj.has("RecordTypeId") and record.get("RecordTypeId") is None:
        record["RecordTypeId"] = org.default_record_type(user, obj.name)
    check_record_type_values(org.definition, obj, record, values)
    _missing_required(obj, record, None)
    derive(org.definition, org.store, obj, record, None, set(values), now)
    content.before_save(org, obj.name, record, None)
    check_validation_rules(org.definition, obj.name, record, None)
    check_duplicates(
        org.definition,
        org.store,
        obj.name,
        record,
        allow_save=opts.allow_save,
        version=opts.version,
    )
    mark = org.store.begin()
    try:
        org.store.put(obj.name, record)
        content.after_create(org, user, obj.name, record)
        contact_roles.after_save(org, user.id, obj.name, record, None)
    except BaseException:
        org.store.rollback(mark)
        raise
    org.store.commit(mark)
    return record["Id"]


def update(
    org: Org,
    user: UserContext,
    sobject: str,
    segment: str,
    body: Any,
    *,
    raw: str = "",
    opts: WriteOptions | None = None,
) -> str:
    """Update a record by URL segment (15/18-char id); returns its id."""
    opts = opts or WriteOptions()
    obj = object_for(org, user, sobject)
    old = locate(org, user, obj, segment)
    if old.get("IsDeleted"):
        raise entity_deleted()
    if not opts.system and (
        not org.access.can(user, obj.name, "E") or not org.access.can_edit(user, old["Id"])
    ):
        raise insufficient_access()
    values = _parse(org, user, obj, body, raw, creating=False, opts=opts, record_id=old["Id"])
    _check_values(org, user, obj, values, opts)
    record = dict(old)
    record.update(values)
    for name, fdesc in ((n, obj.field(n)) for n in values):
        if fdesc["type"] == "boolean" and record[name] is None:
            record[name] = False
    check_record_type_values(org.definition, obj, record, values)
    _missing_required(obj, record, list(values))
    now = org.now()
    for name, value in (
        ("LastModifiedById", user.id),
        ("LastModifiedDate", now),
        ("SystemModstamp", now),
    ):
        if obj.has(name):
            record[name] = value
    derive(org.definition, org.store, obj, record, old, set(values), now)
    content.before_save(org, obj.name, record, old)
    check_validation_rules(org.definition, obj.name, record, old)
    check_duplicates(
        org.definition,
        org.store,
        obj.name,
        record,
        allow_save=opts.allow_save,
        version=opts.version,
    )
    mark = org.store.begin()
    org.store.put(org.store.type_of(old["Id"]) or obj.name, record)
    content.after_update(org, obj.name, record)
    contact_roles.after_save(org, user.id, obj.name, record, old)
    org.store.commit(mark)
    return record["Id"]


def delete(org: Org, user: UserContext, sobject: str, segment: str) -> str:
    """Move a record (and its cascade) to the recycle bin."""
    obj = object_for(org, user, sobject)
    record = locate(org, user, obj, segment)
    if record.get("IsDeleted"):
        raise entity_deleted()
    if not org.access.can(user, obj.name, "D") or not org.access.can_edit(user, record["Id"]):
        raise insufficient_access()
    mark = org.store.begin()
    try:
        delete_record(org, record["Id"], user)
    except BaseException:
        org.store.rollback(mark)
        raise
    org.store.commit(mark)
    return record["Id"]


def undelete(org: Org, user: UserContext, record_id: str) -> str:
    """Restore a record from the recycle bin with what its delete cascaded to."""
    rid = ids.to18(record_id)
    record = org.store.get(rid) if rid else None
    if record is None:
        raise ApiError.one(400, "INVALID_ID_FIELD", f"invalid record id: {record_id}", [])
    sobject = org.store.type_of(rid) or ""
    if not record.get("IsDeleted"):
        raise ApiError.one(400, "UNDELETE_FAILED", "Entity is not in the recycle bin", [])
    if not org.access.can(user, sobject, "D") or not org.access.can_edit(user, rid):
        raise insufficient_access()
    mark = org.store.begin()
    undelete_record(org, rid)
    org.store.commit(mark)
    return rid
