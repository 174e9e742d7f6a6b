"""Field changes on many records at once, with before-values for Undo (the ``admin_update`` op).

Writes use sObject Collections (REST API developer guide, "Update Multiple Records with Fewer
Round-Trips"): at most 200 records per request, ``allOrNone=false`` so each record succeeds or
fails on its own, and each failure is reported. Before anything is written, the current values
of the fields about to change are read and checkpointed on the intent, so Undo writes exactly
those back, even after a crash and a resumed attempt.

Payload: ``{"records": [{"sobject", "id", "name", "fields": {...}}], "display": {...}}``.
Result: ``{"updated", "total", "failed": [{"id", "name", "errors"}], "undo_records": [...]}``;
``undo_records`` are the succeeded records with their before-values, the undo's payload.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession

from bot.salesforce.search import api_name
from bot.writes.registry import WriteContext

ADMIN_UPDATE = "admin_update"
COLLECTION_LIMIT = 200  # records per sObject Collections request
_TRANSIENT = frozenset({500, 502, 503, 504})


def chunks(items: Sequence[Any], size: int = COLLECTION_LIMIT) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read_values(
    sf: Any, *, sobject: str, record_ids: Sequence[str], fields: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Current values of ``fields`` for each record (id → values), in SOQL batches of 200."""
    selected = ", ".join(dict.fromkeys(api_name(name) for name in ("Id", *fields)))
    found: dict[str, dict[str, Any]] = {}
    for batch in chunks(list(record_ids)):
        soql = format_soql(
            "SELECT {:literal} FROM {:literal} WHERE Id IN {}",
            selected,
            api_name(sobject),
            list(batch),
        )
        for row in sf.query_all(soql).get("records", []):
            found[row["Id"]] = {name: row.get(name) for name in fields}
    return found


def update_collection(sf: Any, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Update records (``{"sobject", "id", "fields"}``) 200 at a time, each on its own.

    Returns:
        One result per record, in order: ``{"id", "success", "errors"}``. A request Salesforce
        refused as a whole marks each of its records failed with that error.

    Raises:
        SalesforceError: Only for transient statuses (5xx), so the worker retries; writing
            the same values again is harmless.
    """
    results: list[dict[str, Any]] = []
    for batch in chunks(list(records)):
        body = {
            "allOrNone": False,
            "records": [
                {"attributes": {"type": api_name(r["sobject"])}, "id": r["id"], **r["fields"]}
                for r in batch
            ],
        }
        try:
            answer = sf.restful("composite/sobjects", method="PATCH", data=json.dumps(body))
        except SalesforceExpiredSession:
            raise
        except SalesforceError as error:
            if error.status in _TRANSIENT:
                raise
            errors = error.content if isinstance(error.content, list) else [error.content]
            results += [{"id": r["id"], "success": False, "errors": errors} for r in batch]
            continue
        for record, outcome in zip(batch, answer or [], strict=False):
            results.append(
                {
                    "id": record["id"],
                    "success": bool(outcome.get("success")),
                    "errors": outcome.get("errors") or [],
                }
            )
    return results


def _before_values(ctx: WriteContext, records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Checkpointed before-values (id → fields); read and stored on the first attempt only."""
    stored = (ctx.intent.before_values or {}).get("records")
    if isinstance(stored, dict):
        return stored
    fields_by_object: dict[str, set[str]] = defaultdict(set)
    ids_by_object: dict[str, list[str]] = defaultdict(list)
    for record in records:
        fields_by_object[record["sobject"]].update(record["fields"])
        ids_by_object[record["sobject"]].append(record["id"])
    before: dict[str, Any] = {}
    for sobject, record_ids in ids_by_object.items():
        fields = sorted(fields_by_object[sobject])
        before.update(read_values(ctx.sf, sobject=sobject, record_ids=record_ids, fields=fields))
    ctx.checkpoint({"records": before})
    return before


def execute_admin_update(ctx: WriteContext) -> dict[str, Any]:
    """Checkpoint the before-values, write every record, report each failure."""
    records = list(ctx.intent.payload.get("records") or [])
    before = _before_values(ctx, records)
    missing = [r for r in records if r["id"] not in before]  # deleted or no longer visible
    present = [r for r in records if r["id"] in before]
    outcomes = {o["id"]: o for o in update_collection(ctx.sf, present)}
    failed = [
        {"id": r["id"], "name": r.get("name"), "errors": [{"errorCode": "ENTITY_IS_DELETED",
         "message": "The record was deleted or you can no longer see it."}]}
        for r in missing
    ]  # fmt: skip
    undo_records = []
    for record in present:
        outcome = outcomes.get(record["id"]) or {"success": False, "errors": []}
        if outcome["success"]:
            fields = {name: before[record["id"]].get(name) for name in record["fields"]}
            undo_records.append({**record, "fields": fields})
        else:
            failed.append(
                {"id": record["id"], "name": record.get("name"), "errors": outcome["errors"]}
            )
    return {
        "updated": len(undo_records),
        "total": len(records),
        "failed": failed,
        "undo_records": undo_records,
    }
