"""What users type → Salesforce records (object names are `bot.salesforce.object_names`).

Records come from a name (SOSL on name fields, exact names first), an 15/18-character id or a
pasted Lightning/Classic link (format and key prefix checked, then existence and visibility with
one request). Every SOQL/SOSL literal goes through `bot.salesforce.search` (escaped). Messages
are Slack-safe.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceError, SalesforceResourceNotFound

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.convert import ReferenceToResolve
from bot.salesforce.ids import InvalidId, is_record_id, parse_record_url, to_18
from bot.salesforce.object_names import search_objects
from bot.salesforce.orgview import OrgView, name_field_of, present
from bot.salesforce.search import records_named_soql, records_named_sosl
from bot.salesforce.values import ValueProblem

logger = logging.getLogger(__name__)

MAX_CHOICES = 5
# A few fields that tell records with the same name apart, where the object has them.
DETAIL_FIELDS: dict[str, tuple[str, ...]] = {
    "Account": ("BillingCity", "Type"),
    "Contact": ("Email", "Title"),
    "Lead": ("Company", "Email"),
    "Opportunity": ("StageName", "CloseDate"),
    "Case": ("Subject", "Status"),
    "User": ("Email", "Title"),
}

MESSAGES = {
    "not_named": "There is no {object} named {typed}.",
    "close": " Close matches: {names}.",
    "deleted": "{typed} was deleted (it is in the Recycle Bin).",
    "id_length": (
        "{typed} looks like an id ({object}) but has {count} characters: a Salesforce id has 15 "
        "or 18 characters. Copy it again from the record's page or link."
    ),
    "id_checksum": (
        "{typed} looks like an id ({object}) but isn't a valid one (its last 3 characters don't "
        "match the first 15). Copy it again from the record's page or link."
    ),
    "invisible": "{typed} doesn't exist, or you can't see it in Salesforce.",
    "wrong_object": "{typed} is a {actual}, not a {expected}.",
    "not_a_record": "{typed} isn't a record name, id or Salesforce link I can use.",
}


@dataclass(frozen=True)
class Candidate:
    """A record found for what the user typed.

    Attributes:
        sobject: Its object's API name.
        record_id: Its 18-character id.
        name: Its name (name field value).
        detail: A short description that tells it apart (city, stage…), already escaped.
        record_type_id: Its record type, when the object has record types.
    """

    sobject: str
    record_id: str
    name: str
    detail: str = ""
    record_type_id: str | None = None


@dataclass
class Resolution:
    """The outcome of resolving one typed record: found, several to pick from, or a problem."""

    typed: str
    record: Candidate | None = None
    choices: list[Candidate] = field(default_factory=list)
    problem: str | None = None

    @property
    def ambiguous(self) -> bool:
        return self.record is None and bool(self.choices)


def _returning(view: OrgView, sobject: str) -> tuple[str, list[str]]:
    describe = view.describe(sobject)
    name = name_field_of(describe)
    extra = present(describe, DETAIL_FIELDS.get(sobject, ()))
    if describe.get("recordTypeInfos") and len(describe["recordTypeInfos"]) > 1:
        extra += present(describe, ("RecordTypeId",))
    return name, ["Id", name, *[f for f in extra if f != name]]


def _candidate(row: Mapping[str, Any], sobject: str, name_field: str) -> Candidate:
    details = [str(row[f]) for f in DETAIL_FIELDS.get(sobject, ()) if row.get(f) not in (None, "")]
    return Candidate(
        sobject=sobject,
        record_id=to_18(str(row["Id"])),
        name=str(row.get(name_field) or row["Id"]),
        detail=escape_mrkdwn(" · ".join(details)),
        record_type_id=row.get("RecordTypeId"),
    )


def find_records(
    view: OrgView,
    text: str,
    objects: Sequence[str],
    *,
    limit: int = 10,
    prefix: bool = False,
    scope: str = "NAME",
) -> list[Candidate]:
    """SOSL over `objects` for `text`: records whose name (or any field for ALL) matches.

    Raises:
        ValueProblem: The text is too short to search for.
    """
    returning: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for sobject in objects:
        names[sobject], returning[sobject] = _returning(view, sobject)
    if not returning:
        return []
    query = records_named_sosl(
        text=text, returning=returning, limit=limit, scope=scope, prefix=prefix
    )
    rows = view.sf.search(query).get("searchRecords", [])
    found = []
    for row in rows:
        row_type = (row.get("attributes") or {}).get("type")
        if row_type in names:
            found.append(_candidate(row, row_type, names[row_type]))
    return found


def _exact_by_soql(view: OrgView, text: str, sobject: str) -> list[Candidate]:
    name, fields = _returning(view, sobject)
    soql = records_named_soql(object_name=sobject, name=text, fields=fields, name_field=name)
    return [_candidate(row, sobject, name) for row in view.sf.query(soql).get("records", [])]


def _by_name(view: OrgView, typed: str, objects: Sequence[str], label: str) -> Resolution:
    text = " ".join(typed.split())
    try:
        found = find_records(view, text, objects, limit=MAX_CHOICES * 2)
    except ValueProblem:
        # Too short for SOSL (one letter): only an exact name can match.
        found = [c for sobject in objects for c in _exact_by_soql(view, text, sobject)]
    exact = [c for c in found if c.name.casefold() == text.casefold()]
    pool = exact or found
    if len(pool) == 1:
        return Resolution(typed=typed, record=pool[0])
    if pool:
        return Resolution(typed=typed, choices=pool[:MAX_CHOICES])
    message = MESSAGES["not_named"].format(object=label, typed=quote_user_text(typed))
    close = _close_matches(view, text, objects)
    if close:
        message += MESSAGES["close"].format(names=", ".join(quote_user_text(n) for n in close))
    return Resolution(typed=typed, problem=message)


def _close_matches(view: OrgView, text: str, objects: Sequence[str]) -> list[str]:
    """Names like `text`: records whose words start like the typed ones, ranked by likeness."""
    stems = [word[:3] for word in text.split() if sum(ch.isalnum() for ch in word[:3]) >= 2]
    if not stems:
        return []
    try:
        found = find_records(view, stems[0], objects, limit=20, prefix=True)
    except (ValueProblem, SalesforceError):
        return []
    names = list(dict.fromkeys(c.name for c in found))
    ranked = process.extract(text, names, scorer=fuzz.WRatio, limit=3, score_cutoff=60)
    return [name for name, _score, _i in ranked]


def _by_id(view: OrgView, typed: str, record_id: str, sobject: str) -> Resolution:
    name, fields = _returning(view, sobject)
    try:
        row = getattr(view.sf, sobject).get(f"{record_id}?fields={','.join(fields)}")
    except SalesforceResourceNotFound:
        key = "deleted" if _is_deleted(view, sobject, record_id) else "invisible"
        return Resolution(typed=typed, problem=MESSAGES[key].format(typed=quote_user_text(typed)))
    return Resolution(typed=typed, record=_candidate(row, sobject, name))


def _is_deleted(view: OrgView, sobject: str, record_id: str) -> bool:
    soql = format_soql("SELECT Id, IsDeleted FROM {:literal} WHERE Id = {}", sobject, record_id)
    try:
        rows = view.sf.query(soql, include_deleted=True).get("records", [])
    except SalesforceError:
        return False
    return any(row.get("IsDeleted") for row in rows)


def _id_and_object(view: OrgView, typed: str) -> tuple[str, str | None] | None:
    text = typed.strip()
    if "://" in text:
        link = parse_record_url(text, instance_url=view.instance_url)
        if link is None:
            return None
        # The id's key prefix wins over the object in the path (a hand-edited or mixed-up link).
        return link.record_id, view.object_for_id(link.record_id) or link.object_name
    if is_record_id(text):
        record_id = to_18(text)
        return record_id, view.object_for_id(record_id)
    return None


def resolve_reference(view: OrgView, ref: ReferenceToResolve) -> Resolution:
    """Resolve a lookup value (`account=Acme`, an id or a link) to one record.

    An id or link costs one request (existence and visibility); a name one SOSL search.
    """
    targets = [t for t in ref.targets if t not in ("Group",)] or list(ref.targets)
    label = escape_mrkdwn(ref.label)
    if ref.record_id is not None:
        sobject = ref.object_name or view.object_for_id(ref.record_id) or targets[0]
        return _by_id(view, ref.typed, ref.record_id, sobject)
    return _by_name(view, ref.typed, targets, label)


def resolve_record(
    view: OrgView, typed: str, *, objects: Sequence[str] | None = None
) -> Resolution:
    """Resolve the record a command names (update, delete, show) by name, id or link.

    Args:
        view: The user's org.
        typed: What they typed.
        objects: Objects to search by name (default: `search_objects`).
    """
    try:
        found = _id_and_object(view, typed)
    except InvalidId as exc:
        return Resolution(typed=typed, problem=exc.message)
    if found is not None:
        record_id, sobject = found
        if sobject is None:
            return Resolution(
                typed=typed, problem=MESSAGES["invisible"].format(typed=quote_user_text(typed))
            )
        if objects is not None and sobject not in objects:
            message = MESSAGES["wrong_object"].format(
                typed=quote_user_text(typed),
                actual=escape_mrkdwn(sobject),
                expected=" or ".join(escape_mrkdwn(o) for o in objects),
            )
            return Resolution(typed=typed, problem=message)
        return _by_id(view, typed, record_id, sobject)
    if "://" in typed:
        return Resolution(
            typed=typed, problem=MESSAGES["not_a_record"].format(typed=quote_user_text(typed))
        )
    broken = _broken_id(view, typed)
    if broken is not None:
        return Resolution(typed=typed, problem=broken)
    label = _objects_label(objects) if objects else "record"
    objects = list(objects) if objects is not None else search_objects(view)
    return _by_name(view, typed, objects, label)


_ID_SHAPED = re.compile(r"[a-zA-Z0-9]{12,21}")
ID_MIN_DIGITS = 4  # ids are mostly digits after the key prefix; names and words are not


def _broken_id(view: OrgView, typed: str) -> str | None:
    """Why text shaped like an id (a known key prefix, digits) isn't one: a cut or mistyped id
    would otherwise be searched as a name and get a puzzling "no record named …"."""
    text = typed.strip()
    if not _ID_SHAPED.fullmatch(text) or sum(c.isdigit() for c in text) < ID_MIN_DIGITS:
        return None
    sobject = view.object_for_id(text)
    if sobject is None:
        return None
    if len(text) not in (15, 18):
        key, count = "id_length", len(text)
    elif not is_record_id(text):
        key, count = "id_checksum", 18
    else:
        return None
    return MESSAGES[key].format(typed=quote_user_text(text), object=escape_mrkdwn(sobject),
                                count=count)  # fmt: skip


def _objects_label(objects: Sequence[str]) -> str:
    """`Opportunity`, `Opportunity or Task`, `Opportunity, Task or Event` (for "no … named")."""
    names = [escape_mrkdwn(o) for o in objects]
    if len(names) > 3:  # a broad search: naming every object would only be noise
        return "record"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
