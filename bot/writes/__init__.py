"""Write intents: the one path every Salesforce write takes (DESIGN.md "Writes")."""

from bot.writes.intents import (
    FAILED,
    FINAL_STATUSES,
    NEEDS_CONNECTION,
    PENDING,
    RUNNING,
    SUCCEEDED,
    UNDONE,
    IdempotencyConflict,
    get_intent,
    requeue_intent,
    submit_intent,
)
from bot.writes.note_operations import register_note_operations
from bot.writes.operations import register_record_operations
from bot.writes.registry import (
    OPERATIONS,
    ConnectionUnavailable,
    Operation,
    OperationRegistry,
    WriteContext,
    register_operation,
)
from bot.writes.undo import UndoRefused, submit_undo
from bot.writes.worker import WorkerHooks, WriteWorker

register_record_operations(OPERATIONS)
register_note_operations(OPERATIONS)

__all__ = [
    "FAILED",
    "FINAL_STATUSES",
    "NEEDS_CONNECTION",
    "OPERATIONS",
    "PENDING",
    "RUNNING",
    "SUCCEEDED",
    "UNDONE",
    "ConnectionUnavailable",
    "IdempotencyConflict",
    "Operation",
    "OperationRegistry",
    "UndoRefused",
    "WorkerHooks",
    "WriteContext",
    "WriteWorker",
    "get_intent",
    "register_operation",
    "requeue_intent",
    "submit_intent",
    "submit_undo",
]
