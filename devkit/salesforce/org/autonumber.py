"""Auto-number fields (``autoNumber: true`` in the describe), e.g. Case.CaseNumber.

Salesforce fills them on insert from the field's display format, ``{00000000}`` for
CaseNumber, counting up per field and never reusing a number (deleted records keep theirs).
A compact field may set ``displayFormat`` such as ``PRJ-{0000}``; the first number is 1000, as
in a new org's cases.
"""

from __future__ import annotations

import re
from typing import Any

from devkit.salesforce.schema.objects import ObjectDef

_FORMAT = re.compile(r"^(.*?)\{(0+)\}(.*)$")
DEFAULT_FORMAT = "{00000000}"
FIRST_NUMBER = 1000


def fill_auto_numbers(org: Any, obj: ObjectDef, record: dict[str, Any]) -> None:
    """Give a new record the next number of each of its auto-number fields."""
    for fdesc in obj.fields:
        if not fdesc.get("autoNumber") or record.get(fdesc["name"]) is not None:
            continue
        compact = obj.compact_fields.get(fdesc["name"], {})
        m = _FORMAT.match(compact.get("displayFormat") or DEFAULT_FORMAT)
        prefix, zeros, suffix = m.groups() if m else ("", "00000000", "")
        used = [
            int(value[len(prefix) : len(value) - len(suffix) or None])
            for rec in org.store.of_type(obj.name)
            if isinstance(value := rec.get(fdesc["name"]), str)
            and value.startswith(prefix)
            and value.endswith(suffix)
            and value[len(prefix) : len(value) - len(suffix) or None].isdigit()
        ]
        number = max(used) + 1 if used else FIRST_NUMBER
        record[fdesc["name"]] = f"{prefix}{number:0{len(zeros)}d}{suffix}"
