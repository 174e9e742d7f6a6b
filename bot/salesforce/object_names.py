"""What users type → Salesforce objects: the object a command names, and the ones to search.

Object names come from the global describe (API names, labels, plurals, any case, custom `__c`
objects), with "did you mean …" for near misses. Messages are Slack-safe.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz, process

from bot.escape import escape_mrkdwn, quote_user_text
from bot.salesforce.fields import normalize_name
from bot.salesforce.orgview import OrgView

# Searched when a command names a record without saying what kind it is.
DEFAULT_OBJECTS = ("Opportunity", "Account", "Contact", "Lead", "Case")
MAX_SEARCH_OBJECTS = 10

MESSAGES = {
    "no_object": "I don't know the object {typed}.",
    "did_you_mean": " Did you mean {suggestions}?",
    "object_hint": " Try an object such as {examples}.",
}


class ObjectNotFound(LookupError):
    """No object of the org matches the typed name; `message` is Slack-safe."""

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = tuple(suggestions)


def _object_keys(entry: Mapping[str, Any]) -> list[str]:
    name = str(entry["name"])
    keys = [
        name,
        name.removesuffix("__c"),
        entry.get("label") or "",
        entry.get("labelPlural") or "",
    ]
    return [normalize_name(key) for key in keys if key]


def resolve_object(
    typed: str,
    global_describe: Mapping[str, Any],
    *,
    usable: Callable[[Mapping[str, Any]], bool] | None = None,
) -> Mapping[str, Any]:
    """The global-describe entry of the object a user typed (`opportunity`, `Project__c`).

    Args:
        typed: The object as typed.
        global_describe: `GET sobjects`.
        usable: Which objects count (e.g. createable ones); all queryable ones by default.

    Raises:
        ObjectNotFound: Nothing matches; the message suggests close names.
    """
    keep = usable or (lambda e: bool(e.get("queryable", True)))
    entries = [e for e in global_describe.get("sobjects", []) if keep(e)]
    wanted = normalize_name(typed)
    for entry in entries:
        if wanted and wanted in _object_keys(entry):
            return entry
    choices = {key: entry for entry in entries for key in _object_keys(entry)}
    found = process.extract(wanted, list(choices), scorer=fuzz.ratio, limit=6, score_cutoff=70)
    names = list(dict.fromkeys(str(choices[key]["label"]) for key, _s, _i in found))[:3]
    message = MESSAGES["no_object"].format(typed=quote_user_text(typed))
    if names:
        message += MESSAGES["did_you_mean"].format(
            suggestions=" or ".join(f"`{escape_mrkdwn(n.casefold())}`" for n in names)
        )
    else:
        message += MESSAGES["object_hint"].format(examples="`opportunity`, `contact` or `account`")
    raise ObjectNotFound(message, names)


def search_objects(view: OrgView, *, keep: Callable[[str], bool] | None = None) -> list[str]:
    """Objects to search when the user did not say which: the usual ones, then custom ones."""
    entries = view.describe_global().get("sobjects", [])
    searchable = {
        str(e["name"]): e for e in entries if e.get("searchable") and e.get("queryable", True)
    }
    names = [name for name in DEFAULT_OBJECTS if name in searchable]
    names += sorted(
        name
        for name, entry in searchable.items()
        if entry.get("custom") and not entry.get("customSetting") and name.endswith("__c")
    )
    if keep is not None:
        names = [name for name in names if keep(name)]
    return names[:MAX_SEARCH_OBJECTS]
