"""`/sf` command text → a typed `Command`: verb, object, target, fields, options, free text.

Each verb has a shape (`SHAPES`): its positional slots and whether it takes `field=value` pairs.
`org=<alias>` is an option for every verb. Verbs not listed get free words and fields, so
features can add verbs without touching this module. Tokens are read by `bot.slack.tokens`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.fields import normalize_name
from bot.slack.tokens import Arg, GrammarError, Lexer

__all__ = ["SHAPES", "Arg", "Command", "GrammarError", "VerbShape", "parse_command"]

OPTION_NAMES = frozenset({"org"})

MESSAGES = {
    "twice": "{key} is given twice; keep one.",
    "missing": "Something is missing: the {slot}. Try `{usage}`.",
    "extra": "I didn't expect {word} here. Try `{usage}`.",
    "no_fields": "`/sf {verb}` doesn't take fields like {key}. Try `{usage}`.",
}


@dataclass(frozen=True)
class VerbShape:
    """The positional slots of a verb (`?` = optional) and whether it takes `field=value` pairs."""

    slots: tuple[str, ...]
    fields: bool
    usage: str


SHAPES: dict[str, VerbShape] = {
    "create": VerbShape(("object",), True, '/sf create opportunity name="Acme renewal" amount=50k'),
    "new": VerbShape(("object?",), True, "/sf new opportunity"),
    "update": VerbShape(("target",), True, '/sf update "Acme renewal" stage="Closed Won"'),
    "delete": VerbShape(("target",), False, "/sf delete 0065g00000Abc12AAA"),
    "show": VerbShape(("target",), False, "/sf show Acme"),
    "find": VerbShape(("object?", "text"), False, "/sf find contact lovelace"),
    "note": VerbShape(("target", "text"), False, '/sf note Acme "Met the CFO"'),
    "log": VerbShape(("kind", "target", "text?"), True, '/sf log call Acme subject="Pricing"'),
    "tag": VerbShape(("who", "target"), True, '/sf tag @ada "Acme renewal" role="Decision Maker"'),
    "api": VerbShape(("kind", "text"), False, "/sf api GET /limits"),
}
_DEFAULT_SHAPE = VerbShape(("words?",), True, "/sf help")
_SLOT_NAMES = {"object": "object (e.g. opportunity)", "target": "record (a name, id or link)",
               "text": "text", "kind": "kind (e.g. call)", "who": "person (e.g. @ada)"}  # fmt: skip


@dataclass(frozen=True)
class Command:
    """A parsed `/sf` command. `fields` keeps the typed order; names are as typed."""

    verb: str
    raw: str
    shown: str
    object: str | None = None
    target: Arg | None = None
    kind: str | None = None
    who: Arg | None = None
    text: str | None = None
    words: tuple[Arg, ...] = ()
    fields: tuple[Arg, ...] = ()
    options: Mapping[str, str] = field(default_factory=dict)

    def field_values(self) -> dict[str, str]:
        """`{typed name: value}` in typed order."""
        return {f.key or "": f.value for f in self.fields}


def parse_command(raw: str, *, shapes: Mapping[str, VerbShape] = SHAPES) -> Command:
    """Parse the text of a `/sf` command.

    Args:
        raw: The `text` field of Slack's slash-command payload, as received.
        shapes: Verb → slots; verbs not listed get free words and fields.

    Returns:
        The command; an empty text is `help`.

    Raises:
        GrammarError: The text can't be read; the message says where and what would work.
    """
    lex = Lexer(raw)
    head = lex.token()
    if head is None:
        return Command(verb="help", raw=raw, shown=lex.text)
    if head.key is not None:
        usage = shapes.get("create", _DEFAULT_SHAPE).usage
        msg = MESSAGES["missing"].format(slot="command", usage=usage)
        raise GrammarError(msg, position=head.start, text=lex.text)
    verb = head.value.casefold()
    shape = shapes.get(verb, _DEFAULT_SHAPE)
    return _Filler(lex, verb, shape, raw).run()


class _Filler:
    def __init__(self, lex: Lexer, verb: str, shape: VerbShape, raw: str) -> None:
        self.lex, self.verb, self.shape, self.raw = lex, verb, shape, raw
        self.slots: dict[str, object] = {}
        self.fields: list[Arg] = []
        self.options: dict[str, str] = {}
        self.seen: dict[str, Arg] = {}
        self.pending: Arg | None = None

    def fail(self, message_id: str, position: int, **parts: str) -> GrammarError:
        parts.setdefault("usage", self.shape.usage)
        parts.setdefault("verb", escape_mrkdwn(self.verb))
        message = MESSAGES[message_id].format(**parts)
        return GrammarError(message, position=position, text=self.lex.text)

    def pair(self, arg: Arg) -> None:
        name = arg.key or ""
        norm = normalize_name(name)
        if norm in self.seen:
            raise self.fail("twice", arg.start, key=quote_user_text(name))
        self.seen[norm] = arg
        if name.casefold() in OPTION_NAMES:
            self.options[name.casefold()] = arg.value
        elif not self.shape.fields:
            raise self.fail("no_fields", arg.start, key=quote_user_text(f"{name}=…"))
        else:
            self.fields.append(arg)

    def next_word(self) -> Arg | None:
        if self.pending is not None:
            pending, self.pending = self.pending, None
            return pending
        while (arg := self.lex.token()) is not None:
            if arg.key is None:
                return arg
            self.pair(arg)
        return None

    def run(self) -> Command:
        slots = self.shape.slots
        for index, slot in enumerate(slots):
            name = slot.rstrip("?")
            last_before_text = index + 1 < len(slots) and slots[index + 1].startswith("text")
            if name == "text":
                self.slots["text"] = self.rest_as_text()
            elif name == "words":
                self.slots["words"] = tuple(iter(self.next_word, None))
            elif name == "target" and not last_before_text:
                self.slots["target"] = self.run_of_words()
            else:
                self.slots[name] = self.next_word()
            if self.slots[name] in (None, "") and not slot.endswith("?"):
                if name == "text" and self.verb == "find" and self.slots.get("object"):
                    obj = self.slots.pop("object")
                    assert isinstance(obj, Arg)
                    self.slots["text"] = obj.value
                    continue
                raise self.fail("missing", len(self.lex.text), slot=_SLOT_NAMES.get(name, name))
        extra = self.next_word()
        if extra is not None:
            raise self.fail("extra", extra.start, word=quote_user_text(extra.value))
        return self.build()

    def run_of_words(self) -> Arg | None:
        first = self.next_word()
        if first is None or first.quoted:
            return first
        end = first.end
        while (arg := self.lex.token()) is not None:
            if arg.key is not None:
                self.pair(arg)
                break
            if arg.quoted:
                if end == first.end and "object" not in self.shape.slots:
                    # `update opportunity "Acme renewal"`: the object named before the record.
                    self.slots["object"] = first
                    return arg
                self.pending = arg
                break
            end = arg.end
        if end == first.end:
            return first
        return Arg(self.lex.text[first.start : end], first.start, end)

    def rest_as_text(self) -> str:
        """The rest verbatim; a lone quoted value is unquoted, pairs become fields or options."""
        lex = self.lex
        start = lex.skip_space()
        try:
            words: list[Arg] = []
            pairs: list[Arg] = []
            while (arg := lex.token()) is not None:
                (pairs if arg.key is not None else words).append(arg)
        except GrammarError:
            words, pairs = [], []
        if pairs and (
            self.shape.fields or all((p.key or "").casefold() in OPTION_NAMES for p in pairs)
        ):
            for p in pairs:
                self.pair(p)
            if len(words) == 1 and words[0].quoted:
                return words[0].value
            return " ".join(lex.text[w.start : w.end] for w in words)
        if len(words) == 1 and words[0].quoted and not pairs:
            return words[0].value
        lex.pos = len(lex.text)
        return lex.text[start:].strip()

    def build(self) -> Command:
        def value(name: str) -> str | None:
            arg = self.slots.get(name)
            return arg.value if isinstance(arg, Arg) else None

        target, who, text = self.slots.get("target"), self.slots.get("who"), self.slots.get("text")
        return Command(
            verb=self.verb,
            raw=self.raw,
            shown=self.lex.text,
            object=value("object"),
            target=target if isinstance(target, Arg) else None,
            kind=value("kind"),
            who=who if isinstance(who, Arg) else None,
            text=text if isinstance(text, str) and text else None,
            words=tuple(self.slots.get("words", ())),  # type: ignore[arg-type]
            fields=tuple(self.fields),
            options=dict(self.options),
        )
