"""The running org: definition + records + users, seeded from the definition's data."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from devkit.salesforce.ids import IdFactory
from devkit.salesforce.org.access import Access, UserContext
from devkit.salesforce.org.definition import OrgDefinition, load_definition
from devkit.salesforce.org.store import Store
from devkit.salesforce.org.values import format_datetime

_RELATIVE_DAY = re.compile(r"^today(?:([+-])(\d+))?$")
DEFAULT_PASSWORD = "demo"


class Org:
    """One org's state. Every read or write happens while holding :attr:`lock`."""

    def __init__(self, org: str | Path = "demo", data: str | Path | None = None) -> None:
        self.source = org
        self.store = Store(data)
        self.lock = self.store.lock
        self.definition: OrgDefinition = load_definition(org)
        self.access = Access(self.definition, self.store)
        self._users: dict[str, UserContext] = {}
        self.passwords: dict[str, str] = {}
        with self.lock:
            if self.store.load():
                self._restore_counter()
                self._index_users()
                from devkit.salesforce.org.seed import ensure_organization

                ensure_organization(self)  # data files written before Organization existed
                self.store.flush()
            else:
                self._seed()
            self._index_users()

    # -- ids and time -----------------------------------------------------------------------
    @property
    def ids(self) -> IdFactory:
        return self.definition.ids

    def now(self) -> str:
        return format_datetime(datetime.now(UTC))

    def _restore_counter(self) -> None:
        highest = max((IdFactory.counter_of(rid) for rid in self.store.records), default=0)
        self.definition.ids = IdFactory(max(highest, self.ids.last) + 1)

    # -- users -------------------------------------------------------------------------------
    def _index_users(self) -> None:
        self._users.clear()
        profiles = {p.id: p for p in self.definition.profiles.values()}
        psets = self.definition.permission_sets
        assignments = {
            u["Username"].lower(): u.get("permission_sets", []) for u in self.definition.users
        }
        for rec in self.store.of_type("User"):
            profile = profiles.get(rec.get("ProfileId"))
            if profile is None:
                continue
            names = assignments.get(rec["Username"].lower(), [])
            self._users[rec["Id"]] = UserContext(
                id=rec["Id"],
                username=rec["Username"],
                record=rec,
                profile=profile,
                permission_sets=[psets[n] for n in names if n in psets],
            )
        for spec in self.definition.users:
            self.passwords[spec["Username"].lower()] = spec.get("password", DEFAULT_PASSWORD)

    def user(self, user_id: str) -> UserContext | None:
        ctx = self._users.get(user_id)
        if ctx is not None:
            ctx.record = self.store.get(user_id) or ctx.record
        return ctx

    def user_by_username(self, username: str) -> UserContext | None:
        for ctx in self._users.values():
            if ctx.username.lower() == (username or "").lower():
                return self.user(ctx.id)
        return None

    def user_by_key(self, key: str) -> UserContext | None:
        for spec in self.definition.users:
            if spec.get("key") == key:
                return self.user_by_username(spec["Username"])
        return None

    def check_password(self, username: str, password: str) -> UserContext | None:
        ctx = self.user_by_username(username)
        if ctx is None or not ctx.record.get("IsActive", True):
            return None
        expected = self.passwords.get(username.lower(), DEFAULT_PASSWORD)
        # Salesforce accepts the password followed by the user's security token.
        return ctx if password in {expected, expected + "TOKEN"} else None

    def admin(self) -> UserContext:
        for ctx in self._users.values():
            if ctx.modify_all:
                return self.user(ctx.id)  # type: ignore[return-value]
        raise LookupError("the org has no administrator")

    def default_record_type(self, user: UserContext, sobject: str) -> str | None:
        """The record type a new record gets when the request names none."""
        del user
        rts = [rt for rt in self.definition.record_types_of(sobject) if rt.active]
        if not rts:
            return None
        return next((rt.id for rt in rts if rt.default), rts[0].id)

    # -- seeding -----------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget every record and re-seed from the definition (ids are the same as at start)."""
        with self.lock:
            self.store.clear()
            self.definition = load_definition(self.source)
            self.access.definition = self.definition
            self._seed()
            self._index_users()

    def _seed(self) -> None:
        from devkit.salesforce.org.seed import seed_org

        seed_org(self)
        self.store.flush()

    def resolve_seed_value(self, value: Any, refs: dict[str, str]) -> Any:
        """Seed values: ``@key`` record refs, ``@rt:Obj.DevName`` record types, ``today±N``."""
        if not isinstance(value, str):
            return value
        if value.startswith("@rt:"):
            sobject, dev = value[4:].split(".", 1)
            for rt in self.definition.record_types_of(sobject):
                if rt.developer_name == dev:
                    return rt.id
            raise ValueError(f"unknown record type {value}")
        if value.startswith("@"):
            return refs[value[1:]]
        m = _RELATIVE_DAY.match(value)
        if m:
            days = int(m.group(2) or 0) * (-1 if m.group(1) == "-" else 1)
            return (date.today() + timedelta(days=days)).isoformat()
        return value
