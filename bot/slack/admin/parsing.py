"""Admin command text split at its keywords: `leads from A to B where status=Open`.

Words and `field=value` pairs are read with the usual lexer (quotes, Slack markup); an unquoted
keyword starts a new clause, so a quoted "to" stays part of a name.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.escape import quote_user_text
from bot.slack import messages
from bot.slack.tokens import Arg, Lexer

logger = logging.getLogger(__name__)


@dataclass
class Clauses:
    """Words and pairs per clause ("" is the text before the first keyword)."""

    words: dict[str, list[Arg]] = field(default_factory=dict)
    pairs: dict[str, list[Arg]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def text(self, clause: str) -> str:
        return " ".join(arg.value for arg in self.words.get(clause, []))


def split_clauses(text: str, *, keywords: Iterable[str]) -> Clauses:
    """Split command text into clauses.

    Raises:
        bot.slack.tokens.GrammarError: Unclosed quotes and the like.
    """
    known = {word.casefold() for word in keywords}
    clauses = Clauses(words={"": []}, pairs={"": []}, order=[""])
    current = ""
    lexer = Lexer(text)
    while (arg := lexer.token()) is not None:
        if arg.key is None and not arg.quoted and arg.value.casefold() in known:
            current = arg.value.casefold()
            clauses.words.setdefault(current, [])
            clauses.pairs.setdefault(current, [])
            clauses.order.append(current)
            continue
        (clauses.words if arg.key is None else clauses.pairs)[current].append(arg)
    return clauses


def stray_words(clauses: Clauses, *, pair_clauses: Iterable[str]) -> str | None:
    """The message for plain words inside clauses that only take pairs, or None."""
    for clause in pair_clauses:
        words = clauses.words.get(clause) or []
        if words:
            typed = quote_user_text(" ".join(arg.value for arg in words), limit=60)
            return messages.ADMIN_STRAY_WORDS.format(words=typed, clause=clause)
    return None


def person(client: WebClient, words: list[Arg]) -> str:
    """What names a person: a mentioned Slack user's email, else the words as typed."""
    for arg in words:
        if arg.user_id:
            try:
                profile = client.users_info(user=arg.user_id)["user"]["profile"]
                return str(profile.get("email") or arg.value.lstrip("@"))
            except (SlackApiError, KeyError, OSError) as error:
                logger.info("users.info failed for a mention (%s)", type(error).__name__)
                return arg.value.lstrip("@")
    return " ".join(arg.value for arg in words)
