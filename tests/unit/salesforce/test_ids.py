"""Ids: checksums against the real ids in ../shared, key prefixes, pasted record links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.salesforce.ids import (
    InvalidId,
    is_record_id,
    key_prefixes,
    object_for_id,
    parse_record_url,
    to_15,
    to_18,
)

_ID_LIKE = re.compile(r"(?<![A-Za-z0-9])[a-zA-Z0-9]{3}[0-9][a-zA-Z0-9]{14}(?![A-Za-z0-9])")


def _real_ids(shared_dir: Path) -> set[str]:
    found: set[str] = set()
    for path in (shared_dir / "salesforce").rglob("*.json"):
        found |= set(_ID_LIKE.findall(path.read_text()))
    # redacted placeholders (00D0xORGID00000000) are not real ids
    real = {i for i in found if i[:3] in {"001", "003", "006", "005", "012", "00D"}}
    return {i for i in real if "ORGID" not in i}


def test_checksums_match_real_ids(shared_dir: Path) -> None:
    ids = _real_ids(shared_dir)
    assert len(ids) >= 5
    for real in ids:
        assert to_18(real[:15]) == real
        assert is_record_id(real)


def test_15_and_18() -> None:
    assert to_18("0018M000003uKwe") == "0018M000003uKweQAE"
    assert to_15("0038M0000016Wv8QAE") == "0038M0000016Wv8"
    assert not is_record_id("0038M0000016Wv8QAA")  # checksum off
    with pytest.raises(InvalidId, match="last 3 characters"):
        to_18("0038M0000016Wv8QAA")
    with pytest.raises(InvalidId, match="isn't a Salesforce id"):
        to_18("Acme renewal")


def test_key_prefixes_from_the_global_describe(shared_dir: Path) -> None:
    describe = json.loads(
        (shared_dir / "salesforce/describe/_global_sobjects.partial.json").read_text()
    )
    prefixes = key_prefixes(describe)
    assert prefixes["001"] == "Account" and prefixes["006"] == "Opportunity"
    assert object_for_id("0038M0000016Wv8QAE", prefixes=prefixes) == "Contact"
    assert object_for_id("zzz8M0000016Wv8", prefixes=prefixes) is None


@pytest.mark.parametrize(
    ("url", "object_name"),
    [
        ("https://acme.lightning.force.com/lightning/r/Contact/0038M0000016Wv8QAE/view", "Contact"),
        (
            "https://acme.lightning.force.com/lightning/r/Contact/0038M0000016Wv8/view?x=1",
            "Contact",
        ),
        ("https://acme--uat.sandbox.lightning.force.com/lightning/r/0038M0000016Wv8QAE/view", None),
        (
            "https://acme.lightning.force.com/lightning/r/Contact/0038M0000016Wv8QAE/related/"
            "Cases/view",
            "Contact",
        ),
        ("https://acme.lightning.force.com/one/one.app#/sObject/0038M0000016Wv8QAE/view", None),
        ("https://acme.my.salesforce.com/0038M0000016Wv8", None),
        ("https://acme--uat.sandbox.my.salesforce.com/0038M0000016Wv8QAE/e?retURL=%2F", None),
        ("https://na1.salesforce.com/0038M0000016Wv8", None),
        ("https://127.0.0.1:8443/lightning/r/Contact/0038M0000016Wv8QAE/view", "Contact"),
        ("https://127.0.0.1:8443/0038M0000016Wv8", None),  # the org's own host
    ],
)
def test_record_links(url: str, object_name: str | None) -> None:
    link = parse_record_url(url, instance_url="https://127.0.0.1:8443")
    assert link is not None
    assert (link.object_name, link.record_id) == (object_name, "0038M0000016Wv8QAE")


@pytest.mark.parametrize(
    "text",
    [
        "Acme renewal",
        "https://example.com/0038M0000016Wv8",  # not a Salesforce host
        "https://acme.lightning.force.com/lightning/o/Contact/list",
        "https://acme.lightning.force.com/lightning/r/Contact/0038M0000016Wv8QAA/view",
        "ftp://acme.my.salesforce.com/0038M0000016Wv8",
        "https://[::1/0038M0000016Wv8",
    ],
)
def test_not_record_links(text: str) -> None:
    assert parse_record_url(text) is None


@given(st.text(max_size=120))
def test_any_text_is_a_link_or_none(text: str) -> None:
    link = parse_record_url(text)
    assert link is None or is_record_id(link.record_id)
