"""Restricted picklists narrowed by the record's record type (README §3.2, §3.5).

What Salesforce enforces on API writes, and what it does not:

- A **restricted** picklist accepts only the values its record type offers: a value that is in
  the field's value set but not selected for the record's record type is refused with the same
  ``INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`` error as an unknown value (a frequent cause of that
  error in data loads between orgs whose record types differ).
- An **unrestricted** picklist is not narrowed: the API saves any value, whatever the record
  type (the SOAP API guide's implementation considerations: record-type picklist rules "are not
  enforced in the API"). ``Opportunity.StageName`` is unrestricted in the real describe, so a
  stage outside the record type's business process (e.g. "Prospecting" on a Renewal whose
  process starts at "Qualification") is saved: only the UI offers the process's stages. Its
  stage facts (probability, forecast category, closed/won) still come from the org's stage list.
  Clients must check stages themselves, with ``ui-api/object-info/T/picklist-values/{rtId}``.

Only the fields a request sets are checked, with the record type the record has after the write.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from devkit.salesforce.errors import ApiError
from devkit.salesforce.org.definition import OrgDefinition
from devkit.salesforce.schema.objects import ObjectDef


def check_record_type_values(
    definition: OrgDefinition, obj: ObjectDef, record: dict[str, Any], names: Iterable[str]
) -> None:
    """Refuse restricted picklist values that the record's record type does not offer.

    Raises:
        ApiError: 400 ``INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST`` on the first such value.
    """
    rt_id = record.get("RecordTypeId")
    if not rt_id:
        return
    for name in names:
        fdesc = obj.field(name)
        value = record.get(name)
        if (
            fdesc is None
            or value in (None, "")
            or fdesc["type"] not in {"picklist", "multipicklist"}
            or not fdesc.get("restrictedPicklist")
        ):
            continue
        allowed = definition.record_type_values(rt_id, fdesc["name"])
        if allowed is None:
            continue
        parts = value.split(";") if fdesc["type"] == "multipicklist" else [value]
        for part in parts:
            if part not in allowed:
                raise ApiError.one(
                    400,
                    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                    f"{fdesc['label']}: bad value for restricted picklist field: {part}",
                    [fdesc["name"]],
                )
