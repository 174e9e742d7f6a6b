"""The states of a write intent (the ``status`` column of ``write_intents``)."""

PENDING = "pending"
RUNNING = "running"
SUCCEEDED = "succeeded"
FAILED = "failed"
NEEDS_CONNECTION = "needs_connection"
UNDONE = "undone"
FINAL_STATUSES = frozenset({SUCCEEDED, FAILED, NEEDS_CONNECTION, UNDONE})
