"""manifest.yml is a valid Slack manifest and agrees with the code (ids, scopes, routes)."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from bot.app import BOT_SCOPES, SLACK_EVENTS_PATH, SLACK_OAUTH_REDIRECT_PATH
from bot.slack import ids
from tests.conftest import REPO_ROOT


@pytest.fixture
def manifest() -> dict:
    return yaml.safe_load((REPO_ROOT / "manifest.yml").read_text())


SCHEMA_BASE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/"


def _validator(shared_dir):
    """The top-level schema, its per-version $refs served from ../shared instead of GitHub."""
    schemas = shared_dir / "slack/schemas"
    registry = Registry().with_resources(
        (
            SCHEMA_BASE + name,
            Resource.from_contents(json.loads((schemas / name).read_text()), DRAFT7),
        )
        for name in ("manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json")
    )
    schema = json.loads((schemas / "manifest.schema.json").read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, registry=registry)


def test_manifest_matches_slack_schema(manifest, shared_dir):
    errors = list(_validator(shared_dir).iter_errors(manifest))
    assert errors == [], [f"{list(error.path)}: {error.message}" for error in errors]


def test_schema_rejects_a_broken_manifest(manifest, shared_dir):
    """The validation can fail: a command without its leading slash is refused."""
    manifest["features"]["slash_commands"][0]["command"] = "sf"
    assert not _validator(shared_dir).is_valid(manifest)


def test_manifest_agrees_with_the_code(manifest):
    features = manifest["features"]
    assert [command["command"] for command in features["slash_commands"]] == [ids.SLASH_COMMAND]
    shortcuts = {(item["type"], item["callback_id"]) for item in features["shortcuts"]}
    assert shortcuts == {
        ("message", ids.LOG_AS_NOTE_CALLBACK),
        ("global", ids.NEW_RECORD_CALLBACK),
    }
    assert next(s for s in features["shortcuts"] if s["type"] == "message")["name"] == "Log as note"
    assert tuple(manifest["oauth_config"]["scopes"]["bot"]) == BOT_SCOPES
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "link_shared"}
    urls = [
        features["slash_commands"][0]["url"],
        settings["event_subscriptions"]["request_url"],
        settings["interactivity"]["request_url"],
        settings["interactivity"]["message_menu_options_url"],
    ]
    assert {urlparse(url).path for url in urls} == {SLACK_EVENTS_PATH}
    redirects = manifest["oauth_config"]["redirect_urls"]
    assert [urlparse(url).path for url in redirects] == [SLACK_OAUTH_REDIRECT_PATH]
    assert features["app_home"]["home_tab_enabled"] is True
    assert all("salesforce.com" in d or "force.com" in d for d in features["unfurl_domains"])
