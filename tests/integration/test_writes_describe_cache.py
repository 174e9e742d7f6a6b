"""Describe cache against the emulator: hits, misses and 304 revalidations, per user."""

from __future__ import annotations

import pytest

from bot.salesforce.describe import DescribeCache
from bot.writes import OPERATIONS, SUCCEEDED, WriteWorker, get_intent, submit_intent
from devkit.salesforce import Emulator
from tests.integration.conftest import salesforce_as

ORG = "00D000000000001AAA"


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _cache(session_factory, clock: Clock, ttl: int = 60) -> DescribeCache:  # type: ignore[no-untyped-def]
    return DescribeCache(session_factory, ttl_seconds=ttl, clock=clock)


def _calls(emu: Emulator, since: int) -> list[tuple[str, str, int]]:
    return [(r["method"], r["path"], r["status"]) for r in emu.requests()[since:]]


def test_hits_misses_and_304(session_factory, emu: Emulator, clock: Clock) -> None:
    sf = salesforce_as(emu, "rep@demo.example")
    rep = emu.user_id("rep@demo.example")
    cache = _cache(session_factory, clock)
    describe_path = "/services/data/v59.0/sobjects/Account/describe"

    start = len(emu.requests())
    body = cache.describe(sf, org_id=ORG, sf_user_id=rep, sobject="Account")
    assert body["name"] == "Account"
    assert _calls(emu, start) == [("GET", describe_path, 200)]

    start = len(emu.requests())
    again = cache.describe(sf, org_id=ORG, sf_user_id=rep, sobject="account")
    assert again is body, "any case of the name hits the same entry"
    other_worker = _cache(session_factory, clock)
    assert other_worker.describe(sf, org_id=ORG, sf_user_id=rep, sobject="Account") == body
    assert _calls(emu, start) == [], "warm: no Salesforce call, in this process or another"
    assert cache.stats["memory_hits"] == 1
    assert other_worker.stats["db_hits"] == 1

    clock.now += 61
    start = len(emu.requests())
    revalidated = cache.describe(sf, org_id=ORG, sf_user_id=rep, sobject="Account")
    assert revalidated == body
    assert _calls(emu, start) == [("GET", describe_path, 304)]
    assert cache.stats["not_modified"] == 1

    start = len(emu.requests())
    assert other_worker.describe(sf, org_id=ORG, sf_user_id=rep, sobject="Account") == body
    assert _calls(emu, start) == [], "the 304 renewed the shared entry for every worker"
    assert dict(cache.stats) == {"misses": 1, "memory_hits": 1, "not_modified": 1}


def test_each_salesforce_user_has_its_own_describe(
    session_factory, emu: Emulator, clock: Clock
) -> None:
    cache = _cache(session_factory, clock)
    rep = cache.describe(
        salesforce_as(emu, "rep@demo.example"),
        org_id=ORG,
        sf_user_id=emu.user_id("rep@demo.example"),
        sobject="Account",
    )
    readonly = cache.describe(
        salesforce_as(emu, "readonly@demo.example"),
        org_id=ORG,
        sf_user_id=emu.user_id("readonly@demo.example"),
        sobject="Account",
    )
    assert cache.stats["misses"] == 2
    assert rep["createable"] is True
    assert readonly["createable"] is False, "the read-only profile's describe says so"


def test_global_describe_maps_key_prefixes(session_factory, emu: Emulator, clock: Clock) -> None:
    sf = salesforce_as(emu, "rep@demo.example")
    rep = emu.user_id("rep@demo.example")
    cache = _cache(session_factory, clock)
    start = len(emu.requests())
    assert cache.sobject_for_prefix(sf, org_id=ORG, sf_user_id=rep, prefix="001") == "Account"
    assert cache.sobject_for_prefix(sf, org_id=ORG, sf_user_id=rep, prefix="006") == "Opportunity"
    assert cache.sobject_for_prefix(sf, org_id=ORG, sf_user_id=rep, prefix="zzz") is None
    assert _calls(emu, start) == [("GET", "/services/data/v59.0/sobjects", 200)]


def test_record_type_picklist_values_are_cached(
    session_factory, emu: Emulator, clock: Clock
) -> None:
    sf = salesforce_as(emu, "rep@demo.example")
    rep = emu.user_id("rep@demo.example")
    cache = _cache(session_factory, clock)
    describe = cache.describe(sf, org_id=ORG, sf_user_id=rep, sobject="Opportunity")
    stages_by_type = {}
    start = len(emu.requests())
    for info in describe["recordTypeInfos"]:
        if info["master"] or not info["available"]:
            continue
        for _ in range(2):
            values = cache.picklist_values(
                sf,
                org_id=ORG,
                sf_user_id=rep,
                sobject="Opportunity",
                record_type_id=info["recordTypeId"],
            )
        stages_by_type[info["developerName"]] = [
            v["value"] for v in values["picklistFieldValues"]["StageName"]["values"]
        ]
    assert len(_calls(emu, start)) == len(stages_by_type) >= 2, "one call per record type"
    assert len({tuple(stages) for stages in stages_by_type.values()}) > 1, (
        "record types with different sales processes offer different stages"
    )


def test_a_create_with_a_warm_cache_costs_one_call(
    session_factory, emu: Emulator, clock: Clock
) -> None:
    sf = salesforce_as(emu, "rep@demo.example")
    rep = emu.user_id("rep@demo.example")
    cache = _cache(session_factory, clock)
    cache.describe(sf, org_id=ORG, sf_user_id=rep, sobject="Contact")  # warms the cache
    worker = WriteWorker(session_factory, salesforce_for=lambda intent: sf, registry=OPERATIONS)

    start = len(emu.requests())
    describe = cache.describe(sf, org_id=ORG, sf_user_id=rep, sobject="Contact")  # validation
    assert any(f["name"] == "LastName" for f in describe["fields"])
    intent, _ = submit_intent(
        session_factory,
        idempotency_key="view-7",
        team_id="T1",
        user_id="U1",
        operation="create",
        sobject="Contact",
        payload={"fields": {"FirstName": "Ada", "LastName": "Byron"}},
    )
    worker.run_once()
    assert get_intent(session_factory, intent.id).status == SUCCEEDED
    assert _calls(emu, start) == [("POST", "/services/data/v59.0/sobjects/Contact/", 201)]
