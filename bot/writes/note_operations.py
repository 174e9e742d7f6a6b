"""Write operations for notes, activities and contact roles, and the Undo that removes them.

Payloads: ``note`` see `bot.salesforce.notes.note_payload`; ``activity`` and ``tag``
see `bot.salesforce.activities`. Each result lists ``undo_records``, which the
``delete_records`` operation (their Undo) deletes.
"""

from __future__ import annotations

from typing import Any

from bot.salesforce import activities, notes, opportunities, records
from bot.writes.intents import as_utc
from bot.writes.registry import OperationRegistry, WriteContext
from bot.writes.undo import register_undo

NOTE = "note"
ACTIVITY = "activity"
TAG = "tag"
OPPORTUNITY = "opportunity"
DELETE_RECORDS = "delete_records"


def _since(ctx: WriteContext) -> Any:
    since = as_utc(ctx.intent.created_at)
    assert since is not None
    return since


def execute_note(ctx: WriteContext) -> dict[str, Any]:
    """One composite request: the note and every link, or nothing."""
    return notes.create_note(ctx.sf, ctx.intent.payload)


def find_landed_note(ctx: WriteContext) -> dict[str, Any] | None:
    return notes.find_note(
        ctx.sf, ctx.intent.payload, since=_since(ctx), created_by=ctx.intent.sf_user_id
    )


def execute_activity(ctx: WriteContext) -> dict[str, Any]:
    """One composite request: the Task or Event and its extra relations, or nothing."""
    return activities.create_activity(ctx.sf, ctx.intent.payload)


def find_landed_activity(ctx: WriteContext) -> dict[str, Any] | None:
    return activities.find_activity(
        ctx.sf, ctx.intent.payload, since=_since(ctx), created_by=ctx.intent.sf_user_id
    )


def execute_tag(ctx: WriteContext) -> dict[str, Any]:
    """A contact role (or an activity relation): ``{"sobject", "fields"}``."""
    return activities.create_relation(ctx.sf, ctx.intent.payload)


def find_landed_tag(ctx: WriteContext) -> dict[str, Any] | None:
    return activities.find_relation(ctx.sf, ctx.intent.payload, since=_since(ctx))


def execute_opportunity(ctx: WriteContext) -> dict[str, Any]:
    """The opportunity modal: the Opportunity and its contact roles, all or nothing."""
    return opportunities.create_opportunity(ctx.sf, ctx.intent.payload)


def find_landed_opportunity(ctx: WriteContext) -> dict[str, Any] | None:
    found = records.find_created_record(
        ctx.sf,
        "Opportunity",
        ctx.intent.payload.get("fields") or {},
        since=_since(ctx),
        created_by=ctx.intent.sf_user_id,
    )
    if found is None:
        return None
    return {
        "record_id": found,
        "sobject": "Opportunity",
        "contacts": list(ctx.intent.payload.get("contacts") or []),
        "undo_records": [{"sobject": "Opportunity", "id": found}],
    }


def execute_delete_records(ctx: WriteContext) -> dict[str, Any]:
    """Undo: delete what the original write created (repeating it is harmless)."""
    records = ctx.intent.payload.get("records") or []
    notes.delete_records(ctx.sf, records)
    return {"record_id": ctx.intent.record_id, "sobject": ctx.intent.sobject, "deleted": records}


def register_note_operations(registry: OperationRegistry) -> None:
    """Add note, activity, tag and delete_records to ``registry``."""
    registry.register(NOTE, execute_note, find_landed=find_landed_note)
    registry.register(ACTIVITY, execute_activity, find_landed=find_landed_activity)
    registry.register(TAG, execute_tag, find_landed=find_landed_tag)
    registry.register(OPPORTUNITY, execute_opportunity, find_landed=find_landed_opportunity)
    registry.register(DELETE_RECORDS, execute_delete_records)
    for operation in (NOTE, ACTIVITY, TAG, OPPORTUNITY):
        register_undo(operation, DELETE_RECORDS)
