"""One user's view of their Salesforce org: a client plus the cached metadata it sees.

Describes depend on the user (field-level security), so every lookup is keyed by org and
Salesforce user. With warm caches none of these methods calls Salesforce.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.salesforce.ids import key_prefixes
from bot.salesforce.links import record_url
from bot.salesforce.validate import record_type_picklists


@dataclass
class OrgView:
    """A Salesforce client and the describe cache, for one Salesforce user.

    Attributes:
        sf: simple-salesforce acting as the user (`bot.salesforce.client.SalesforceSession`).
        cache: The shared `bot.salesforce.describe.DescribeCache`.
        org_id: The org's id (cache key).
        sf_user_id: The Salesforce user's id (cache key).
        instance_url: Where the org lives, for record links.
        connection_id: The stored connection the client uses (None for the integration user).
    """

    sf: Any
    cache: Any
    org_id: str
    sf_user_id: str
    instance_url: str
    connection_id: int | None = None
    _prefixes: dict[str, str] | None = field(default=None, repr=False)

    def describe(self, sobject: str) -> dict[str, Any]:
        """The object's describe as this user sees it."""
        return self.cache.describe(
            self.sf, org_id=self.org_id, sf_user_id=self.sf_user_id, sobject=sobject
        )

    def describe_global(self) -> dict[str, Any]:
        """The global describe (every object with labels and key prefixes)."""
        return self.cache.describe_global(self.sf, org_id=self.org_id, sf_user_id=self.sf_user_id)

    def key_prefixes(self) -> dict[str, str]:
        """`{key prefix: object API name}`."""
        if self._prefixes is None:
            self._prefixes = key_prefixes(self.describe_global())
        return self._prefixes

    def object_for_id(self, record_id: str) -> str | None:
        return self.key_prefixes().get(record_id[:3])

    def record_type_values(
        self, describe: Mapping[str, Any], record_type_id: str | None
    ) -> dict[str, list[str]]:
        """Picklist values valid for a record type (the default one when None), or `{}`.

        Objects without record types (only the master one) have no restriction beyond their
        own picklists, so nothing is fetched for them.
        """
        infos = [i for i in describe.get("recordTypeInfos") or [] if not i.get("master")]
        if not infos:
            return {}
        wanted = record_type_id or next(
            (i["recordTypeId"] for i in infos if i.get("defaultRecordTypeMapping")), None
        )
        if not wanted or wanted[:15] not in {str(i["recordTypeId"])[:15] for i in infos}:
            return {}
        payload = self.cache.picklist_values(
            self.sf,
            org_id=self.org_id,
            sf_user_id=self.sf_user_id,
            sobject=describe["name"],
            record_type_id=wanted,
        )
        return record_type_picklists(payload)

    def link(self, *, sobject: str, record_id: str) -> str:
        """The browser link to a record."""
        return record_url(instance_url=self.instance_url, object_name=sobject, record_id=record_id)


def name_field_of(describe: Mapping[str, Any]) -> str:
    """The object's name field (`Name`, `CaseNumber`, `Subject`…)."""
    return next((f["name"] for f in describe.get("fields", []) if f.get("nameField")), "Name")


def field_names(describe: Mapping[str, Any]) -> set[str]:
    return {f["name"] for f in describe.get("fields", [])}


def present(describe: Mapping[str, Any], names: Sequence[str]) -> list[str]:
    """The names among `names` that the object has (and this user may see)."""
    known = field_names(describe)
    return [name for name in names if name in known]
