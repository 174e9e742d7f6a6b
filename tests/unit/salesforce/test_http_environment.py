"""PinnedSession reads proxies and CA bundles from the environment once, as requests would."""

from __future__ import annotations

import pytest
import requests

from bot.salesforce import http


@pytest.fixture(autouse=True)
def _fresh_environment_cache(monkeypatch):  # type: ignore[no-untyped-def]
    for name in ("HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    http._environment_proxies.cache_clear()
    yield
    http._environment_proxies.cache_clear()


def _version_url(emulator) -> str:  # type: ignore[no-untyped-def]
    return emulator.base_url + "/services/data/"


def test_the_configured_bundle_wins_over_the_environment(demo_emulator, monkeypatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/bundle.pem")
    session = http.PinnedSession(ca_bundle=demo_emulator.ca_file)
    assert session.get(_version_url(demo_emulator), timeout=10).status_code == 200


def test_without_a_configured_bundle_the_environments_applies(demo_emulator, monkeypatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", demo_emulator.ca_file)
    session = http.PinnedSession()
    assert session.get(_version_url(demo_emulator), timeout=10).status_code == 200


def test_an_https_proxy_from_the_environment_is_used(demo_emulator, monkeypatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # nothing listens there
    session = http.PinnedSession(ca_bundle=demo_emulator.ca_file)
    with pytest.raises(requests.exceptions.ProxyError):
        session.get(_version_url(demo_emulator), timeout=10)


def test_no_proxy_is_honoured(demo_emulator, monkeypatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    session = http.PinnedSession(ca_bundle=demo_emulator.ca_file)
    assert session.get(_version_url(demo_emulator), timeout=10).status_code == 200
