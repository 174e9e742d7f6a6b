"""Write operations of the admin commands, run by the write worker like every other write.

``admin_update``: field changes on one or many records (user freeze/activate, lead transfer,
bulk update), see `bot.salesforce.admin.changes`; its Undo is another ``admin_update`` that
writes the before-values back.

``api_call``: a raw REST write an operator explicitly allowed (SFBOT_ADMIN_RAW_WRITES). It is
recorded as an intent for the audit trail and idempotency, but it has no Undo: sfbot cannot
know what an arbitrary request changed.
"""

from __future__ import annotations

from typing import Any

from bot.salesforce.admin import rest
from bot.salesforce.admin.changes import ADMIN_UPDATE, execute_admin_update
from bot.salesforce.admin.import_ops import (
    ADMIN_IMPORT,
    ADMIN_IMPORT_UNDO,
    execute_import,
    execute_import_undo,
)
from bot.writes.registry import OperationRegistry, WriteContext
from bot.writes.undo import register_undo

API_CALL = "api_call"
# What an intent keeps of a raw response (the reply shows less; the rest is for the audit).
STORED_BODY_LIMIT = 20000


def execute_api_call(ctx: WriteContext) -> dict[str, Any]:
    """Send the stored request once; whatever Salesforce answers is the result."""
    payload = ctx.intent.payload
    request = rest.RawRequest(
        method=str(payload["method"]),
        path=str(payload["path"]),
        params=tuple((str(k), str(v)) for k, v in payload.get("params") or ()),
        body=payload.get("body"),
    )
    response = rest.send(ctx.sf, request)
    body = response.body
    if not response.is_json or len(response.pretty()) > STORED_BODY_LIMIT:
        body = response.pretty()[:STORED_BODY_LIMIT]
    return {
        "status": response.status,
        "body": body,
        "is_json": response.is_json and not isinstance(body, str),
        "request": request.shown,
    }


def register_admin_operations(registry: OperationRegistry) -> None:
    """Add the admin operations to ``registry`` (none of them is retried blindly: see above)."""
    registry.register(API_CALL, execute_api_call)
    registry.register(ADMIN_UPDATE, execute_admin_update)
    register_undo(ADMIN_UPDATE, ADMIN_UPDATE)
    registry.register(ADMIN_IMPORT, execute_import)
    registry.register(ADMIN_IMPORT_UNDO, execute_import_undo)
    register_undo(ADMIN_IMPORT, ADMIN_IMPORT_UNDO)
