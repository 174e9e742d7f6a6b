"""Admin commands: `/sf api`, `user`, `transfer`, `bulk`, `export`, `import` (SFBOT_ADMINS only).

Every command runs as the admin's own Salesforce user, so Salesforce's permissions still apply.
"""

from __future__ import annotations

from slack_bolt import App

from bot.salesforce.admin.changes import ADMIN_UPDATE
from bot.salesforce.admin.import_ops import ADMIN_IMPORT, ADMIN_IMPORT_UNDO
from bot.salesforce.admin.operations import API_CALL, register_admin_operations
from bot.slack import ids
from bot.slack.admin import changes, imports
from bot.slack.admin.api import api, render_api_call
from bot.slack.admin.bulk import bulk
from bot.slack.admin.exports import export
from bot.slack.admin.imports import import_command
from bot.slack.admin.transfer import transfer
from bot.slack.admin.users import user
from bot.slack.commands import register_verb
from bot.slack.connect import handles_reconnect
from bot.slack.records.context import answers_salesforce_errors
from bot.slack.write_results import register_result_renderer
from bot.writes import OPERATIONS


def register(app: App) -> None:
    """Add the admin verbs, their buttons, operations and result renderers."""
    register_admin_operations(OPERATIONS)
    register_verb(
        "api",
        handles_reconnect(answers_salesforce_errors(api)),
        summary="Call the Salesforce REST API as yourself and see the JSON (GET only).",
        usage="/sf api GET /limits",
        needs_salesforce=True,
        admin_only=True,
    )
    register_verb(
        "user",
        handles_reconnect(answers_salesforce_errors(user)),
        summary="Freeze, unfreeze, activate or deactivate a Salesforce user (asks to confirm).",
        usage="/sf user freeze|unfreeze|activate|deactivate <email, username or name>",
        needs_salesforce=True,
        admin_only=True,
    )
    register_verb(
        "transfer",
        handles_reconnect(answers_salesforce_errors(transfer)),
        summary="Move leads from one owner to another (preview, confirm, Undo).",
        usage='/sf transfer leads from <user> to <user> [where status="Open - Not Contacted"]',
        needs_salesforce=True,
        admin_only=True,
    )
    register_verb(
        "bulk",
        handles_reconnect(answers_salesforce_errors(bulk)),
        summary="Update every record that matches conditions (preview, confirm, Undo).",
        usage="/sf bulk update <object> where field=value … set field=value …",
        needs_salesforce=True,
        admin_only=True,
    )
    register_verb(
        "export",
        handles_reconnect(answers_salesforce_errors(export)),
        summary="Download contacts or leads as CSV (a private link that expires).",
        usage="/sf export contacts|leads [where field=value …]",
        needs_salesforce=True,
        admin_only=True,
    )
    register_verb(
        "import",
        handles_reconnect(answers_salesforce_errors(import_command)),
        summary="Paste CSV to create or update contacts or leads, matched on email.",
        usage="/sf import contacts|leads",
        needs_salesforce=True,
        admin_only=True,
    )
    app.view(ids.ADMIN_IMPORT_CALLBACK)(imports.on_check)
    app.view(ids.ADMIN_IMPORT_CONFIRM_CALLBACK)(imports.on_confirm)
    app.action(ids.ADMIN_CONFIRM_ACTION)(changes.on_confirm)
    app.action(ids.ADMIN_CANCEL_ACTION)(changes.on_cancel)
    register_result_renderer(API_CALL, render_api_call)
    register_result_renderer(ADMIN_UPDATE, changes.render)
    register_result_renderer(ADMIN_IMPORT, imports.render)
    register_result_renderer(ADMIN_IMPORT_UNDO, imports.render)
