"""Slack users and channels by id: names for mentions, email addresses for matching people.

Every lookup is one Web API call (users.info, conversations.info); a failed one falls back to
what the message itself showed, so a note or activity is never blocked by a lookup.
"""

from __future__ import annotations

import logging
import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.salesforce.mrkdwn_html import Names, mentioned_ids

logger = logging.getLogger(__name__)

MAX_LOOKUPS = 20  # a message mentioning more people keeps the rest as ids
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


def mention_names(client: WebClient, text: str) -> Names:
    """Names of the users and channels ``text`` mentions."""
    user_ids, channel_ids = mentioned_ids(text)
    users: dict[str, str] = {}
    for user_id in sorted(user_ids)[:MAX_LOOKUPS]:
        profile = _user(client, user_id)
        if profile:
            name = profile.get("real_name") or profile.get("name")
            if name:
                users[user_id] = str(name)
    channels: dict[str, str] = {}
    for channel_id in sorted(channel_ids)[:MAX_LOOKUPS]:
        try:
            found = client.conversations_info(channel=channel_id).get("channel") or {}
        except (SlackApiError, OSError) as error:
            logger.info("conversations.info failed (%s)", type(error).__name__)
            continue
        if found.get("name"):
            channels[channel_id] = str(found["name"])
    return Names(users=users, channels=channels)


def mentioned_user(text: str) -> str | None:
    """The user id when ``text`` is one Slack mention (``<@U123|ada>``), else None."""
    found = _MENTION.match(text.strip())
    return found.group(1) if found else None


def email_of(client: WebClient, user_id: str) -> str | None:
    """The Slack user's email address (needs the users:read.email scope), or None."""
    profile = _user(client, user_id) or {}
    email = (profile.get("profile") or {}).get("email")
    return str(email) if email else None


def _user(client: WebClient, user_id: str) -> dict | None:
    try:
        return client.users_info(user=user_id).get("user") or None
    except (SlackApiError, OSError) as error:
        logger.info("users.info failed (%s)", type(error).__name__)
        return None


_PEOPLE_VALUE = re.compile(
    r"(?i)(?<![\w])((?:assignee|assign|owner|assignedto|with|attendees|contacts?|who)=)"
    r"(\"[^\"]*\"|“[^”]*”|\S+)"
)
_ANY_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def mentions_to_emails(client: WebClient, text: str, *, leading: bool = False) -> str:
    """Slack mentions where a person is expected (``with=``, ``assignee=``…, and the first word
    when ``leading``) replaced by their email address, so Salesforce can match them.

    Mentions elsewhere (a subject, a description) are left alone. A mention whose email Slack
    doesn't give stays a mention (the caller then says it can't match it).
    """
    known: dict[str, str | None] = {}

    def email(match: re.Match[str]) -> str:
        user_id = match.group(1)
        if user_id not in known:
            known[user_id] = email_of(client, user_id)
        return known[user_id] or match.group(0)

    def value(match: re.Match[str]) -> str:
        return match.group(1) + _ANY_MENTION.sub(email, match.group(2))

    if leading:
        verb, _, rest = text.partition(" ")
        head, _, tail = rest.lstrip().partition(" ")
        if _MENTION.match(head):
            text = f"{verb} {_ANY_MENTION.sub(email, head)} {tail}".rstrip()
    return _PEOPLE_VALUE.sub(value, text)
