"""One Salesforce user named in an admin command, or the reply that says why not."""

from __future__ import annotations

from typing import Any

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.admin.users import SalesforceUser, find_users
from bot.slack import messages
from bot.slack.blocks import Reply, notice


def one_user(sf: Any, typed: str, *, role: str) -> SalesforceUser | Reply:
    """The single user matching ``typed`` (email, username or name), for ``role`` in messages."""
    found = find_users(sf, typed)
    if not found:
        return notice(messages.PERSON_NOT_FOUND.format(typed=quote_user_text(typed), role=role))
    if len(found) > 1:
        listed = ", ".join(f"{escape_mrkdwn(u.name)} ({escape_mrkdwn(u.username)})" for u in found)
        text = messages.PERSON_AMBIGUOUS.format(
            typed=quote_user_text(typed), role=role, users=listed
        )
        return notice(text)
    return found[0]
