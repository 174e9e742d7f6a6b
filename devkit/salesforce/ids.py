"""Salesforce record ids: 15/18-character forms, the checksum suffix and key prefixes.

The 18-character form appends three characters that encode, for each 5-character chunk of the
case-sensitive 15-character id, which characters are upper case (see ../shared/salesforce
README §3.6).
"""

from __future__ import annotations

import itertools
import re
import threading

_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ID_RE = re.compile(r"^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$")

MASTER_RECORD_TYPE_ID = "012000000000000AAA"


def checksum(id15: str) -> str:
    """The three-character suffix that turns a 15-character id into its 18-character form."""
    out = []
    for chunk in range(3):
        bits = 0
        for i, ch in enumerate(id15[chunk * 5 : chunk * 5 + 5]):
            if "A" <= ch <= "Z":
                bits |= 1 << i
        out.append(_SUFFIX_ALPHABET[bits])
    return "".join(out)


def to18(value: str) -> str | None:
    """Normalise a 15- or 18-character id to 18 characters; ``None`` if it is not a valid id.

    An 18-character id whose suffix does not match its first 15 characters is invalid, as in
    Salesforce (``malformed id``).
    """
    if not isinstance(value, str) or not _ID_RE.match(value):
        return None
    head = value[:15]
    full = head + checksum(head)
    if len(value) == 18 and value != full:
        return None
    return full


def to15(id18: str) -> str:
    """The case-sensitive 15-character form."""
    return id18[:15]


def key_prefix(record_id: str) -> str:
    """The first three characters, which name the object type."""
    return record_id[:3]


class IdFactory:
    """Hands out new 18-character ids; thread-safe and never repeats within one org.

    Ids look like ``<prefix>Dk<10 base-62 digits><checksum>``: ``Dk`` marks a devkit id (real
    ids carry a pod identifier there), the counter keeps ids sortable by creation order.
    """

    def __init__(self, start: int = 1) -> None:
        self._lock = threading.Lock()
        self._counter = itertools.count(start)
        self.last = start - 1

    def new(self, prefix: str) -> str:
        with self._lock:
            n = next(self._counter)
            self.last = n
        digits = []
        for _ in range(10):
            n, r = divmod(n, 62)
            digits.append(_BASE62[r])
        id15 = prefix + "Dk" + "".join(reversed(digits))
        return id15 + checksum(id15)

    @staticmethod
    def counter_of(record_id: str) -> int:
        """The counter value encoded in an id made by this factory (0 for foreign ids)."""
        if record_id[3:5] != "Dk":
            return 0
        n = 0
        for ch in record_id[5:15]:
            n = n * 62 + _BASE62.index(ch)
        return n
