"""Fill a fresh org: profiles, record types, users and the definition's seed records."""

from __future__ import annotations

from typing import Any

from devkit.salesforce.org.access import UserContext

_USER_DEFAULTS = {
    "TimeZoneSidKey": "America/Los_Angeles",
    "LocaleSidKey": "en_US",
    "LanguageLocaleKey": "en_US",
    "EmailEncodingKey": "UTF-8",
    "IsActive": True,
    "UserType": "Standard",
}


# Organization-wide default (sharing) → the Organization record's Default<Object>Access value.
_ACCESS = {
    "Private": "None",
    "Read": "Read",
    "ReadWrite": "Edit",
    "ControlledByParent": "ControlledByParent",
}
_TRANSFER = {"Lead", "Case"}  # their public read/write default is called ReadEditTransfer


def _blank(org: Any, sobject: str) -> dict[str, Any]:
    return {f["name"]: None for f in org.definition.objects[sobject].fields}


def _audit(record: dict[str, Any], now: str, user_id: str | None) -> None:
    for name, value in (
        ("CreatedDate", now),
        ("LastModifiedDate", now),
        ("SystemModstamp", now),
        ("CreatedById", user_id),
        ("LastModifiedById", user_id),
        ("IsDeleted", False),
    ):
        if name in record:
            record[name] = value


def seed_org(org: Any) -> None:
    """Create the definition's metadata records, users and seed data in the store."""
    from devkit.salesforce.org.dml import WriteOptions, create

    definition = org.definition
    now = org.now()
    for profile in definition.profiles.values():
        rec = _blank(org, "Profile")
        rec.update(Id=profile.id, Name=profile.name, UserType="Standard")
        _audit(rec, now, None)
        org.store.put("Profile", rec)
    refs: dict[str, str] = {}
    user_ids = []
    for spec in definition.users:
        rec = _blank(org, "User")
        rec.update(_USER_DEFAULTS)
        rec.update({k: v for k, v in spec.items() if k[0].isupper()})
        uid = definition.ids.new("005")
        local = spec["Username"].split("@")[0]
        rec.update(
            Id=uid,
            ProfileId=definition.profiles[spec["profile"]].id,
            Email=spec.get("Email", spec["Username"]),
            CommunityNickname=spec.get("CommunityNickname", local),
            Name=" ".join(p for p in (spec.get("FirstName"), spec["LastName"]) if p),
        )
        _audit(rec, now, uid)
        org.store.put("User", rec)
        if "UserLogin" in definition.objects:
            login = _blank(org, "UserLogin")
            login.update(
                Id=definition.ids.new("060"),
                UserId=uid,
                IsFrozen=False,
                IsPasswordLocked=False,
                LastModifiedDate=now,
                LastModifiedById=uid,
            )
            org.store.put("UserLogin", login)
        refs[spec.get("key", local)] = uid
        user_ids.append(uid)
    first = user_ids[0] if user_ids else None
    for rt in definition.record_types.values():
        rec = _blank(org, "RecordType")
        rec.update(
            Id=rt.id,
            Name=rt.name,
            DeveloperName=rt.developer_name,
            Description=rt.description,
            SobjectType=rt.sobject,
            IsActive=rt.active,
        )
        _audit(rec, now, first)
        org.store.put("RecordType", rec)
    org._index_users()
    ensure_organization(org)
    admin: UserContext = org.admin()
    for sobject, rows in definition.seed.items():
        for row in rows:
            body = {k: org.resolve_seed_value(v, refs) for k, v in row.items() if k != "key"}
            rid = create(org, admin, sobject, body, opts=WriteOptions(system=True))
            if "key" in row:
                refs[row["key"]] = rid


def ensure_organization(org: Any) -> None:
    """Store the org's Organization record (Id = the org id) unless it is there already.

    Values are those of a fresh Developer Edition org (see the captured record in
    ../shared/salesforce/misc), overridden by the definition's ``organization:`` block.
    """
    definition = org.definition
    if org.store.get(definition.org_id) is not None:
        return
    users = list(org.store.of_type("User"))
    admins = [u for u in users if org.user(u["Id"]) and org.user(u["Id"]).modify_all]
    first = (admins or users or [{}])[0]
    now = org.now()
    rec = _blank(org, "Organization")
    for fdesc in definition.objects["Organization"].fields:
        if fdesc["type"] == "boolean":
            rec[fdesc["name"]] = False
    rec.update(
        Id=definition.org_id,
        Name=definition.name,
        Country="US",
        PrimaryContact=first.get("Name"),
        DefaultLocaleSidKey="en_US",
        TimeZoneSidKey="America/Los_Angeles",
        LanguageLocaleKey="en_US",
        ReceivesInfoEmails=True,
        ReceivesAdminInfoEmails=True,
        PreferencesConsentManagementEnabled=True,
        PreferencesLightningLoginEnabled=True,
        FiscalYearStartMonth=1,
        DefaultCalendarAccess="HideDetailsInsert",
        DefaultPricebookAccess="ReadSelect",
        DefaultCampaignAccess="All",
        UiSkin="Theme3",
        SignupCountryIsoCode="US",
        NumKnowledgeService=0,
        OrganizationType="Developer Edition",
        InstanceName="DK1",
        IsSandbox=False,
        WebToCaseDefaultOrigin="Web",
        MonthlyPageViewsUsed=0,
        MonthlyPageViewsEntitlement=0,
        IsReadOnly=False,
    )
    for sobject in ("Account", "Contact", "Opportunity", "Lead", "Case"):
        obj = definition.objects.get(sobject)
        access = _ACCESS.get(obj.sharing if obj is not None else "ReadWrite", "Edit")
        if access == "Edit" and sobject in _TRANSFER:
            access = "ReadEditTransfer"
        rec[f"Default{sobject}Access"] = access
    rec.update({k: v for k, v in definition.organization.items() if k in rec and k != "Id"})
    _audit(rec, now, first.get("Id"))
    org.store.put("Organization", rec)
