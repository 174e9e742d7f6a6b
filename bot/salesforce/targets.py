"""The record a note, activity or tag command names: a name, an id or a pasted link.

A small stand-in for the records feature's resolver (issue 6, `bot.salesforce.resolve`), kept
separate so it can be swapped for that one: ids and links cost one request (existence and
visibility), names one SOSL search over the picker objects (`bot.salesforce.picker`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simple_salesforce.exceptions import SalesforceResourceNotFound

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce import picker
from bot.salesforce.ids import InvalidId, is_record_id, key_prefixes, parse_record_url, to_18
from bot.salesforce.records import api_name
from bot.salesforce.search import records_named_sosl
from bot.salesforce.values import ValueProblem

NAME_FIELDS = ("Name", "Subject", "Title", "CaseNumber")
MAX_CHOICES = 5
MESSAGES = {
    "ambiguous": "Several records match {typed}: {names}. Use a longer name, the id or a link.",
    "not_found": "I found no {objects} named {typed}.",
    "invisible": "{typed} doesn't exist, or you can't see it in Salesforce.",
    "wrong_object": "{typed} is a {actual}; this needs {expected}.",
}


@dataclass(frozen=True)
class Target:
    """A record found: its object, 18-character id and name."""

    sobject: str
    record_id: str
    name: str


@dataclass
class TargetLookup:
    """A record, several candidates, or a Slack-safe problem."""

    typed: str
    target: Target | None = None
    choices: list[Target] = field(default_factory=list)
    problem: str | None = None


def _name_of(row: Mapping[str, Any]) -> str:
    return next((str(row[n]) for n in NAME_FIELDS if row.get(n)), str(row.get("Id", "")))


def find_target(
    sf: Any,
    typed: str,
    *,
    global_describe: Mapping[str, Any],
    instance_url: str | None = None,
    objects: Sequence[str] | None = None,
) -> TargetLookup:
    """Resolve what a user typed to one record they can see.

    Args:
        sf: simple-salesforce acting as the user.
        typed: A name, a 15/18-character id or a Salesforce record link.
        global_describe: The user's global describe (key prefixes, searchable objects).
        instance_url: The org's instance URL (its host is accepted for Classic links).
        objects: Only these objects are acceptable (and searched by name).
    """
    text = typed.strip().strip("<>").split("|", 1)[0] if typed.strip().startswith("<") else typed
    text = text.strip()
    found = _id_in(text, global_describe, instance_url)
    if isinstance(found, str):
        return TargetLookup(typed=typed, problem=found)
    if found is not None:
        sobject, record_id = found
        if objects is not None and sobject not in objects:
            message = MESSAGES["wrong_object"].format(
                typed=quote_user_text(typed),
                actual=escape_mrkdwn(sobject),
                expected=" or ".join(escape_mrkdwn(o) for o in objects),
            )
            return TargetLookup(typed=typed, problem=message)
        try:
            row = getattr(sf, api_name(sobject)).get(record_id)
        except SalesforceResourceNotFound:
            invisible = MESSAGES["invisible"].format(typed=quote_user_text(typed))
            return TargetLookup(typed=typed, problem=invisible)
        return TargetLookup(typed=typed, target=Target(sobject, record_id, _name_of(row)))
    return _by_name(sf, typed, text, global_describe, objects)


def _id_in(
    text: str, global_describe: Mapping[str, Any], instance_url: str | None
) -> tuple[str, str] | str | None:
    prefixes = key_prefixes(global_describe)
    if "://" in text:
        link = parse_record_url(text, instance_url=instance_url)
        if link is None:
            return MESSAGES["invisible"].format(typed=quote_user_text(text))
        sobject = link.object_name or prefixes.get(link.record_id[:3])
        if sobject is None:
            return MESSAGES["invisible"].format(typed=quote_user_text(text))
        return sobject, link.record_id
    if is_record_id(text) and any(ch.isdigit() for ch in text):
        try:
            record_id = to_18(text)
        except InvalidId as exc:
            return exc.message
        sobject = prefixes.get(record_id[:3])
        if sobject is None:
            return MESSAGES["invisible"].format(typed=quote_user_text(text))
        return sobject, record_id
    return None


def _by_name(
    sf: Any,
    typed: str,
    text: str,
    global_describe: Mapping[str, Any],
    objects: Sequence[str] | None,
) -> TargetLookup:
    searched = picker.picker_objects(
        global_describe, standard=tuple(objects) if objects else picker.STANDARD_OBJECTS
    )
    if objects is not None:
        searched = [(name, label) for name, label in searched if name in objects]
    described = ", ".join(label.lower() for _name, label in searched) or "record"
    not_found = MESSAGES["not_found"].format(objects=described, typed=quote_user_text(typed))
    try:
        query = records_named_sosl(
            text=text, returning={name: ["Id", "Name"] for name, _ in searched}, limit=10
        )
    except ValueProblem as exc:
        return TargetLookup(typed=typed, problem=exc.message)
    if not searched:
        return TargetLookup(typed=typed, problem=not_found)
    rows = sf.search(query).get("searchRecords", [])
    found = [
        Target(str((r.get("attributes") or {}).get("type")), to_18(str(r["Id"])), _name_of(r))
        for r in rows
    ]
    exact = [
        t for t in found if " ".join(t.name.split()).casefold() == " ".join(text.split()).casefold()
    ]  # noqa: E501
    pool = exact or found
    if len(pool) == 1:
        return TargetLookup(typed=typed, target=pool[0])
    if not pool:
        return TargetLookup(typed=typed, problem=not_found)
    names = ", ".join(quote_user_text(f"{t.name} ({t.sobject})") for t in pool[:MAX_CHOICES])
    message = MESSAGES["ambiguous"].format(typed=quote_user_text(typed), names=names)
    return TargetLookup(typed=typed, choices=pool[:MAX_CHOICES], problem=message)
