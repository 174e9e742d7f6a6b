"""Links to Salesforce records, built from the org's instance URL.

There is no documented rule; this follows ../shared/salesforce/README.md §3.7: the API host
`<MyDomain>.my.salesforce.com` serves Lightning at `<MyDomain>.lightning.force.com`, sandboxes
(`acme--uat.sandbox.my.salesforce.com`) at `acme--uat.sandbox.lightning.force.com`; old instance
hosts (`na1.salesforce.com`) get the Classic `/<id>` link, which redirects to Lightning. Any other
host (the local devkit org) gets the Lightning path on that same host.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

_INSTANCE_HOST = re.compile(r"[a-z]{2,4}\d+(?:-[a-z]+)?\.salesforce\.com")


def lightning_base(instance_url: str) -> str:
    """The origin (`https://host[:port]`) that serves Lightning pages for an instance URL."""
    parts = urlsplit(instance_url.strip())
    host = (parts.hostname or "").casefold()
    if host.endswith(".my.salesforce.com"):
        host = host.removesuffix(".my.salesforce.com") + ".lightning.force.com"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme or 'https'}://{host}{port}"


def record_url(*, instance_url: str, object_name: str, record_id: str) -> str:
    """The browser link to a record.

    Args:
        instance_url: The org's `instance_url` from the OAuth token response.
        object_name: The object's API name (`Opportunity`, `Invoice__c`).
        record_id: The record's id (ideally the 18-character form).
    """
    parts = urlsplit(instance_url.strip())
    host = (parts.hostname or "").casefold()
    if _INSTANCE_HOST.fullmatch(host):
        return f"https://{host}/{quote(record_id)}"
    base = lightning_base(instance_url)
    return f"{base}/lightning/r/{quote(object_name)}/{quote(record_id)}/view"
