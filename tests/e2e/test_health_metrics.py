"""`/healthz` reflects the database; `/metrics` exports Prometheus text that moves with traffic."""

from __future__ import annotations

import psycopg
import pytest
import requests
from sqlalchemy import text
from sqlalchemy.engine import make_url


def test_healthz_ok_when_migrated(sfbot):
    response = requests.get(f"{sfbot.base_url}/healthz", timeout=5)
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_503_when_schema_missing(sfbot):
    with sfbot.services.engine.begin() as connection:
        connection.execute(text("DELETE FROM alembic_version"))
    response = requests.get(f"{sfbot.base_url}/healthz", timeout=5)
    assert response.status_code == 503
    assert response.json()["database"] == "not migrated"


@pytest.mark.postgres
def test_healthz_503_when_database_unreachable(make_settings, serve_app, postgres_url):
    running = serve_app(make_settings(database_url=postgres_url))
    assert requests.get(f"{running.base_url}/healthz", timeout=5).status_code == 200
    admin = make_url(postgres_url).set(database="postgres")
    with psycopg.connect(
        admin.render_as_string(hide_password=False).replace("+psycopg", ""), autocommit=True
    ) as connection:
        name = make_url(postgres_url).database
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    response = requests.get(f"{running.base_url}/healthz", timeout=5)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def _sample(body: str, name: str, **labels: str) -> float:
    for line in body.splitlines():
        if not line.startswith(name + "{") and line.split(" ")[0] != name:
            continue
        if all(f'{key}="{value}"' in line for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_and_ack_latency(sfbot):
    before = requests.get(f"{sfbot.base_url}/metrics", timeout=5).text
    assert "sfbot_slack_ack_latency_seconds" in before
    sfbot.slack.slash("help")
    sfbot.slack.slash("help", signing_secret="wrong")
    after = requests.get(f"{sfbot.base_url}/metrics", timeout=5).text
    assert _sample(after, "sfbot_slack_requests_total", kind="command", outcome="ok") == 1
    assert _sample(after, "sfbot_slack_requests_total", outcome="rejected") == 1
    assert _sample(after, "sfbot_slack_ack_latency_seconds_count", kind="command") == 1
    assert "sfbot_salesforce_calls_total" in after or "sfbot_salesforce_calls" in after
    assert "sfbot_errors" in after
