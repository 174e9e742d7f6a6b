"""The records an admin change applies to: one SOQL query, capped, in a stable order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simple_salesforce import format_soql

from bot.salesforce.search import api_name

# A bulk change from Slack is for hundreds or a few thousand records; more belongs in a data
# loader. The whole list is stored with the previewed change, so it must stay reasonable.
MAX_RECORDS = 5000


@dataclass(frozen=True)
class Selection:
    """Matched records (``Id`` plus the selected fields) and whether there were more."""

    rows: list[dict[str, Any]]
    more: bool


def select_records(
    sf: Any,
    *,
    sobject: str,
    where: str,
    fields: Sequence[str],
    order_by: str,
    limit: int = MAX_RECORDS,
) -> Selection:
    """Records of ``sobject`` matching ``where`` (already built with `format_soql`).

    Args:
        sf: The admin's client.
        sobject: Object API name.
        where: A SOQL condition from `bot.salesforce.admin.filters` (escaped literals only).
        fields: Fields to read for the preview.
        order_by: A field API name.
        limit: At most this many; one more is asked for to know whether there are more.
    """
    selected = ", ".join(dict.fromkeys(api_name(name) for name in ("Id", *fields)))
    soql = format_soql(
        "SELECT {:literal} FROM {:literal} WHERE {:literal} ORDER BY {:literal}, Id LIMIT {:d}",
        selected,
        api_name(sobject),
        where,
        api_name(order_by),
        limit + 1,
    )
    rows = [
        {key: value for key, value in row.items() if key != "attributes"}
        for row in sf.query_all(soql).get("records", [])
    ]
    return Selection(rows=rows[:limit], more=len(rows) > limit)
