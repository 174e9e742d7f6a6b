"""Session-wide test set-up: a clean environment and the path to ../shared reference files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

pytest_plugins = [
    "tests.fixtures.http",
    "tests.fixtures.postgres",
    "tests.fixtures.sfbot",
    "tests.fixtures.slack",
    "tests.fixtures.emulator",
    "tests.fixtures.connect",
    "tests.fixtures.records",
    "tests.fixtures.notes_app",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"

# Property tests: a quick default for every run, many more examples when asked
# (SFBOT_TEST_HYPOTHESIS=thorough make test). No deadline: on a shared, loaded machine one slow
# example is noise, not a failure. A test's own @settings still wins over the profile.
settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("SFBOT_TEST_HYPOTHESIS", "default"))

# Bolt reads some SLACK_* variables by itself; tests configure everything explicitly.
# SFBOT_TEST_* are settings of the test set-up itself (e.g. SFBOT_TEST_POSTGRES_URL) and stay.
for _name in list(os.environ):
    if _name.startswith("SFBOT_TEST_"):
        continue
    if _name.startswith(("SLACK_", "SALESFORCE_", "SFBOT_")) or _name in {
        "DATABASE_URL",
        "PUBLIC_URL",
    }:
        del os.environ[_name]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The read-only reference material (real Slack and Salesforce payloads)."""
    assert SHARED.is_dir(), f"../shared is missing beside the checkout ({SHARED})"
    return SHARED
