"""`/sf user freeze|unfreeze|activate|deactivate <email|username|name|@mention>`.

Shows who will be affected and asks to confirm; the change is an ``admin_update`` write intent
(Undo sets the previous value back). Admins can't lock out their own Salesforce user.
"""

from __future__ import annotations

import logging

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.admin.users import ACTIONS, SalesforceUser, find_users
from bot.slack import messages
from bot.slack.admin.access import admin_view
from bot.slack.admin.changes import Change, propose
from bot.slack.admin.parsing import person, split_clauses
from bot.slack.blocks import Reply, inline_code, notice
from bot.slack.commands import SlashCommand
from bot.slack.grammar import GrammarError

logger = logging.getLogger(__name__)


def shown(user: SalesforceUser) -> str:
    """``*Riley Rep* (rep@demo.example · Standard User)``, escaped."""
    return messages.USER_SHOWN.format(
        name=escape_mrkdwn(user.name),
        username=escape_mrkdwn(user.username),
        profile=escape_mrkdwn(user.profile or "no profile"),
    )


def user(command: SlashCommand) -> Reply | None:
    """The `user` verb (admins only)."""
    action_word, _, rest = command.args.partition(" ")
    if not action_word or not rest.strip():
        return notice(messages.USER_USAGE)
    action = ACTIONS.get(action_word.casefold())
    if action is None:
        names = ", ".join(f"`{name}`" for name in ACTIONS)
        text = messages.USER_UNKNOWN_ACTION.format(action=inline_code(action_word), actions=names)
        return notice(text)
    try:
        typed = person(command.client, split_clauses(rest, keywords=()).words[""])
    except GrammarError as error:
        return notice(error.render())
    view = admin_view(command)
    if isinstance(view, Reply):
        return view
    found = find_users(view.sf, typed)
    if not found:
        return notice(messages.USER_NOT_FOUND.format(typed=quote_user_text(typed)))
    if len(found) > 1:
        listed = ", ".join(f"{escape_mrkdwn(u.name)} ({escape_mrkdwn(u.username)})" for u in found)
        return notice(messages.USER_AMBIGUOUS.format(typed=quote_user_text(typed), users=listed))
    target = found[0]
    locks_out = action.value if action.field == "IsFrozen" else not action.value
    if target.id == view.sf_user_id and locks_out:
        return notice(messages.USER_SELF.format(action=action.verb))
    record_id = target.record_for(action)
    if record_id is None:
        return notice(messages.USER_NO_LOGIN.format(user=shown(target)))
    if target.current(action) == action.value:
        return notice(messages.USER_ALREADY.format(user=shown(target), state=action.state))
    change = Change(
        action=action.verb,
        sobject=action.sobject,
        records=[
            {
                "sobject": action.sobject,
                "id": record_id,
                "name": target.name,
                "fields": {action.field: action.value},
            }
        ],
        params={"user": shown(target)},
        danger=action.verb in ("freeze", "deactivate"),
    )
    return propose(command, view, change)
