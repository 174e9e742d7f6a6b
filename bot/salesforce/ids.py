"""Salesforce record ids: 15/18-character forms, key prefixes, and ids in pasted record links.

An id is 15 case-sensitive characters; the 18-character form appends a 3-character checksum of
the letter case (../shared/salesforce/README.md §3.6). The first three characters, the key
prefix, name the object (`001` Account); the global describe lists each object's `keyPrefix`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from bot.escape import quote_user_text

CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ID = re.compile(r"[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?")
_API_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# Hosts where a bare `/<id>` path is a Classic record page.
_SALESFORCE_HOST = re.compile(
    r"(?:^|\.)(?:salesforce\.com|force\.com|cloudforce\.com|salesforce\.mil|crmforce\.mil)$"
)


class InvalidId(ValueError):
    """Text that is not a Salesforce id; `message` is Slack-safe."""

    def __init__(self, typed: str, reason: str) -> None:
        self.typed = typed
        self.message = f"{quote_user_text(typed)} {reason}"
        super().__init__(self.message)


def checksum(id15: str) -> str:
    """The three checksum characters of a 15-character id."""
    suffix = ""
    for chunk in range(3):
        bits = 0
        for i, ch in enumerate(id15[chunk * 5 : chunk * 5 + 5]):
            if "A" <= ch <= "Z":
                bits |= 1 << i
        suffix += CHECKSUM_ALPHABET[bits]
    return suffix


def is_record_id(text: str) -> bool:
    """Whether `text` is a well-formed 15- or 18-character id (checksum included)."""
    if not _ID.fullmatch(text):
        return False
    return len(text) == 15 or checksum(text[:15]) == text[15:]


def to_18(record_id: str) -> str:
    """The 18-character form of a 15- or 18-character id.

    Raises:
        InvalidId: Wrong length, characters, or checksum.
    """
    text = record_id.strip()
    if not _ID.fullmatch(text):
        raise InvalidId(record_id, "isn't a Salesforce id (15 or 18 letters and digits).")
    if len(text) == 18 and checksum(text[:15]) != text[15:]:
        raise InvalidId(record_id, "isn't a valid Salesforce id (its last 3 characters are off).")
    return text[:15] + checksum(text[:15])


def to_15(record_id: str) -> str:
    """The 15-character form (case-sensitive) of a valid id.

    Raises:
        InvalidId: Not a valid id.
    """
    return to_18(record_id)[:15]


def key_prefix(record_id: str) -> str:
    """The first three characters, which name the object."""
    return record_id[:3]


def key_prefixes(global_describe: Mapping[str, Any]) -> dict[str, str]:
    """`{key prefix: object name}` from `GET /sobjects` (objects without a prefix are skipped)."""
    return {
        s["keyPrefix"]: s["name"] for s in global_describe.get("sobjects", []) if s.get("keyPrefix")
    }


def object_for_id(record_id: str, *, prefixes: Mapping[str, str]) -> str | None:
    """The object an id belongs to, from its key prefix, or None if the org has no such prefix."""
    return prefixes.get(key_prefix(record_id))


@dataclass(frozen=True)
class RecordLink:
    """A record found in a pasted link: its object when the link names it, and its 18-char id."""

    object_name: str | None
    record_id: str
    host: str


def parse_record_url(text: str, *, instance_url: str | None = None) -> RecordLink | None:
    """Find the record in a pasted Salesforce link.

    Understands Lightning (`/lightning/r/Opportunity/006…/view`, `/lightning/r/006…/view`,
    `/one/one.app#/sObject/006…/view`) on any host, and Classic (`/006…`, `/006…/e`) on
    Salesforce hosts (My Domain, sandboxes, `na1.salesforce.com`) or on `instance_url`'s host.

    Args:
        text: The pasted text.
        instance_url: The connected org's instance URL, whose host is always accepted.

    Returns:
        The record, or None when the text is not a record link (or its id is invalid).
    """
    try:
        parts = urlsplit(text.strip())
        host = (parts.hostname or "").casefold()
    except ValueError:
        return None
    if parts.scheme.casefold() not in ("http", "https") or not host:
        return None
    path = unquote(parts.path)
    segments = [s for s in path.split("/") if s]
    found: tuple[str | None, str] | None = None
    if len(segments) >= 3 and segments[:2] == ["lightning", "r"]:
        if is_record_id(segments[2]):
            found = (None, segments[2])
        elif len(segments) >= 4 and _API_NAME.fullmatch(segments[2]):
            found = (segments[2], segments[3])
    elif segments[:2] == ["one", "one.app"]:
        frag = [s for s in unquote(parts.fragment).split("/") if s]
        if len(frag) >= 2 and frag[0] == "sObject":
            found = (None, frag[1])
    elif (
        segments
        and len(segments) <= 2
        and (
            _SALESFORCE_HOST.search(host)
            or (instance_url and host == (urlsplit(instance_url).hostname or "").casefold())
        )
    ):
        found = (None, segments[0])
    if found is None or not is_record_id(found[1]):
        return None
    return RecordLink(object_name=found[0], record_id=to_18(found[1]), host=host)
