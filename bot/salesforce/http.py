"""requests sessions that keep trusting SALESFORCE_CA_BUNDLE.

requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE from the environment replace `session.verify`
(see `requests.Session.merge_environment_settings`), which would silently drop the CA bundle we
were configured with. Passing `verify` on each request keeps it, while proxies from the
environment still apply.
"""

from __future__ import annotations

from typing import Any

import requests
from authlib.integrations.requests_client import OAuth2Session


def verify_setting(ca_bundle: str | None) -> str | bool:
    return ca_bundle or True


class PinnedSession(requests.Session):
    """A requests session whose `verify` wins over the environment's CA bundle."""

    def __init__(self, *, ca_bundle: str | None = None) -> None:
        super().__init__()
        self.verify = verify_setting(ca_bundle)

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self.verify, str):
            kwargs.setdefault("verify", self.verify)
        return super().request(method, url, *args, **kwargs)


class PinnedOAuth2Session(OAuth2Session):  # type: ignore[misc]
    """authlib's OAuth2Session with the same rule for `verify`."""

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self.verify, str):
            kwargs.setdefault("verify", self.verify)
        return super().request(method, url, *args, **kwargs)
