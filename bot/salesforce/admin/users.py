"""Salesforce users for admin commands: find one by email, username or name; plan a change.

Freezing sets ``UserLogin.IsFrozen`` (the user can't log in; licences and records stay), and
deactivating sets ``User.IsActive`` (frees the licence). Both are plain field updates that the
``admin_update`` operation writes and undoes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession

MAX_MATCHES = 10
_USER_FIELDS = "Id, Name, Username, Email, IsActive, Profile.Name"


@dataclass(frozen=True)
class Action:
    """One user admin action: which object and field it sets, to what."""

    verb: str
    sobject: str
    field: str
    value: bool
    state: str  # how the user is described once done ("frozen", "active"…)


ACTIONS = {
    "freeze": Action("freeze", "UserLogin", "IsFrozen", True, "frozen"),
    "unfreeze": Action("unfreeze", "UserLogin", "IsFrozen", False, "not frozen"),
    "activate": Action("activate", "User", "IsActive", True, "active"),
    "deactivate": Action("deactivate", "User", "IsActive", False, "inactive"),
}


@dataclass(frozen=True)
class SalesforceUser:
    """A user as the confirmation shows it, with their login record (for freezing)."""

    id: str
    name: str
    username: str
    email: str
    active: bool
    profile: str
    login_id: str | None = None
    frozen: bool | None = None

    def record_for(self, action: Action) -> str | None:
        """The id of the record the action changes (None: the user has no login record)."""
        return self.login_id if action.sobject == "UserLogin" else self.id

    def current(self, action: Action) -> bool | None:
        return self.frozen if action.field == "IsFrozen" else self.active


def find_users(sf: Any, typed: str) -> list[SalesforceUser]:
    """Users matching what an admin typed: exact username or email, else exact name, else part.

    Args:
        sf: The admin's Salesforce client.
        typed: An email, a username, a full name or part of a name.

    Returns:
        Up to `MAX_MATCHES` users, each with their UserLogin when the admin can see it.
    """
    text = typed.strip()
    if not text:
        return []
    queries = []
    if "@" in text:
        queries.append(format_soql("Username = {0} OR Email = {0}", text))
    queries.append(format_soql("Name = {0} OR Alias = {0}", text))
    queries.append(format_soql("Name LIKE '%{:like}%'", text))
    rows: list[dict[str, Any]] = []
    for where in queries:
        soql = format_soql(
            "SELECT {:literal} FROM User WHERE {:literal} ORDER BY Name LIMIT {:d}",
            _USER_FIELDS,
            where,
            MAX_MATCHES,
        )
        rows = sf.query(soql).get("records", [])
        if rows:
            break
    logins = _logins(sf, [row["Id"] for row in rows])
    return [
        SalesforceUser(
            id=row["Id"],
            name=row.get("Name") or row.get("Username") or row["Id"],
            username=row.get("Username") or "",
            email=row.get("Email") or "",
            active=bool(row.get("IsActive")),
            profile=((row.get("Profile") or {}).get("Name")) or "",
            login_id=logins.get(row["Id"], (None, None))[0],
            frozen=logins.get(row["Id"], (None, None))[1],
        )
        for row in rows
    ]


def _logins(sf: Any, user_ids: list[str]) -> dict[str, tuple[str, bool]]:
    if not user_ids:
        return {}
    soql = format_soql("SELECT Id, UserId, IsFrozen FROM UserLogin WHERE UserId IN {}", user_ids)
    try:
        rows = sf.query(soql).get("records", [])
    except SalesforceExpiredSession:
        raise
    except SalesforceError:
        return {}  # no access to logins: activate/deactivate still work, freezing says why not
    return {row["UserId"]: (row["Id"], bool(row.get("IsFrozen"))) for row in rows}
