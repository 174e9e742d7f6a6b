"""Where `/sf connect [sandbox | my-domain | url]` logs in: production, sandbox, or a My Domain.

Only Salesforce hosts are accepted: the client secret is sent to the login host during the
code exchange (see https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.config import Settings

# Hosts a user may name in `/sf connect <domain>`. The client secret is sent to the login host
# during the code exchange, so arbitrary hosts are refused.
SALESFORCE_HOST_SUFFIXES = (
    ".salesforce.com",
    ".force.com",
    ".cloudforce.com",
    ".salesforce.mil",
    ".sfcrmproducts.cn",
)
_HOSTNAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


class InvalidLoginTarget(ValueError):
    """`/sf connect <target>` named something that is not a Salesforce login host."""


@dataclass(frozen=True)
class LoginTarget:
    login_url: str
    environment: str  # production | sandbox | mydomain


def resolve_login_target(settings: Settings, target: str | None) -> LoginTarget:
    """Turn `/sf connect [sandbox|domain|url]` into a login URL.

    Raises:
        InvalidLoginTarget: not `sandbox`, a Salesforce host, or one of the configured login URLs.
    """
    text = (target or "").strip().strip("<>")
    if text.lower() in ("", "production", "prod", "login"):
        return LoginTarget(settings.salesforce_login_url, "production")
    if text.lower() in ("sandbox", "test"):
        return LoginTarget(settings.salesforce_sandbox_login_url, "sandbox")
    configured = {
        urlsplit(url).netloc.lower(): url
        for url in (settings.salesforce_login_url, settings.salesforce_sandbox_login_url)
    }
    parts = urlsplit(text if "://" in text else f"https://{text}")
    host = (parts.hostname or "").lower()
    if parts.netloc.lower() in configured:
        url = configured[parts.netloc.lower()]
        sandbox = url == settings.salesforce_sandbox_login_url
        return LoginTarget(url, "sandbox" if sandbox else "production")
    if parts.scheme != "https" or not _HOSTNAME.match(host) or parts.port not in (None, 443):
        raise InvalidLoginTarget(f"{text!r} is not a Salesforce login address")
    if not host.endswith(SALESFORCE_HOST_SUFFIXES):
        raise InvalidLoginTarget(f"{host} is not a Salesforce domain")
    environment = "sandbox" if ".sandbox." in host or host.startswith("test.") else "mydomain"
    return LoginTarget(f"https://{host}", environment)
