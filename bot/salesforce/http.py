"""requests sessions that keep trusting SALESFORCE_CA_BUNDLE.

requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE from the environment replace `session.verify`
(see `requests.Session.merge_environment_settings`), which would silently drop the CA bundle we
were configured with. Passing `verify` on each request keeps it, while proxies from the
environment still apply.

`PinnedSession` also reads the environment once per origin instead of on every request: with
`trust_env` requests scans every environment variable for proxies (and stats ~/.netrc) on each
call, a tenth of the CPU of a write. The proxies an origin gets are the ones requests would
pick (HTTPS_PROXY, NO_PROXY…); without a configured bundle, REQUESTS_CA_BUNDLE and
CURL_CA_BUNDLE still apply as they would.
"""

from __future__ import annotations

import functools
import os
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.requests_client import OAuth2Session


def verify_setting(ca_bundle: str | None) -> str | bool:
    return ca_bundle or True


class PinnedSession(requests.Session):
    """A requests session whose `verify` wins over the environment's CA bundle."""

    def __init__(self, *, ca_bundle: str | None = None) -> None:
        super().__init__()
        self.trust_env = False
        self.verify = ca_bundle or _environment_ca_bundle() or True

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self.verify, str):
            kwargs.setdefault("verify", self.verify)
        if kwargs.get("proxies") is None:
            kwargs["proxies"] = _environment_proxies(_origin(str(url)))
        return super().request(method, url, *args, **kwargs)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@functools.lru_cache(maxsize=256)
def _environment_proxies(origin: str) -> dict[str, str]:
    return dict(requests.utils.get_environ_proxies(origin + "/"))


def _environment_ca_bundle() -> str | None:
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


class PinnedOAuth2Session(OAuth2Session):  # type: ignore[misc]
    """authlib's OAuth2Session with the same rule for `verify`."""

    def request(self, method: Any, url: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(self.verify, str):
            kwargs.setdefault("verify", self.verify)
        return super().request(method, url, *args, **kwargs)
