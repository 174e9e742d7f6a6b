"""`/sf transfer leads from <user> to <user> [where field=value …]`: a previewed owner change.

The preview counts the leads and lists the first few; Confirm moves exactly those (converted
leads are left out: Salesforce doesn't allow editing them). Undo gives each lead its previous
owner back.
"""

from __future__ import annotations

from simple_salesforce import format_soql

from bot.escape import escape_mrkdwn
from bot.salesforce.admin.filters import FilterProblems, build_filter
from bot.salesforce.admin.select import MAX_RECORDS, select_records
from bot.salesforce.orgview import field_names
from bot.slack import messages, record_blocks
from bot.slack.admin.access import admin_view
from bot.slack.admin.changes import Change, propose
from bot.slack.admin.parsing import person, split_clauses, stray_words
from bot.slack.admin.people import one_user
from bot.slack.admin.users import shown
from bot.slack.blocks import Reply, notice
from bot.slack.commands import SlashCommand
from bot.slack.grammar import GrammarError
from bot.slack.records import context

LEAD_WORDS = frozenset({"lead", "leads"})
PREVIEW_FIELDS = ("Name", "Company", "Status")


def filter_problems(found: FilterProblems, *, verb: str, noun: str) -> Reply:
    """Every unusable condition, each with what would be valid."""
    return record_blocks.problems(verb=verb, object_label=noun, found=found.problems)


def transfer(command: SlashCommand) -> Reply | None:
    """The `transfer` verb (admins only)."""
    try:
        clauses = split_clauses(command.args, keywords=("from", "to", "where"))
    except GrammarError as error:
        return notice(error.render())
    objects = clauses.words.get("", [])
    if not objects or not clauses.words.get("from") or not clauses.words.get("to"):
        return notice(messages.TRANSFER_USAGE)
    if len(objects) != 1 or objects[0].value.casefold() not in LEAD_WORDS:
        return notice(messages.TRANSFER_ONLY_LEADS)
    stray = stray_words(clauses, pair_clauses=("where",))
    if stray:
        return notice(stray)
    view = admin_view(command)
    if isinstance(view, Reply):
        return view
    source = one_user(view.sf, person(command.client, clauses.words["from"]), role="current owner")
    if isinstance(source, Reply):
        return source
    target = one_user(view.sf, person(command.client, clauses.words["to"]), role="new owner")
    if isinstance(target, Reply):
        return target
    if source.id == target.id:
        return notice(messages.TRANSFER_SAME_USER.format(user=shown(source)))
    if not target.active:
        return notice(messages.TRANSFER_INACTIVE.format(user=shown(target)))
    pairs = [(arg.key or "", arg.value) for name in clauses.order for arg in clauses.pairs[name]]
    ctx = context.user_context(
        command.services, command.client, team_id=command.team_id or "", user_id=command.user_id
    )
    try:
        conditions = build_filter(view, sobject="Lead", pairs=pairs, ctx=ctx) if pairs else None
    except FilterProblems as found:
        return filter_problems(found, verb="transfer", noun="leads")
    describe = view.describe("Lead")
    where = format_soql("OwnerId = {}", source.id)
    if "IsConverted" in field_names(describe):
        where += " AND IsConverted = false"
    if conditions is not None:
        where += f" AND ({conditions.soql})"
    fields = [name for name in PREVIEW_FIELDS if name in field_names(describe)]
    selection = select_records(view.sf, sobject="Lead", where=where, fields=fields, order_by="Name")
    noun = escape_mrkdwn(str(describe.get("labelPlural") or "leads")).lower()
    noun_one = escape_mrkdwn(str(describe.get("label") or "lead")).lower()
    filter_text = messages.TRANSFER_FILTER.format(conditions=conditions.shown) if conditions else ""
    if selection.more:
        return notice(messages.ADMIN_TOO_MANY.format(limit=MAX_RECORDS, noun=noun))
    if not selection.rows:
        text = messages.TRANSFER_NONE.format(source=shown(source), noun=noun, filter=filter_text)
        return notice(text)
    change = Change(
        action="transfer",
        sobject="Lead",
        records=[
            {
                "sobject": "Lead",
                "id": row["Id"],
                "name": row.get("Name") or row["Id"],
                "fields": {"OwnerId": target.id},
            }
            for row in selection.rows
        ],
        params={
            "source": f"*{escape_mrkdwn(source.name)}*",
            "target": f"*{escape_mrkdwn(target.name)}*",
            "noun_one": noun_one,
            "noun_many": noun,
            "filter": filter_text,
        },
        lines=[_line(row) for row in selection.rows],
    )
    return propose(command, view, change)


def _line(row: dict) -> str:
    parts = [f"*{escape_mrkdwn(str(row.get('Name') or row['Id']))}*"]
    parts += [escape_mrkdwn(str(row[k])) for k in ("Company", "Status") if row.get(k)]
    return "• " + " · ".join(parts)
