"""One demo-org emulator per test session, reset before each test that asks for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from devkit.salesforce import Emulator, start_emulator

API = "/services/data/v59.0"


@pytest.fixture(scope="session")
def emu_server() -> Iterator[Emulator]:
    with start_emulator("demo") as emu:
        yield emu


@pytest.fixture
def emu(emu_server: Emulator) -> Emulator:
    emu_server.reset()
    return emu_server


class Api:
    """Small REST client bound to one user: ``api.get("sobjects/Account/describe")``."""

    def __init__(self, emu: Emulator, username: str) -> None:
        self.emu = emu
        self.session = emu.session(username)

    def url(self, path: str) -> str:
        return (
            path
            if path.startswith("http")
            else (self.emu.base_url + (path if path.startswith("/") else f"{API}/{path}"))
        )

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.session.request(method, self.url(path), timeout=30, **kwargs)

    def get(self, path: str, **kw: Any) -> Any:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("POST", path, json=body, **kw)

    def patch(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.request("PATCH", path, json=body, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.request("DELETE", path, **kw)


@pytest.fixture
def as_user(emu: Emulator):
    def make(username: str = "rep@demo.example") -> Api:
        return Api(emu, username)

    return make


@pytest.fixture
def rep(as_user) -> Api:
    return as_user("rep@demo.example")


@pytest.fixture
def admin(as_user) -> Api:
    return as_user("admin@demo.example")
