"""Record links built from instance URLs."""

from __future__ import annotations

import pytest

from bot.salesforce.links import lightning_base, record_url

ID = "0038M0000016Wv8QAE"


@pytest.mark.parametrize(
    ("instance_url", "expected"),
    [
        ("https://acme.my.salesforce.com",
         f"https://acme.lightning.force.com/lightning/r/Contact/{ID}/view"),
        ("https://acme--uat.sandbox.my.salesforce.com/",
         f"https://acme--uat.sandbox.lightning.force.com/lightning/r/Contact/{ID}/view"),
        ("https://acme-dev-ed.develop.my.salesforce.com",
         f"https://acme-dev-ed.develop.lightning.force.com/lightning/r/Contact/{ID}/view"),
        ("https://na1.salesforce.com", f"https://na1.salesforce.com/{ID}"),
        ("https://cs42.salesforce.com", f"https://cs42.salesforce.com/{ID}"),
        ("https://127.0.0.1:53211", f"https://127.0.0.1:53211/lightning/r/Contact/{ID}/view"),
    ],
)  # fmt: skip
def test_record_url(instance_url: str, expected: str) -> None:
    assert record_url(instance_url=instance_url, object_name="Contact", record_id=ID) == expected


def test_lightning_base_keeps_ports() -> None:
    assert lightning_base("https://127.0.0.1:8443/") == "https://127.0.0.1:8443"
    assert lightning_base("https://ACME.my.salesforce.com") == "https://acme.lightning.force.com"
