"""Commands on an existing record: `/sf update`, `/sf delete`, `/sf show`, and `/sf find`.

The record is named by a name (SOSL; several matches → pick buttons that re-run the command
with the picked id), a 15/18-character id, or a pasted Lightning/Classic link.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.escape import quote_user_text
from bot.salesforce.fields import FieldIndex
from bot.salesforce.object_names import ObjectNotFound, resolve_object, search_objects
from bot.salesforce.orgview import OrgView
from bot.salesforce.plan import plan_write
from bot.salesforce.resolve import Candidate, Resolution, find_records, resolve_record
from bot.salesforce.summary import Summary, fetch_summary
from bot.salesforce.values import ValueProblem
from bot.slack import messages, record_blocks
from bot.slack.blocks import Reply, escape_mrkdwn, notice
from bot.slack.commands import SlashCommand
from bot.slack.grammar import Command, GrammarError, parse_command
from bot.slack.opportunity_blocks import new_opportunity_button
from bot.slack.record_blocks import RecordCard
from bot.slack.records import context, writing

FIND_LIMIT = 10
UPDATE_USAGE = 'Say what to change, e.g. `/sf update "Acme renewal" stage="Closed Won"`.'


def _parsed(command: SlashCommand) -> Command | Reply:
    try:
        return parse_command(command.text)
    except GrammarError as error:
        return notice(error.render())


def _view(command: SlashCommand, parsed: Command) -> OrgView:
    return context.org_view(
        command.services,
        team_id=command.team_id or "",
        user_id=command.user_id,
        org=parsed.options.get("org"),
        user_name=command.user_name,
    )


def card(view: OrgView, summary: Summary) -> RecordCard:
    link = view.link(sobject=summary.sobject, record_id=summary.record_id)
    fields = [(label, shown) for _api, label, shown in summary.fields]
    return RecordCard(
        object_label=summary.object_label, name=summary.name, link=link, fields=fields
    )


def _target(
    command: SlashCommand,
    parsed: Command,
    view: OrgView,
    key: str,
    *,
    keep: Callable[[str], bool] | None = None,
) -> Candidate | Reply:
    """The one record the command names, or the reply that asks or explains.

    With ``keep``, names are searched only in objects it accepts; when none matches there the
    search is repeated in every object, so the reply names the real problem (e.g. a field typo).
    """
    assert parsed.target is not None  # the grammar requires it
    typed = parsed.target.value
    if parsed.object:  # `update opportunity "Acme renewal"`: search that object only
        try:
            entry = resolve_object(parsed.object, view.describe_global())
        except ObjectNotFound as error:
            return notice(error.message)
        found = resolve_record(view, typed, objects=[str(entry["name"])])
    else:
        found = _search(view, typed, keep=keep)
    if found.record is not None:
        return found.record
    if found.ambiguous:
        options = writing.pick_options(parsed, parsed.target, found.choices, key, as_field=False)
        prompt = messages.PICK_TARGET_PROMPT.format(typed=quote_user_text(found.typed))
        return record_blocks.pick(prompt=prompt, options=options)
    return notice(found.problem or messages.PICK_STALE)


def _search(view: OrgView, typed: str, *, keep: Callable[[str], bool] | None) -> Resolution:
    found: Resolution | None = None
    if keep is not None:
        found = resolve_record(view, typed, objects=search_objects(view, keep=keep))
    if found is None or (found.record is None and not found.ambiguous):
        found = resolve_record(view, typed)
    if found.record is not None or found.ambiguous:
        return found
    # `update opportunity Acme renewal` (unquoted): the first word may name the object.
    head, _, rest = typed.partition(" ")
    if rest.strip() and "://" not in typed:
        try:
            entry = resolve_object(head, view.describe_global())
        except ObjectNotFound:
            return found
        within = resolve_record(view, rest.strip(), objects=[str(entry["name"])])
        if within.record is not None or within.ambiguous:
            return within
    return found


def update(command: SlashCommand) -> Reply | None:
    """The `update` verb: change fields of one record (before-values kept for Undo)."""
    key = writing.idempotency_key(command)
    existing = writing.earlier_intent(command, key)
    if existing is not None:
        return writing.reply_for_existing(command, existing)
    parsed = _parsed(command)
    if isinstance(parsed, Reply):
        return parsed
    fields = parsed.field_values()
    if not fields:
        return notice(UPDATE_USAGE)
    view = _view(command, parsed)

    def has_fields(sobject: str) -> bool:
        index = FieldIndex(view.describe(sobject))
        return all(index.find(name) is not None for name in fields)

    target = _target(command, parsed, view, key, keep=has_fields)
    if isinstance(target, Reply):
        return target
    ctx = context.user_context(
        command.services, command.client, team_id=command.team_id or "", user_id=command.user_id
    )
    plan = plan_write(
        view,
        sobject=target.sobject,
        operation="update",
        fields=fields,
        ctx=ctx,
        record_type_id=target.record_type_id,
    )
    return writing.finish(
        command, parsed, view, plan, key=key, record_id=target.record_id, record_name=target.name
    )


def delete(command: SlashCommand) -> Reply | None:
    """The `delete` verb: show what would be deleted, with Delete and Cancel buttons."""
    key = writing.idempotency_key(command)
    parsed = _parsed(command)
    if isinstance(parsed, Reply):
        return parsed
    view = _view(command, parsed)
    target = _target(command, parsed, view, key)
    if isinstance(target, Reply):
        return target
    describe = view.describe(target.sobject)
    if describe.get("deletable") is False:  # say so now rather than after the click
        label = escape_mrkdwn(str(describe.get("label") or target.sobject))
        return notice(messages.CANT_DELETE.format(object=label))
    summary = fetch_summary(view, sobject=target.sobject, record_id=target.record_id)
    if summary is None:
        return notice(messages.PICK_STALE)
    display = summary.display(instance_url=view.instance_url)
    data = {
        "o": target.sobject,
        "r": target.record_id,
        "k": key,
        "c": view.connection_id,
        "g": view.org_id if view.connection_id is not None else None,
        "u": view.sf_user_id if view.connection_id is not None else None,
    }
    value = record_blocks.button_value({**data, "d": display})
    if value is None:  # a card too large for a button: keep only the name
        value = record_blocks.button_value({**data, "d": {**display, "fields": []}})
    assert value is not None
    minutes = command.services.settings.sfbot_undo_minutes
    return record_blocks.delete_confirm(card=card(view, summary), value=value, undo_minutes=minutes)


def show(command: SlashCommand) -> Reply | None:
    """The `show` verb: a record's key fields and a link."""
    parsed = _parsed(command)
    if isinstance(parsed, Reply):
        return parsed
    view = _view(command, parsed)
    target = _target(command, parsed, view, writing.idempotency_key(command))
    if isinstance(target, Reply):
        return target
    summary = fetch_summary(view, sobject=target.sobject, record_id=target.record_id)
    if summary is None:
        return notice(messages.PICK_STALE)
    extra = []
    if summary.sobject == "Account":  # accounts offer the opportunity modal, pre-filled
        extra.append(new_opportunity_button(account_id=summary.record_id, name=summary.name))
    return record_blocks.show(card(view, summary), extra=extra)


def _object_name(view: OrgView, typed: str) -> str:
    return str(resolve_object(typed, view.describe_global())["name"])


def _is_object_word(view: OrgView, text: str) -> bool:
    if not text.strip() or " " in text.strip():
        return False
    try:
        _object_name(view, text)
    except ObjectNotFound:
        return False
    return True


def _object_typo(typed: str, suggestion: str, text: str) -> str:
    """Did you mean, with the whole command fixed, and how to search the words themselves."""
    words = f"{typed} {text}".strip()
    plain = words.replace('"', "")
    return messages.FIND_OBJECT_TYPO.format(
        typed=quote_user_text(typed),
        fixed=f"`/sf find {escape_mrkdwn(suggestion.casefold())} {escape_mrkdwn(text)}`",
        words=quote_user_text(words),
        quoted=f'`/sf find "{escape_mrkdwn(plain)}"`',
    )


def find(command: SlashCommand) -> Reply | None:
    """The `find` verb: `/sf find [object] text`, top matches with links."""
    parsed = _parsed(command)
    if isinstance(parsed, Reply):
        return parsed
    view = _view(command, parsed)
    text = parsed.text or ""
    objects: list[str] | None = None
    if parsed.object:
        try:
            entry = resolve_object(parsed.object, view.describe_global())
            objects = [str(entry["name"])]
        except ObjectNotFound as unknown:
            if unknown.suggestions:  # `find contcat lovelace`: a typo, not a search word
                return notice(_object_typo(parsed.object, unknown.suggestions[0], text))
            text = f"{parsed.object} {text}".strip()
    elif _is_object_word(view, text):  # `find contact` and nothing to look for
        word = text.strip().casefold()
        label = escape_mrkdwn(str(view.describe(_object_name(view, text)).get("label", word)))
        return notice(messages.FIND_NEEDS_TEXT.format(label=label, word=escape_mrkdwn(word)))
    if objects is None:
        objects = search_objects(view)
    try:
        found = find_records(view, text, objects, limit=FIND_LIMIT, scope="ALL")
    except ValueProblem as problem:
        return notice(problem.message)
    labels = {
        name: escape_mrkdwn(str(view.describe(name).get("label", name)))
        for name in {c.sobject for c in found}
    }
    cards = [
        RecordCard(
            object_label=labels[c.sobject],
            name=c.name,
            link=view.link(sobject=c.sobject, record_id=c.record_id),
            fields=[("", c.detail)] if c.detail else [],
        )
        for c in found[:FIND_LIMIT]
    ]
    return record_blocks.found(
        typed=quote_user_text(text), cards=cards, more=len(found) >= FIND_LIMIT
    )
