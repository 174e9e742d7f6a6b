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

# Multi-workspace install pages.
INSTALL_PAGE_TITLE = "Install sfbot"
