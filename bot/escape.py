"""Make user text safe to echo back in Slack mrkdwn.

Slack's rules (docs.slack.dev "Formatting text for app surfaces"): the app escapes exactly `&`, `<`
and `>` in user content, which disarms `<!here>`, `<@U…>` and links. Plain `@here`, `@channel` and
`@everyone` are also turned into mentions when Slack parses text automatically, so they get a
zero-width space after the `@`; what the reader sees is unchanged.
"""

from __future__ import annotations

import re

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_SPECIAL_MENTION = re.compile(r"@(?=(here|channel|everyone)\b)", re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b"


def escape_mrkdwn(text: str) -> str:
    """Escape user text for any Slack text (mrkdwn or plain) so it can mention nobody.

    Args:
        text: Anything a user typed or Salesforce returned.

    Returns:
        The text with `&`, `<`, `>` escaped and special mentions broken.
    """
    return _SPECIAL_MENTION.sub("@" + ZERO_WIDTH_SPACE, text.translate(_ESCAPES))


def quote_user_text(text: str, *, limit: int = 80) -> str:
    """What the user typed, shortened, escaped and in curly quotes, for use inside a sentence.

    Args:
        text: The user's text.
        limit: Longest echo in characters; longer text is cut with an ellipsis.
    """
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return "“" + escape_mrkdwn(shown) + "”"
