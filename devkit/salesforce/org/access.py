"""Who may do what: object permissions, field-level security and record visibility.

Profiles and permission sets grant object rights as letters (``C``reate, ``R``ead, ``E``dit,
``D``elete), field access (``edit`` by default, ``read`` or ``none``), and View All / Modify All.
Record visibility follows the object's organisation-wide default: ``ReadWrite`` (public read/write),
``Read`` (public read only), ``Private`` (owner only) or ``ControlledByParent`` (the parent
record's access decides). Owners always have full access to their records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from devkit.salesforce.org.definition import OrgDefinition, Profile
from devkit.salesforce.org.store import Store

# Which lookups make a record's parent for ControlledByParent sharing (first visible one wins).
PARENT_FIELDS: dict[str, tuple[str, ...]] = {
    "Contact": ("AccountId",),
    "OpportunityContactRole": ("OpportunityId",),
    "Task": ("WhatId", "WhoId"),
    "Event": ("WhatId", "WhoId"),
    "TaskRelation": ("TaskId",),
    "EventRelation": ("EventId",),
    "ContentDocumentLink": ("LinkedEntityId",),
    "ContentVersion": ("ContentDocumentId",),
    "Note": ("ParentId",),
}
_CONTENT_DOCS = {"ContentNote", "ContentDocument"}


@dataclass
class UserContext:
    """The calling user: their User record and the grants that apply to them."""

    id: str
    username: str
    record: dict[str, Any]
    profile: Profile
    permission_sets: list[Profile] = field(default_factory=list)

    @property
    def grants(self) -> list[Profile]:
        return [self.profile, *self.permission_sets]

    @property
    def view_all(self) -> bool:
        return any(g.view_all for g in self.grants)

    @property
    def modify_all(self) -> bool:
        return any(g.modify_all for g in self.grants)


class Access:
    """Answers permission questions for a user against the org's definition and records."""

    def __init__(self, definition: OrgDefinition, store: Store) -> None:
        self.definition = definition
        self.store = store

    # -- object and field permissions --------------------------------------------------------
    def object_rights(self, user: UserContext, sobject: str) -> str:
        """Letters among ``CRED`` the user holds on ``sobject``."""
        letters: set[str] = set()
        for grant in user.grants:
            letters.update(grant.objects.get(sobject, grant.default) or "")
        if user.modify_all:
            letters.update("CRED")
        obj = self.definition.objects.get(sobject)
        if obj is not None:
            for flag, letter in (
                ("createable", "C"),
                ("updateable", "E"),
                ("deletable", "D"),
                ("queryable", "R"),
            ):
                if not obj.base.get(flag, True):
                    letters.discard(letter)
        return "".join(ch for ch in "CRED" if ch in letters)

    def can(self, user: UserContext, sobject: str, letter: str) -> bool:
        return letter in self.object_rights(user, sobject)

    def field_access(self, user: UserContext, sobject: str, fdesc: dict[str, Any]) -> str:
        """``edit``, ``read`` or ``none`` for one field (FLS applies to permissionable fields)."""
        if not fdesc.get("permissionable") or user.modify_all:
            return "edit"
        rank = {"none": 0, "read": 1, "edit": 2}
        best = 0
        key = f"{sobject}.{fdesc['name']}"
        for grant in user.grants:
            level = grant.fields.get(key)
            if level is None:
                level = "edit" if sobject in grant.objects or grant.default else "none"
            best = max(best, rank[level])
        return ["none", "read", "edit"][best]

    # -- record visibility -------------------------------------------------------------------
    def can_read(self, user: UserContext, record_id: str, _depth: int = 0) -> bool:
        sobject = self.store.type_of(record_id)
        record = self.store.get(record_id)
        if sobject is None or record is None:
            return False
        if not self.can(user, sobject, "R"):
            return False
        if user.view_all or record.get("OwnerId") == user.id:
            return True
        sharing = self._sharing(sobject)
        if sharing in {"Read", "ReadWrite"}:
            return True
        if sharing == "ControlledByParent" and _depth < 4:
            return any(
                self.can_read(user, pid, _depth + 1) for pid in self._parents(sobject, record)
            )
        return False

    def can_edit(self, user: UserContext, record_id: str, _depth: int = 0) -> bool:
        sobject = self.store.type_of(record_id)
        record = self.store.get(record_id)
        if sobject is None or record is None:
            return False
        if user.modify_all:
            return True
        if record.get("OwnerId") == user.id:
            return True
        if sobject == "User":
            return False
        sharing = self._sharing(sobject)
        if sharing == "ReadWrite":
            return True
        if sharing == "ControlledByParent" and _depth < 4:
            return any(
                self.can_edit(user, pid, _depth + 1) for pid in self._parents(sobject, record)
            )
        return False

    def _sharing(self, sobject: str) -> str:
        obj = self.definition.objects.get(sobject)
        return obj.sharing if obj is not None else "Private"

    def _parents(self, sobject: str, record: dict[str, Any]) -> list[str]:
        if sobject in _CONTENT_DOCS:
            return [
                link["LinkedEntityId"]
                for link in self.store.of_type("ContentDocumentLink")
                if link["ContentDocumentId"] == record["Id"] and not link.get("IsDeleted")
            ]
        out = []
        for name in PARENT_FIELDS.get(sobject, ()):
            value = record.get(name)
            if value and value in self.store.records:
                out.append(value)
        return out
