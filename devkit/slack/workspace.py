"""The simulated workspace: team, users and channels, rendered in the Web API's shapes."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo


@dataclass
class User:
    """A Slack user. ``email`` matches the devkit Salesforce demo users by default."""

    id: str
    name: str
    real_name: str = ""
    email: str | None = None
    tz: str = "Europe/London"
    locale: str = "en-GB"
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False

    def to_api(self, *, team_id: str, with_email: bool, with_locale: bool = False) -> dict:
        """The ``user`` object of users.info / users.lookupByEmail."""
        offset = _dt.datetime.now(ZoneInfo(self.tz)).utcoffset() or _dt.timedelta(0)
        first, _, last = (self.real_name or self.name).partition(" ")
        profile = {
            "real_name": self.real_name or self.name,
            "real_name_normalized": self.real_name or self.name,
            "display_name": self.name,
            "display_name_normalized": self.name,
            "first_name": first,
            "last_name": last,
            "status_text": "",
            "status_emoji": "",
            "avatar_hash": "g" + format(abs(hash(self.id)) % 16**11, "011x"),
            "image_48": f"https://avatars.example/{self.id}_48.png",
            "image_72": f"https://avatars.example/{self.id}_72.png",
            "team": team_id,
        }
        if with_email and self.email:
            profile["email"] = self.email
        user = {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": self.deleted,
            "color": "9f69e7",
            "real_name": self.real_name or self.name,
            "tz": self.tz,
            "tz_label": self.tz,
            "tz_offset": int(offset.total_seconds()),
            "profile": profile,
            "is_admin": self.is_admin,
            "is_owner": self.is_owner,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": 1700000000,
            "is_email_confirmed": bool(self.email),
        }
        if with_locale:
            user["locale"] = self.locale
        return user


@dataclass
class Channel:
    """A conversation. ``bot_member`` says whether the app's bot user is in it."""

    id: str
    name: str
    members: set[str] = field(default_factory=set)
    is_private: bool = False
    is_im: bool = False
    bot_member: bool = True
    topic: str = ""

    def to_api(self) -> dict:
        """The ``channel`` object of conversations.info."""
        data = {
            "id": self.id,
            "created": 1654868334,
            "is_archived": False,
            "is_im": self.is_im,
            "is_org_shared": False,
            "context_team_id": None,
            "updated": 1700000000000,
            "is_member": self.bot_member,
        }
        if self.is_im:
            data["user"] = next(iter(self.members), None)
            return data
        data.update(
            {
                "name": self.name,
                "name_normalized": self.name,
                "is_channel": not self.is_private,
                "is_group": self.is_private,
                "is_mpim": False,
                "is_private": self.is_private,
                "is_general": self.name == "general",
                "is_shared": False,
                "is_ext_shared": False,
                "is_pending_ext_shared": False,
                "topic": {"value": self.topic, "creator": "", "last_set": 0},
                "purpose": {"value": "", "creator": "", "last_set": 0},
                "num_members": len(self.members),
            }
        )
        return data


DEFAULT_USERS = (
    User(
        id="U0ADA00001",
        name="ada",
        real_name="Ada Lovelace",
        email="rep@demo.example",
        tz="Europe/London",
        locale="en-GB",
    ),
    User(
        id="U0ROB00002",
        name="rob",
        real_name="Rob Reader",
        email="readonly@demo.example",
        tz="America/New_York",
        locale="en-US",
    ),
    User(
        id="U0SAM00003",
        name="sam",
        real_name="Sam Admin",
        email="admin@demo.example",
        tz="America/Los_Angeles",
        locale="en-US",
        is_admin=True,
        is_owner=True,
    ),
)

ALL_DEFAULT = {u.id for u in DEFAULT_USERS}
DEFAULT_CHANNELS = (
    Channel(id="C0GENERAL1", name="general", members=set(ALL_DEFAULT)),
    Channel(id="C0SALES001", name="sales", members=set(ALL_DEFAULT)),
    # Rob is not in here: chat.postEphemeral to him answers user_not_in_channel.
    Channel(id="G0DEALS001", name="deals", members={"U0ADA00001", "U0SAM00003"}, is_private=True),
    # The bot is not in here: chat.postMessage answers not_in_channel.
    Channel(id="C0RANDOM01", name="random", members=set(ALL_DEFAULT), bot_member=False),
)
