"""`sfbot doctor`: is the configuration complete; do the database, Slack and Salesforce answer?"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.store.db import make_engine
from bot.store.migrate import current_revision, head_revision, is_empty

TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Check:
    """One line of the report: ``status`` is ok, warn or fail."""

    name: str
    status: str
    detail: str


def check_configuration(settings: Settings) -> list[Check]:
    checks = []
    if settings.slack_configured:
        mode = "multi-workspace (OAuth)" if settings.multi_workspace else "single workspace"
        checks.append(Check("slack settings", "ok", mode))
    else:
        checks.append(
            Check(
                "slack settings",
                "fail",
                "set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN "
                "(or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET)",
            )
        )
    if settings.salesforce_client_id and settings.salesforce_client_secret:
        checks.append(Check("salesforce settings", "ok", "connected app configured"))
    else:
        checks.append(
            Check(
                "salesforce settings",
                "fail",
                "set SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET (the connected app)",
            )
        )
    if settings.sfbot_encryption_keys is None:
        checks.append(
            Check(
                "encryption keys",
                "fail" if settings.is_production else "warn",
                "SFBOT_ENCRYPTION_KEYS is not set; tokens use the key file "
                + settings.sfbot_key_file,
            )
        )
    else:
        checks.append(Check("encryption keys", "ok", "SFBOT_ENCRYPTION_KEYS set"))
    if settings.public_url.startswith("http://") and settings.is_production:
        checks.append(Check("public url", "fail", "PUBLIC_URL must be https:// in production"))
    else:
        checks.append(Check("public url", "ok", settings.public_url))
    return checks


def check_database(settings: Settings) -> Check:
    engine = make_engine(settings.database_url)
    try:
        if is_empty(engine):
            return Check("database", "warn", "reachable but empty: run `sfbot migrate`")
        revision = current_revision(engine)
        if revision != head_revision():
            return Check("database", "fail", f"at revision {revision}, run `sfbot migrate`")
        return Check("database", "ok", f"reachable, at revision {revision}")
    except Exception as error:
        return Check("database", "fail", f"cannot connect ({type(error).__name__})")
    finally:
        engine.dispose()


def check_slack(settings: Settings) -> Check:
    if settings.slack_bot_token is None:
        return Check("slack api", "warn", "no SLACK_BOT_TOKEN to test (multi-workspace mode?)")
    client = WebClient(
        base_url=settings.slack_api_url,
        token=settings.slack_bot_token.get_secret_value(),
        timeout=TIMEOUT_SECONDS,
    )
    try:
        answer = client.auth_test()
    except SlackApiError as error:
        return Check("slack api", "fail", f"auth.test refused: {error.response.get('error')}")
    except Exception as error:
        return Check("slack api", "fail", f"cannot reach {settings.slack_api_url} ({error})")
    return Check("slack api", "ok", f"bot {answer.get('user')} in team {answer.get('team')}")


def check_salesforce(settings: Settings) -> Check:
    url = settings.salesforce_login_url
    try:
        response = requests.get(
            url + "/.well-known/openid-configuration",
            timeout=TIMEOUT_SECONDS,
            verify=settings.salesforce_ca_bundle or True,
        )
    except requests.RequestException as error:
        return Check("salesforce login", "fail", f"cannot reach {url} ({type(error).__name__})")
    return Check("salesforce login", "ok", f"{url} answered HTTP {response.status_code}")


CHECKS: tuple[Callable[[Settings], Check | list[Check]], ...] = (
    check_configuration,
    check_database,
    check_slack,
    check_salesforce,
)


def run_checks(settings: Settings) -> list[Check]:
    """Every check, in order; none raises."""
    results: list[Check] = []
    for check in CHECKS:
        outcome = check(settings)
        results.extend(outcome if isinstance(outcome, list) else [outcome])
    return results
