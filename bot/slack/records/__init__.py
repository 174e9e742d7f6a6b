"""Records from Slack: `/sf create | update | delete | show | find | new`, and their buttons."""

from __future__ import annotations

import re

from slack_bolt import App

from bot.slack import ids
from bot.slack.commands import register_verb
from bot.slack.connect import handles_reconnect
from bot.slack.records import actions, form_submit, modal, pick
from bot.slack.records.context import answers_salesforce_errors
from bot.slack.records.create import create
from bot.slack.records.results import RECORD_OPERATIONS, render_record
from bot.slack.records.target import delete, find, show, update
from bot.slack.write_results import register_result_renderer, register_view_renderer


def register(app: App) -> None:
    """Add the record verbs, their buttons, and how their results read."""
    register_verb(
        "create",
        handles_reconnect(answers_salesforce_errors(create)),
        summary="Create a record; anything missing opens a form.",
        usage="/sf create <object> field=value …",
        needs_salesforce=True,
    )
    register_verb(
        "update",
        handles_reconnect(answers_salesforce_errors(update)),
        summary="Change fields of a record (by name, id or Salesforce link).",
        usage="/sf update <record> field=value …",
        needs_salesforce=True,
    )
    register_verb(
        "delete",
        handles_reconnect(answers_salesforce_errors(delete)),
        summary="Delete a record (asks to confirm; Undo restores it).",
        usage="/sf delete <record>",
        needs_salesforce=True,
    )
    register_verb(
        "show",
        handles_reconnect(answers_salesforce_errors(show)),
        summary="Show a record's key fields with a link.",
        usage="/sf show <record>",
        needs_salesforce=True,
    )
    register_verb(
        "find",
        handles_reconnect(answers_salesforce_errors(find)),
        summary="Search records, optionally of one kind.",
        usage="/sf find [object] <text>",
        needs_salesforce=True,
    )
    register_verb(
        "new",
        handles_reconnect(answers_salesforce_errors(modal.new)),
        summary="Open a form to create a record (required fields first).",
        usage="/sf new <object>",
        needs_salesforce=True,
    )
    app.view(ids.RECORD_MODAL_CALLBACK)(form_submit.on_submit)
    app.options(ids.RECORD_MODAL_LOOKUP_ACTION)(modal.on_suggest)
    app.action(ids.EDIT_RECORD_ACTION)(modal.on_edit)
    register_view_renderer(form_submit.view_renderer)
    app.action(re.compile("^" + re.escape(ids.PICK_RECORD_ACTION)))(pick.on_pick)
    app.action(ids.UNDO_ACTION)(actions.on_undo)
    app.action(ids.CONFIRM_DELETE_ACTION)(actions.on_confirm_delete)
    app.action(ids.CANCEL_ACTION)(actions.on_cancel)
    app.action(ids.SAVE_ANYWAY_ACTION)(actions.on_save_anyway)
    app.action(re.compile("^" + re.escape(ids.OPEN_RECORD_ACTION)))(actions.ack_only)
    for operation in RECORD_OPERATIONS:
        register_result_renderer(operation, render_record)
