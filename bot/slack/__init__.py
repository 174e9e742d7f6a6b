"""Slack surfaces; `register_listeners` is the only place where ids meet listener functions."""

from __future__ import annotations

from slack_bolt import App


def register_listeners(app: App) -> None:
    """Attach every surface's listeners to the bolt app (each module has a `register(app)`)."""
    from bot.slack import (
        activities,
        admin,
        commands,
        connect,
        home,
        notes,
        opportunity_modal,
        records,
        unfurls,
    )

    commands.register(app)
    connect.register(app)
    records.register(app)
    notes.register(app)
    activities.register(app)
    opportunity_modal.register(app)
    home.register(app)
    unfurls.register(app)
    admin.register(app)
