"""Pure Block Kit builders of the Salesforce connection replies (connect prompt, whoami)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.slack import ids, messages
from bot.slack.blocks import Reply, escape_mrkdwn, inline_code, notice
from bot.store.connection_types import Connection

# Slack's limit on a button's value.
BUTTON_VALUE_LIMIT = 2000
ENVIRONMENT_LABELS = {"production": "production", "sandbox": "sandbox", "mydomain": "My Domain"}


def environment_label(environment: str) -> str:
    return ENVIRONMENT_LABELS.get(environment, environment)


def org_label(connection: Connection) -> str:
    """`Acme Corp (production)`, escaped for mrkdwn."""
    name = connection.org_name or connection.org_id
    return f"{escape_mrkdwn(name)} ({environment_label(connection.environment)})"


def connect_prompt(*, url: str, intro: str, login_url: str) -> Reply:
    """The ephemeral Connect message: why, a button to Salesforce's login, and a safety note.

    Args:
        url: our `/salesforce/oauth/start` link (single use, for this user only).
        intro: the first sentence (already escaped), e.g. why a connection is needed.
        login_url: the Salesforce login host the button leads to.
    """
    host = escape_mrkdwn(urlsplit(login_url).netloc or login_url)
    return Reply(
        text=f"{intro} {messages.CONNECT_BUTTON}: {url}",
        blocks=(
            SectionBlock(
                block_id=ids.CONNECT_PROMPT_BLOCK,
                text=MarkdownTextObject(text=intro),
                accessory=ButtonElement(
                    text=PlainTextObject(text=messages.CONNECT_BUTTON),
                    action_id=ids.CONNECT_BUTTON_ACTION,
                    url=url,
                    style="primary",
                ),
            ),
            ContextBlock(
                block_id=ids.CONNECT_NOTE_BLOCK,
                elements=[MarkdownTextObject(text=messages.CONNECT_LINK_NOTE.format(host=host))],
            ),
        ),
    )


def connected_text(connection: Connection) -> str:
    who = escape_mrkdwn(connection.sf_username or connection.sf_email or connection.sf_user_id)
    return messages.CONNECTED.format(user=who, org=org_label(connection))


def whoami_reply(
    *,
    connections: Sequence[Connection],
    live_name: str | None,
    max_orgs: int,
    integration_user: bool = False,
) -> Reply:
    """`/sf whoami`: each connected org, which is the default, last refresh, scopes.

    Args:
        connections: the user's connections, default first.
        live_name: the default connection's user as Salesforce just described them (None if the
            check was not made).
        max_orgs: the per-user limit, to say how many more can be added.
        integration_user: no own connection, but integration-user mode is on.
    """
    if not connections:
        text = messages.WHOAMI_INTEGRATION if integration_user else messages.WHOAMI_NONE
        return Reply(text=text, blocks=(SectionBlock(block_id=ids.WHOAMI_BLOCK, text=text),))
    lines = [messages.WHOAMI_TITLE.format(count=len(connections), limit=max_orgs)]
    for connection in connections:
        lines.append(_whoami_line(connection, live_name if connection.is_default else None))
    text = "\n".join(lines)
    return Reply(
        text=text,
        blocks=(
            SectionBlock(block_id=ids.WHOAMI_BLOCK, text=MarkdownTextObject(text=text[:2900])),
            ContextBlock(
                block_id=ids.WHOAMI_HINT_BLOCK,
                elements=[MarkdownTextObject(text=messages.WHOAMI_HINT)],
            ),
        ),
    )


def _whoami_line(connection: Connection, live_name: str | None) -> str:
    user = escape_mrkdwn(connection.sf_username or connection.sf_email)
    name = escape_mrkdwn(live_name or connection.sf_display_name)
    parts = [f"• *{org_label(connection)}* as {user}" + (f" ({name})" if name else "")]
    parts.append(f"name for `org=`: {inline_code(connection.alias, limit=64)}")
    if connection.is_default:
        parts.append(messages.WHOAMI_DEFAULT)
    if connection.is_broken:
        parts.append(messages.WHOAMI_BROKEN)
    parts.append(messages.WHOAMI_REFRESHED.format(when=_when(connection.refreshed_at)))
    parts.append(
        messages.WHOAMI_SCOPES.format(scopes=inline_code(connection.scopes or "unknown", limit=200))
    )
    return " · ".join(parts)


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "never"
    if moment.tzinfo is None:  # SQLite drops the zone; we always store UTC
        moment = moment.replace(tzinfo=UTC)
    epoch = int(moment.timestamp())
    fallback = moment.strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{fallback}>"


def continue_prompt(*, text: str, key: str, command: str) -> Reply:
    """After connecting, for a command that opens a form: a Continue button that opens it.

    Args:
        text: What the user typed after `/sf` (the click runs it again).
        key: The replay's idempotency key (the click's writes derive theirs from it).
        command: The command as shown in the message (already escaped).
    """
    value = json.dumps({"t": text, "k": key}, separators=(",", ":"), ensure_ascii=False)
    if len(value) > BUTTON_VALUE_LIMIT:
        return notice(messages.REPLAY_CONTINUE_TOO_LONG.format(command=command))
    intro = messages.REPLAY_CONTINUE.format(command=command)
    return Reply(
        text=intro,
        blocks=(
            SectionBlock(block_id=ids.NOTICE_BLOCK, text=MarkdownTextObject(text=intro)),
            ActionsBlock(
                block_id=ids.REPLAY_CONTINUE_BLOCK,
                elements=[
                    ButtonElement(
                        text=PlainTextObject(text=messages.REPLAY_CONTINUE_BUTTON),
                        action_id=ids.REPLAY_CONTINUE_ACTION,
                        value=value,
                        style="primary",
                    )
                ],
            ),
        ),
    )
