"""Every user-facing sentence of the Slack surfaces, in one place.

Sentences with placeholders are ``str.format`` templates; callers escape user text first
(`bot.slack.blocks.escape_mrkdwn`). Tests refer to these names instead of copying the words.
"""

from __future__ import annotations

HELP_TITLE = "Salesforce from Slack"
HELP_INTRO = (
    "Type `/sf` followed by a command. Replies are only visible to you. "
    'Field names can be API names or labels (`close_date`, `CloseDate`, `"close date"`).'
)
HELP_PLANNED_TITLE = "*Coming soon* (not available in this version yet):"
HELP_FOOTER = "Need more? `/sf help` shows this list again."
HELP_FALLBACK = "sfbot commands: {verbs}"

EMPTY_COMMAND_HINT = "Here is what `/sf` can do:"
UNKNOWN_VERB = "I don't know the command `{verb}`."
UNKNOWN_VERB_SUGGESTION = "I don't know the command `{verb}`. Did you mean `/sf {suggestion}`?"
PLANNED_VERB = (
    "`/sf {verb}` is planned but not available in this version yet. Here is what works today:"
)
UNREADABLE_COMMAND = (
    "I couldn't read that command: it contains no letters I can use as a command name. "
    "Start with a word such as `help`."
)
COMMAND_TOO_LONG = (
    "That command is {length} characters long; `/sf` commands must be at most {limit} characters."
)

# The global error handler: something broke inside the app.
INTERNAL_ERROR = (
    ":warning: Something went wrong on our side while handling that (reference `{reference}`). "
    "Please try again in a moment; if it keeps happening, give that reference to your Slack admin."
)

# Multi-workspace mode: a request from a workspace with no stored installation.
NOT_INSTALLED = (
    ":warning: sfbot is not installed in this workspace (or its installation was removed). "
    "A Slack admin can install it from {install_url}"
)

# Salesforce connection: /sf connect, whoami, use, disconnect (bot/slack/connect.py).
CONNECT_BUTTON = "Log in to Salesforce"
CONNECT_INTRO = "Connect your Salesforce account to Slack: log in and allow access."
CONNECT_NEEDED = (
    "To run `{command}`, connect your Salesforce account first. "
    "After you log in, I'll run it for you."
)
CONNECT_BROKEN = (
    ":warning: Your Salesforce session for *{org}* has ended (access was revoked or expired). "
    "Log in again and I'll run `{command}` for you."
)
CONNECT_BROKEN_NO_COMMAND = (
    ":warning: Your Salesforce session for *{org}* has ended (access was revoked or expired). "
    "Log in again to continue; your pending changes are kept and will be sent once you do."
)
CONNECT_LINK_NOTE = (
    "Logs in at {host}. The link is for you only, works once, and expires in 10 minutes."
)
CONNECTED = "Connected as {user} to {org}."
CONNECT_BAD_TARGET = (
    "{reason}. Use `/sf connect` for production, `/sf connect sandbox` for a sandbox, "
    "or your My Domain, e.g. `/sf connect acme.my.salesforce.com`."
)
CONNECT_NOT_CONFIGURED = (
    "Salesforce login is not set up for this app yet (SALESFORCE_CLIENT_ID and "
    "SALESFORCE_CLIENT_SECRET are missing). Please ask your Slack admin."
)
TOO_MANY_ORGS = (
    "You are already connected to {limit} Salesforce orgs, the most allowed. "
    "Disconnect one first with `/sf disconnect <org>` (yours: {orgs})."
)
UNKNOWN_ORG = "You have no connected Salesforce org called `{name}`. Yours: {orgs}."
NO_ORGS = "none yet; `/sf connect` adds one"
USE_USAGE = "Say which org should be your default: `/sf use <org>`. Yours: {orgs}."
USE_DONE = "Your commands now go to *{org}* by default."
DISCONNECT_NONE = "You are not connected to Salesforce, so there is nothing to disconnect."
DISCONNECTED = (
    "Disconnected from *{org}*: access was revoked at Salesforce and the tokens are deleted."
)
DISCONNECTED_NOT_REVOKED = (
    "Disconnected from *{org}*: the tokens are deleted here, but Salesforce could not confirm "
    "revoking them. To be sure, remove sfbot under Settings → Connected Apps in Salesforce."
)
WHOAMI_NONE = "You are not connected to Salesforce. Type `/sf connect` to link your account."
WHOAMI_INTEGRATION = (
    "You have no Salesforce account of your own connected, so your changes are made as this "
    "workspace's integration user and marked with your Slack name. `/sf connect` links your own."
)
WHOAMI_TITLE = "*Your Salesforce connections* ({count} of at most {limit}):"
WHOAMI_DEFAULT = "*default*"
WHOAMI_BROKEN = ":warning: needs reconnecting (`/sf connect`)"
WHOAMI_REFRESHED = "token refreshed {when}"
WHOAMI_SCOPES = "scopes {scopes}"
WHOAMI_HINT = (
    "`/sf use <org>` changes the default · `org=<name>` picks one for a single command · "
    "`/sf disconnect <org>` unlinks one"
)
