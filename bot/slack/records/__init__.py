"""Records from Slack: `/sf create | update | delete | show | find | new`, and their buttons."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.commands import register_verb
from bot.slack.connect import handles_reconnect
from bot.slack.records.create import create
from bot.slack.records.results import RECORD_OPERATIONS, render_record
from bot.slack.write_results import register_result_renderer


def register(app: App) -> None:
    """Add the record verbs, their buttons, and how their results read."""
    register_verb(
        "create",
        handles_reconnect(create),
        summary="Create a record; anything missing opens a form.",
        usage='/sf create <object> field=value … (e.g. /sf create contact first=Ada last=Lovelace)',
        needs_salesforce=True,
    )
    for operation in RECORD_OPERATIONS:
        register_result_renderer(operation, render_record)
