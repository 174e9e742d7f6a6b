"""The `/sf` slash command: clean the text, find the verb, dispatch through the verb registry.

Features add verbs from their own modules with `register_verb`; the help is built from the
registry plus the commands of DESIGN.md that nothing has registered yet (shown as planned).
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from slack_bolt import Ack, App, BoltContext, BoltRequest, Respond
from slack_sdk import WebClient

from bot.slack import blocks, ids, messages
from bot.slack.blocks import HelpEntry, Reply

if TYPE_CHECKING:
    from bot.services import Services

logger = logging.getLogger(__name__)

# Slack caps slash command text well below this; anything longer is not a real command.
MAX_COMMAND_LENGTH = 4000
SUGGESTION_CUTOFF = 60


@dataclass
class SlashCommand:
    """One `/sf` invocation as verb handlers see it (identity, text, and ways to answer)."""

    verb: str
    args: str
    text: str
    team_id: str | None
    user_id: str
    channel_id: str | None
    services: Services
    client: WebClient
    respond: Respond
    context: BoltContext
    body: dict[str, Any]
    enterprise_id: str | None = None
    user_name: str | None = None
    trigger_id: str | None = None
    response_url: str | None = None
    # Slack marked it a retry (X-Slack-Retry-Num): an intent may already exist for its key.
    retried: bool = False
    _ack: Ack | None = field(default=None, repr=False)
    _acked: bool = field(default=False, repr=False)
    _ack_lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def acked(self) -> bool:
        return self._acked

    def ack(self, reply: Reply | None = None) -> None:
        """Answer Slack now (within 3 s); later answers go through `respond`.

        Only the first call answers. When the request thread already acked at Slack's deadline
        ("Working on it…", see `bot.slack.ack_wait`), that first answer is posted to the
        response_url in its place, so it still reaches the user.
        """
        with self._ack_lock:  # the handler and a helper thread may both try
            if self._acked:
                return
            self._acked = True
        if self._ack is not None:
            if reply is None:
                self._ack()
            else:
                self._ack(**reply.to_dict())


VerbHandler = Callable[[SlashCommand], Reply | None]


@dataclass(frozen=True)
class Verb:
    """A registered `/sf` verb."""

    name: str
    handler: VerbHandler
    summary: str
    usage: str
    needs_salesforce: bool = False
    admin_only: bool = False
    aliases: tuple[str, ...] = ()

    def help_entry(self) -> HelpEntry:
        details, examples = messages.VERB_HELP.get(self.name, ("", ()))
        return HelpEntry(self.name, self.usage, self.summary, details, examples)


# The commands of DESIGN.md "What users do", in the order the help lists them. A feature that
# registers one of these names replaces its planned entry.
PLANNED: tuple[HelpEntry, ...] = (
    HelpEntry("connect", "/sf connect [sandbox | my-domain]", "Link your Salesforce account."),
    HelpEntry("create", "/sf create <object> field=value …", "Create a record."),
    HelpEntry("update", "/sf update <record> field=value …", "Change fields of a record."),
    HelpEntry("delete", "/sf delete <record>", "Delete a record (asks to confirm)."),
    HelpEntry("show", "/sf show <record>", "Show a record with a link to it."),
    HelpEntry("find", "/sf find <object> <text>", "Search records."),
    HelpEntry("note", '/sf note <record> "text"', "Add a note to a record."),
    HelpEntry("log", "/sf log call|meeting|task <record> …", "Log an activity on a record."),
    HelpEntry("tag", "/sf tag @user <record> role=…", "Relate a contact to a record."),
    HelpEntry("new", "/sf new <object>", "Open a form to create a record."),
    HelpEntry("whoami", "/sf whoami", "Show which Salesforce account you are connected as."),
    HelpEntry("disconnect", "/sf disconnect", "Unlink your Salesforce account."),
    HelpEntry("help", "/sf help", "Show this list."),
)
_ORDER = {entry.name: position for position, entry in enumerate(PLANNED)}
_VERBS: dict[str, Verb] = {}


def register_verb(
    name: str,
    handler: VerbHandler,
    *,
    summary: str,
    usage: str,
    needs_salesforce: bool = False,
    admin_only: bool = False,
    aliases: tuple[str, ...] = (),
) -> Verb:
    """Add (or replace) a `/sf` verb.

    Args:
        name: The word after `/sf` (lower case, no spaces).
        handler: Called with a `SlashCommand`; returns the `Reply` to ack with, or None after
            answering by itself (``command.ack(...)`` then ``command.respond(...)``).
        summary: One sentence for the help.
        usage: How to type it, e.g. ``/sf show <record>``.
        needs_salesforce: Ask `services.require_salesforce` first (the Connect prompt).
        admin_only: Only users listed in SFBOT_ADMINS may run it (and see it in the help).
        aliases: Other words that run the same verb.

    Returns:
        The registered `Verb`.
    """
    key = name.strip().lower()
    if not key or any(char.isspace() for char in key):
        raise ValueError(f"a verb name is one word, got {name!r}")
    verb = Verb(key, handler, summary, usage, needs_salesforce, admin_only, tuple(aliases))
    _VERBS[key] = verb
    return verb


def unregister_verb(name: str) -> None:
    """Remove a verb (tests use this to clean up what they registered)."""
    _VERBS.pop(name.strip().lower(), None)


def registered_verbs() -> list[Verb]:
    """Registered verbs in help order: the design's order, then by name, `help` last."""
    # `help` closes the list whatever else is registered.
    return sorted(
        _VERBS.values(),
        key=lambda verb: (verb.name == "help", _ORDER.get(verb.name, len(_ORDER)), verb.name),
    )


def find_verb(word: str) -> Verb | None:
    for verb in _VERBS.values():
        if word == verb.name or word in verb.aliases:
            return verb
    return None


def clean_text(raw: str) -> str:
    """Normalise command text: NFKC, control characters out (newlines and tabs kept), trimmed."""
    text = unicodedata.normalize("NFKC", raw)
    kept = [char if char in "\n\t" or unicodedata.category(char) != "Cc" else " " for char in text]
    return "".join(kept).strip()


def split_verb(text: str) -> tuple[str, str]:
    """Split cleaned text into (verb lower-cased, the rest)."""
    parts = text.split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0].casefold(), parts[1].strip() if len(parts) > 1 else ""


def suggest(word: str, *, choices: list[str]) -> str | None:
    """The closest known verb to a mistyped one, or None when nothing is close."""
    if not choices:
        return None
    match = process.extractOne(word, choices, scorer=fuzz.WRatio, score_cutoff=SUGGESTION_CUTOFF)
    return match[0] if match else None


def help_reply(*, user_id: str, services: Services, intro: str | None = None) -> Reply:
    """The help for this user: the verbs they can run, then the planned ones."""
    is_admin = user_id in services.settings.admins
    available = [verb for verb in registered_verbs() if is_admin or not verb.admin_only]
    names = {verb.name for verb in _VERBS.values()}
    planned = [entry for entry in PLANNED if entry.name not in names]
    return blocks.help_reply(
        available=[verb.help_entry() for verb in available], planned=planned, intro=intro
    )


def answer(command: SlashCommand) -> Reply | None:
    """Decide what `/sf <text>` does; the plain function behind the listener."""
    services = command.services
    if not command.verb:
        return help_reply(
            user_id=command.user_id, services=services, intro=messages.EMPTY_COMMAND_HINT
        )
    verb = find_verb(command.verb)
    if verb is None and not any(char.isalnum() for char in command.verb):
        return help_reply(
            user_id=command.user_id, services=services, intro=messages.UNREADABLE_COMMAND
        )
    if verb is not None and verb.admin_only and command.user_id not in services.settings.admins:
        # Named exactly: say it exists but is not theirs (the help and suggestions still hide it).
        text = messages.ADMIN_ONLY.format(
            verb=blocks.inline_code(verb.name, limit=40),
            user_id=blocks.inline_code(command.user_id),
        )
        return blocks.notice(text)
    if verb is None:
        return _unknown(command)
    if verb.needs_salesforce and services.require_salesforce is not None:
        prompt = services.require_salesforce(command)
        if prompt is not None:
            return prompt
    return verb.handler(command)


def _unknown(command: SlashCommand) -> Reply:
    shown = blocks.inline_code(command.verb, limit=40)
    planned = {entry.name for entry in PLANNED}
    if command.verb in planned:
        intro = messages.PLANNED_VERB.format(verb=shown)
    else:
        is_admin = command.user_id in command.services.settings.admins
        choices = [
            word
            for verb in _VERBS.values()
            if is_admin or not verb.admin_only
            for word in (verb.name, *verb.aliases)
        ]
        suggestion = suggest(command.verb[:100], choices=choices)
        if suggestion:
            # The whole command with the verb fixed: what they typed is kept, ready to copy.
            fixed = blocks.inline_code(f"{suggestion} {command.args}".strip(), limit=200)
            intro = messages.UNKNOWN_VERB_SUGGESTION.format(verb=shown, suggestion=fixed)
        else:
            intro = messages.UNKNOWN_VERB.format(verb=shown)
    return help_reply(user_id=command.user_id, services=command.services, intro=intro)


def _help(command: SlashCommand) -> Reply:
    """`/sf help` lists every command; `/sf help <verb>` explains one, with examples."""
    words = command.args.split()
    if words and words[0].casefold() == "/sf":
        words = words[1:]
    if not words:
        return help_reply(user_id=command.user_id, services=command.services)
    topic = words[0].casefold()
    is_admin = command.user_id in command.services.settings.admins
    verb = find_verb(topic)
    if verb is not None and (is_admin or not verb.admin_only):
        return blocks.verb_help_reply(verb.help_entry())
    choices = [v.name for v in _VERBS.values() if is_admin or not v.admin_only]
    suggestion = suggest(topic[:100], choices=choices)
    shown = blocks.inline_code(topic, limit=40)
    intro = (
        messages.HELP_UNKNOWN_TOPIC_SUGGESTION.format(topic=shown, suggestion=suggestion)
        if suggestion
        else messages.HELP_UNKNOWN_TOPIC.format(topic=shown)
    )
    return help_reply(user_id=command.user_id, services=command.services, intro=intro)


def handle_sf(
    ack: Ack,
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    request: BoltRequest,
) -> None:
    """The `/sf` listener: build the `SlashCommand`, run `answer`, ack with its reply."""
    raw = body.get("text") or ""
    request_log = context.get("request_log")
    if len(raw) > MAX_COMMAND_LENGTH:
        if request_log is not None:
            request_log["verb"] = "(too long)"
        reply = blocks.notice(
            messages.COMMAND_TOO_LONG.format(length=len(raw), limit=MAX_COMMAND_LENGTH)
        )
        ack(**reply.to_dict())
        return
    text = clean_text(raw)
    verb, args = split_verb(text)
    if request_log is not None:
        # Only the verb: the arguments may hold customer data.
        known = find_verb(verb)
        request_log["verb"] = known.name if known else ("(empty)" if not verb else "(unknown)")
    command = SlashCommand(
        verb=verb,
        args=args,
        text=text,
        enterprise_id=context.enterprise_id,
        team_id=context.team_id,
        user_id=context.user_id or body.get("user_id", ""),
        user_name=body.get("user_name"),
        channel_id=context.channel_id,
        trigger_id=body.get("trigger_id"),
        response_url=body.get("response_url"),
        retried=bool(request.headers.get("x-slack-retry-num")),
        services=context["services"],
        client=client,
        respond=respond,
        context=context,
        body=body,
        _ack=ack,
    )
    store = command.services.connections
    with store.one_request() if store is not None else nullcontext():
        command.ack(answer(command))


def register(app: App) -> None:
    """Attach the `/sf` listener and the built-in `help` verb."""
    register_verb(
        "help",
        _help,
        summary="List every command, or explain one.",
        usage="/sf help [command]",
        aliases=("?",),
    )
    app.command(ids.SLASH_COMMAND)(handle_sf)
