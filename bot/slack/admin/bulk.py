"""`/sf bulk update <object> where field=value … set field=value …`: a previewed mass update.

Values are checked against the describe exactly as `/sf update` checks them (names or labels,
picklists, `50k`, dates, lookups by name); the conditions pick the records. The preview shows
the count and the first few with their current values; Undo puts each record's old values back.
"""

from __future__ import annotations

from typing import Any

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.admin.filters import FilterProblems, build_filter
from bot.salesforce.admin.select import MAX_RECORDS, select_records
from bot.salesforce.convert import label_of
from bot.salesforce.object_names import ObjectNotFound, resolve_object
from bot.salesforce.orgview import name_field_of
from bot.salesforce.plan import WritePlan, plan_write, shown_value
from bot.slack import messages, record_blocks
from bot.slack.admin.access import admin_view
from bot.slack.admin.changes import Change, propose
from bot.slack.admin.parsing import split_clauses, stray_words
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.slack.grammar import GrammarError
from bot.slack.records import context

PREVIEW_VALUES = 3  # current values shown per record in the preview


def _changes(plan: WritePlan) -> str:
    labels = {f["name"]: label_of(f) for f in plan.describe.get("fields", [])}
    parts = []
    for name, value in plan.values.items():
        shown = shown_value(value, plan.names.get(name)) or "blank"
        parts.append(f"*{labels.get(name, escape_mrkdwn(name))}* = {shown}")
    return ", ".join(parts)


def _line(row: dict[str, Any], *, name_field: str, plan: WritePlan) -> str:
    labels = {f["name"]: label_of(f) for f in plan.describe.get("fields", [])}
    name = escape_mrkdwn(str(row.get(name_field) or row["Id"]))
    now = [
        f"{labels.get(field, field)}: {shown_value(row.get(field)) or messages.SHOW_EMPTY}"
        for field in list(plan.values)[:PREVIEW_VALUES]
        if field in row
    ]
    return "• " + " · ".join([f"*{name}*", *now])


def bulk(command: SlashCommand) -> Reply | None:
    """The `bulk` verb (admins only): `bulk update …`."""
    try:
        clauses = split_clauses(command.args, keywords=("where", "set"))
    except GrammarError as error:
        return notice(error.render())
    head = clauses.words.get("", [])
    if len(head) != 2 or head[0].value.casefold() != "update" or clauses.pairs.get(""):
        return notice(messages.BULK_USAGE)
    if not clauses.pairs.get("where"):
        return notice(messages.BULK_NEEDS_WHERE)
    if not clauses.pairs.get("set"):
        return notice(messages.BULK_NEEDS_SET)
    stray = stray_words(clauses, pair_clauses=("where", "set"))
    if stray:
        return notice(stray)
    view = admin_view(command)
    if isinstance(view, Reply):
        return view
    try:
        entry = resolve_object(
            head[1].value, view.describe_global(), usable=lambda e: bool(e.get("updateable"))
        )
    except ObjectNotFound as missing:
        return notice(missing.message)
    sobject = str(entry["name"])
    describe = view.describe(sobject)
    noun = escape_mrkdwn(str(describe.get("labelPlural") or sobject)).lower()
    noun_one = escape_mrkdwn(str(describe.get("label") or sobject)).lower()
    ctx = context.user_context(
        command.services, command.client, team_id=command.team_id or "", user_id=command.user_id
    )
    where = [(arg.key or "", arg.value) for arg in clauses.pairs["where"]]
    try:
        conditions = build_filter(view, sobject=sobject, pairs=where, ctx=ctx)
    except FilterProblems as found:
        return record_blocks.problems(verb="pick", object_label=noun, found=found.problems)
    values = {arg.key or "": arg.value for arg in clauses.pairs["set"]}
    plan = plan_write(view, sobject=sobject, operation="update", fields=values, ctx=ctx)
    if plan.problems:
        return record_blocks.problems(verb="update", object_label=noun, found=plan.problems)
    if plan.choices:
        choice = plan.choices[0]
        names = ", ".join(escape_mrkdwn(c.name) for c in choice.candidates[:5])
        text = messages.BULK_AMBIGUOUS.format(
            typed=quote_user_text(choice.typed), label=choice.label, names=names
        )
        return notice(text)
    name_field = name_field_of(describe)
    shown_fields = [name_field, *list(plan.values)[:PREVIEW_VALUES]]
    selection = select_records(
        view.sf, sobject=sobject, where=conditions.soql, fields=shown_fields, order_by=name_field
    )
    if selection.more:
        return notice(messages.ADMIN_TOO_MANY.format(limit=MAX_RECORDS, noun=noun))
    if not selection.rows:
        return notice(messages.BULK_NONE.format(noun=noun, filter=conditions.shown))
    change = Change(
        action="bulk_update",
        sobject=sobject,
        records=[
            {
                "sobject": sobject,
                "id": row["Id"],
                "name": str(row.get(name_field) or row["Id"]),
                "fields": plan.values,
            }
            for row in selection.rows
        ],
        params={
            "changes": _changes(plan),
            "noun_one": noun_one,
            "noun_many": noun,
            "filter": conditions.shown,
        },
        lines=[_line(row, name_field=name_field, plan=plan) for row in selection.rows],
    )
    return propose(command, view, change)
