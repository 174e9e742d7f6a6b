"""Records from Slack: `/sf create | update | delete | show | find | new`, and their buttons."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.slack import ids
from bot.slack.commands import register_verb
from bot.slack.connect import handles_reconnect
from bot.slack.records import actions
from bot.slack.records.create import create
from bot.slack.records.results import RECORD_OPERATIONS, render_record
from bot.slack.write_results import register_result_renderer


def register(app: App) -> None:
    """Add the record verbs, their buttons, and how their results read."""
    register_verb(
        "create",
        handles_reconnect(create),
        summary="Create a record; anything missing opens a form.",
        usage="/sf create <object> field=value … (e.g. /sf create contact first=Ada last=Lovelace)",
        needs_salesforce=True,
    )
    app.action(re.compile("^" + re.escape(ids.PICK_RECORD_ACTION)))(actions.on_pick)
    app.action(ids.UNDO_ACTION)(actions.on_undo)
    app.action(ids.CONFIRM_DELETE_ACTION)(actions.on_confirm_delete)
    app.action(ids.CANCEL_ACTION)(actions.on_cancel)
    app.action(ids.SAVE_ANYWAY_ACTION)(actions.on_save_anyway)
    app.action(re.compile("^" + re.escape(ids.OPEN_RECORD_ACTION)))(actions.ack_only)
    for operation in RECORD_OPERATIONS:
        register_result_renderer(operation, render_record)
