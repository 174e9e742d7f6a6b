"""README.md documents every setting and the two commands (it is the user's manual)."""

from __future__ import annotations

import pytest

from bot.config import Settings
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text()


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name):
    assert f"| `{name.upper()}` |" in README


def test_the_two_commands_and_the_connected_app_are_explained():
    for needle in (
        "make run",
        "make test",
        "manifest.yml",
        "/salesforce/oauth/callback",
        "`api`, `refresh_token`",
        "`openid`",
        "PKCE",
    ):
        assert needle in README, needle
