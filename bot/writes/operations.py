"""The record operations every intent can name: create, update, delete, undelete.

Payloads: create ``{"fields": {...}, "allow_save_duplicates": bool}``; update the same with the
intent's ``record_id``; delete and undelete use ``record_id`` only.
Before-values: update stores ``{"fields": {name: old value}}``, delete ``{"snapshot": record}``,
both through the checkpoint so they survive a crash between the checkpoint and the write.
"""

from __future__ import annotations

from typing import Any

from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession

from bot.salesforce import records
from bot.salesforce.errorbody import as_list
from bot.writes.intents import as_utc
from bot.writes.registry import OperationRegistry, WriteContext


def execute_create(ctx: WriteContext) -> dict[str, Any]:
    """One POST; with warm caches this is the only Salesforce call of a create."""
    payload = ctx.intent.payload
    new_id = records.create_record(
        ctx.sf,
        ctx.intent.sobject,
        payload.get("fields") or {},
        allow_save_duplicates=bool(payload.get("allow_save_duplicates")),
    )
    return {"record_id": new_id, "sobject": ctx.intent.sobject}


def find_landed_create(ctx: WriteContext) -> dict[str, Any] | None:
    """A record with the same fields, created by the same user since the intent was stored."""
    since = as_utc(ctx.intent.created_at)
    assert since is not None
    found = records.find_created_record(
        ctx.sf,
        ctx.intent.sobject,
        ctx.intent.payload.get("fields") or {},
        since=since,
        created_by=ctx.intent.sf_user_id,
    )
    return None if found is None else {"record_id": found, "sobject": ctx.intent.sobject}


def execute_update(ctx: WriteContext) -> dict[str, Any]:
    """Read the fields about to change, checkpoint them, then PATCH.

    A resumed update keeps the before-values its first attempt stored: by now the record may
    already hold the new values.
    """
    intent = ctx.intent
    fields = intent.payload.get("fields") or {}
    record = _required_record_id(ctx)
    if not (intent.before_values and "fields" in intent.before_values):
        current = records.get_record(ctx.sf, intent.sobject, record, list(fields))
        ctx.checkpoint({"fields": {name: current.get(name) for name in fields}})
    records.update_record(
        ctx.sf,
        intent.sobject,
        record,
        fields,
        allow_save_duplicates=bool(intent.payload.get("allow_save_duplicates")),
    )
    return {"record_id": record, "sobject": intent.sobject}


def execute_delete(ctx: WriteContext) -> dict[str, Any]:
    """Snapshot the record (for the confirmation and Undo), checkpoint it, then DELETE."""
    intent = ctx.intent
    record = _required_record_id(ctx)
    if not (intent.before_values and "snapshot" in intent.before_values):
        ctx.checkpoint({"snapshot": records.get_record(ctx.sf, intent.sobject, record)})
    try:
        records.delete_record(ctx.sf, intent.sobject, record)
    except SalesforceError as exc:
        # Our own earlier attempt may have deleted it before the process died.
        if not (ctx.resumed and _says_deleted(exc)):
            raise
    return {"record_id": record, "sobject": intent.sobject}


def execute_undelete(ctx: WriteContext) -> dict[str, Any]:
    """Restore from the Recycle Bin (repeating it on a restored record is harmless)."""
    record = _required_record_id(ctx)
    if ctx.resumed and not records.is_deleted(ctx.sf, ctx.intent.sobject, record):
        return {"record_id": record, "sobject": ctx.intent.sobject}
    try:
        records.undelete_record(ctx.sf, record)
    except SalesforceExpiredSession:
        # The per-user client refreshes its token on a REST 401 only: make one REST call (it
        # raises again if the refresh fails), then retry the SOAP call with the new session.
        if not records.is_deleted(ctx.sf, ctx.intent.sobject, record):
            return {"record_id": record, "sobject": ctx.intent.sobject}
        records.undelete_record(ctx.sf, record)
    return {"record_id": record, "sobject": ctx.intent.sobject}


def _required_record_id(ctx: WriteContext) -> str:
    if not ctx.intent.record_id:
        raise ValueError(f"{ctx.intent.operation} intent {ctx.intent.id} has no record_id")
    return ctx.intent.record_id


def _says_deleted(exc: SalesforceError) -> bool:
    content = as_list(exc.content)
    codes = {item.get("errorCode") for item in content if isinstance(item, dict)}
    return exc.status == 404 and bool(codes & {"ENTITY_IS_DELETED", "NOT_FOUND"})


def register_record_operations(registry: OperationRegistry) -> None:
    """Add create/update/delete/undelete to ``registry``."""
    registry.register("create", execute_create, find_landed=find_landed_create)
    registry.register("update", execute_update)
    registry.register("delete", execute_delete)
    registry.register("undelete", execute_undelete)
