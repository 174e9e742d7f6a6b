"""Declarative validation rules and duplicate rules from the org definition.

A validation rule fires when every condition of ``when`` holds:
``[Field, op, value]`` with ``op`` in ``= != < > <= >=``, or ``[Field, blank]``,
``[Field, not_blank]``, ``[Field, changed]``; the value ``today`` means today's date. It gives
``FIELD_CUSTOM_VALIDATION_EXCEPTION`` with ``fields: [field]`` when the rule names a field, else
``fields: []`` (error shown at the top of the page).

A duplicate rule matches other live records whose ``fields`` are all equal (case-insensitive,
non-blank) and gives ``DUPLICATES_DETECTED`` with the real ``duplicateResut`` body, unless the rule
allows saving and the request sent ``Sforce-Duplicate-Rule-Header: allowSave=true``.
"""

from __future__ import annotations

import operator
from datetime import date
from typing import Any

from devkit.salesforce.errors import ApiError
from devkit.salesforce.org.definition import OrgDefinition
from devkit.salesforce.org.store import Store

_OPS = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
}


def _holds(cond: list[Any], record: dict[str, Any], old: dict[str, Any] | None) -> bool:
    field, op = cond[0], cond[1]
    value = record.get(field)
    if op == "blank":
        return value is None or value == ""
    if op == "not_blank":
        return not (value is None or value == "")
    if op == "changed":
        return old is not None and old.get(field) != value
    target = cond[2] if len(cond) > 2 else None
    if target == "today":
        target = date.today().isoformat()
    if value is None or target is None:
        return op == "=" and value == target or op == "!=" and value != target
    try:
        return bool(_OPS[op](value, target))
    except TypeError:
        return False


def check_validation_rules(
    definition: OrgDefinition, sobject: str, record: dict[str, Any], old: dict[str, Any] | None
) -> None:
    """Raise FIELD_CUSTOM_VALIDATION_EXCEPTION for the first rule that fires."""
    for rule in definition.validation_rules:
        if rule["object"] != sobject or not rule.get("active", True):
            continue
        if all(_holds(c, record, old) for c in rule["when"]):
            fields = [rule["field"]] if rule.get("field") else []
            raise ApiError.one(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", rule["message"], fields)


def _norm(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def check_duplicates(
    definition: OrgDefinition,
    store: Store,
    sobject: str,
    record: dict[str, Any],
    *,
    allow_save: bool,
    version: str,
) -> None:
    """Raise DUPLICATES_DETECTED when a duplicate rule matches another record."""
    for rule in definition.duplicate_rules:
        if rule["object"] != sobject:
            continue
        keys = [_norm(record.get(f)) for f in rule["fields"]]
        if any(k in (None, "") for k in keys):
            continue
        matches = [
            other["Id"]
            for other in store.of_type(sobject)
            if other["Id"] != record["Id"]
            and not other.get("IsDeleted")
            and [_norm(other.get(f)) for f in rule["fields"]] == keys
        ]
        if not matches:
            continue
        if rule.get("allow_save") and allow_save:
            continue
        message = rule["message"]
        body = {
            "duplicateResut": {
                "allowSave": bool(rule.get("allow_save")),
                "duplicateRule": rule["name"],
                "duplicateRuleEntityType": sobject,
                "errorMessage": message,
                "matchResults": [
                    {
                        "entityType": sobject,
                        "errors": [],
                        "matchEngine": rule.get("match_engine", "ExactMatchEngine"),
                        "matchRecords": [
                            {
                                "additionalInformation": [],
                                "fieldDiffs": [],
                                "matchConfidence": 100.0,
                                "record": {
                                    "attributes": {
                                        "type": sobject,
                                        "url": f"/services/data/v{version}/sobjects/"
                                        f"{sobject}/{rid}",
                                    },
                                    "Id": rid,
                                },
                            }
                            for rid in matches
                        ],
                        "rule": rule.get("match_rule", rule["name"]),
                        "size": len(matches),
                        "success": True,
                    }
                ],
            },
            "errorCode": "DUPLICATES_DETECTED",
            "message": message,
        }
        raise ApiError(400, [body])
