"""The ``admin_import`` write (creates and updates from a CSV import) and its Undo.

Updates work like ``admin_update``: before-values are checkpointed, then sObject Collections
PATCH, 200 at a time. Creates are sObject Collections POSTs with ``allOrNone=false``; the ids
created are checkpointed after each request, and a resumed attempt first looks up rows whose
email now exists (created by this user since the intent was stored), so a crash between
Salesforce's answer and the checkpoint does not create twice.
Undo (``admin_import_undo``) deletes the created records and writes the old values back.
"""

from __future__ import annotations

import json
from typing import Any

from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession

from bot.salesforce.admin.changes import chunks, read_values, update_collection
from bot.salesforce.search import api_name
from bot.writes.intents import as_utc
from bot.writes.registry import WriteContext

ADMIN_IMPORT = "admin_import"
ADMIN_IMPORT_UNDO = "admin_import_undo"
_TRANSIENT = frozenset({500, 502, 503, 504})


def _landed(ctx: WriteContext, sobject: str, creates: list[dict[str, Any]]) -> dict[str, str]:
    """Row → id of records an interrupted attempt created (same email, this user, since then)."""
    since = as_utc(ctx.intent.created_at)
    if not creates or since is None:
        return {}
    by_email = {c["email"]: str(c["row"]) for c in creates}
    found: dict[str, str] = {}
    for batch in chunks(sorted(by_email)):
        soql = format_soql(
            "SELECT Id, Email FROM {:literal} WHERE Email IN {} AND CreatedById = {} "
            "AND CreatedDate >= {}",
            api_name(sobject),
            list(batch),
            ctx.intent.sf_user_id or "",
            since.replace(microsecond=0),
        )
        for record in ctx.sf.query_all(soql).get("records", []):
            row = by_email.get(str(record.get("Email") or "").casefold())
            if row is not None:
                found[row] = record["Id"]
    return found


def _create(sf: Any, sobject: str, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    body = {
        "allOrNone": False,
        "records": [{"attributes": {"type": api_name(sobject)}, **c["fields"]} for c in batch],
    }
    try:
        answer = sf.restful("composite/sobjects", method="POST", data=json.dumps(body))
    except SalesforceExpiredSession:
        raise
    except SalesforceError as error:
        if error.status in _TRANSIENT:
            raise
        errors = error.content if isinstance(error.content, list) else [error.content]
        return [{"success": False, "errors": errors} for _ in batch]
    return [dict(outcome) for outcome in answer or []]


def _ref(sobject: str, record_id: str, name: str) -> dict[str, Any]:
    return {"sobject": sobject, "id": record_id, "name": name}


def _failure(entry: dict[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
    return {"row": entry["row"], "name": entry["name"], "errors": outcome.get("errors") or []}


def execute_import(ctx: WriteContext) -> dict[str, Any]:
    """Write the updates, then the creates; report each row that failed."""
    payload = ctx.intent.payload
    sobject = str(payload["sobject"])
    updates = list(payload.get("updates") or [])
    creates = list(payload.get("creates") or [])
    state = dict(ctx.intent.before_values or {})
    if "records" not in state:
        names = sorted({name for u in updates for name in u["fields"]})
        ids = [u["id"] for u in updates]
        before = read_values(ctx.sf, sobject=sobject, record_ids=ids, fields=names) if ids else {}
        state = {"records": before, "created": {}}
        ctx.checkpoint(state)
    created: dict[str, str] = dict(state.get("created") or {})
    if ctx.resumed:
        pending = [c for c in creates if str(c["row"]) not in created]
        created.update(_landed(ctx, sobject, pending))
    failed: list[dict[str, Any]] = []
    undo: list[dict[str, Any]] = []
    outcomes = {
        o["id"]: o
        for o in update_collection(
            ctx.sf, [{"sobject": sobject, "id": u["id"], "fields": u["fields"]} for u in updates]
        )
    }
    for update in updates:
        outcome = outcomes.get(update["id"]) or {"success": False, "errors": []}
        if outcome["success"]:
            old = state["records"].get(update["id"], {})
            fields = {name: old.get(name) for name in update["fields"]}
            undo.append({**_ref(sobject, update["id"], update["name"]), "fields": fields})
        else:
            failed.append(_failure(update, outcome))
    todo = [c for c in creates if str(c["row"]) not in created]
    for batch in chunks(todo):
        for create, outcome in zip(batch, _create(ctx.sf, sobject, list(batch)), strict=False):
            if outcome.get("success"):
                created[str(create["row"])] = outcome["id"]
            else:
                failed.append(_failure(create, outcome))
        ctx.checkpoint({**state, "created": created})
    for create in creates:
        if str(create["row"]) in created:
            record_id = created[str(create["row"])]
            undo.append({**_ref(sobject, record_id, create["name"]), "delete": True})
    return {
        "created": sum(1 for c in creates if str(c["row"]) in created),
        "updated": len(undo) - sum(1 for c in creates if str(c["row"]) in created),
        "total": len(creates) + len(updates),
        "failed": sorted(failed, key=lambda f: f["row"]),
        "undo_records": undo,
    }


def execute_import_undo(ctx: WriteContext) -> dict[str, Any]:
    """Delete what the import created and write back what it changed."""
    records = list(ctx.intent.payload.get("records") or [])
    deletes = [r for r in records if r.get("delete")]
    restores = [r for r in records if not r.get("delete")]
    failed: list[dict[str, Any]] = []
    outcomes = {o["id"]: o for o in update_collection(ctx.sf, restores)}
    restored = 0
    for record in restores:
        outcome = outcomes.get(record["id"]) or {"success": False, "errors": []}
        if outcome["success"]:
            restored += 1
        else:
            failed.append({"name": record["name"], "errors": outcome["errors"]})
    deleted = 0
    for batch in chunks(deletes):
        ids = ",".join(r["id"] for r in batch)
        answer = ctx.sf.restful(
            "composite/sobjects", method="DELETE", params={"ids": ids, "allOrNone": "false"}
        )
        for record, outcome in zip(batch, answer or [], strict=False):
            errors = outcome.get("errors") or []
            gone = any(e.get("statusCode") == "ENTITY_IS_DELETED" for e in errors)
            if outcome.get("success") or gone:  # a resumed undo may have deleted it already
                deleted += 1
            else:
                failed.append({"name": record["name"], "errors": errors})
    return {"updated": restored, "deleted": deleted, "failed": failed}
