"""Describe metadata cache, shared by every worker through the database.

One entry per (org, Salesforce user, object): field-level security makes the describe differ per
user. Entries are fresh for ``ttl_seconds``; a stale entry is revalidated with
``If-Modified-Since`` (Salesforce answers 304 with no body when the metadata did not change),
see https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
A small in-process LRU in front of the table saves re-reading large JSON on every command.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from simple_salesforce.util import exception_handler
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.salesforce.records import api_name, record_id
from bot.store.db import changed_rows
from bot.store.models import DescribeCacheEntry

GLOBAL = "$global"
# Without a Last-Modified header, If-Modified-Since must be built from our clock: claim an older
# time so a change made just before our fetch is never hidden by clock skew.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass
class _Cached:
    body: dict[str, Any]
    fetched_at: float  # time.time()
    last_modified: str | None


class DescribeCache:
    """Cached ``describe`` / global describe / record-type picklist values.

    Args:
        session_factory: Sessions on the bot's database (the shared layer).
        ttl_seconds: How long an entry is used without asking Salesforce (settings
            ``sfbot_describe_ttl_seconds``).
        memory_entries: Size of the in-process LRU.
        clock: ``time.time``-like; tests move it forward.

    ``stats`` counts ``memory_hits``, ``db_hits``, ``misses`` (full fetch), ``not_modified``
    (304) and ``changed`` (revalidation answered 200).
    """

    def __init__(
        self,
        session_factory: Callable[[], Session],
        *,
        ttl_seconds: int,
        memory_entries: int = 512,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._session_factory = session_factory
        self.ttl_seconds = ttl_seconds
        self._memory: OrderedDict[tuple[str, str, str], _Cached] = OrderedDict()
        self._memory_entries = memory_entries
        self._lock = threading.Lock()
        self._clock = clock
        self.stats: Counter[str] = Counter()

    def describe(self, sf: Any, *, org_id: str, sf_user_id: str, sobject: str) -> dict[str, Any]:
        """The sObject describe as this Salesforce user sees it (FLS applied)."""
        name = api_name(sobject)
        return self._get(sf, (org_id, sf_user_id, name.lower()), f"sobjects/{name}/describe")

    def describe_global(self, sf: Any, *, org_id: str, sf_user_id: str) -> dict[str, Any]:
        """The global describe (``GET sobjects``): every object with its key prefix."""
        return self._get(sf, (org_id, sf_user_id, GLOBAL), "sobjects")

    def picklist_values(
        self, sf: Any, *, org_id: str, sf_user_id: str, sobject: str, record_type_id: str
    ) -> dict[str, Any]:
        """UI API picklist values for one record type (e.g. the stages of its sales process)."""
        name = api_name(sobject)
        rt = record_id(record_type_id)
        key = (org_id, sf_user_id, f"{name.lower()}/picklists/{rt}")
        return self._get(sf, key, f"ui-api/object-info/{name}/picklist-values/{rt}")

    def sobject_for_prefix(
        self, sf: Any, *, org_id: str, sf_user_id: str, prefix: str
    ) -> str | None:
        """The object whose ids start with ``prefix`` (``001`` → ``Account``), if any."""
        for entry in self.describe_global(sf, org_id=org_id, sf_user_id=sf_user_id).get(
            "sobjects", []
        ):
            if entry.get("keyPrefix") == prefix:
                return str(entry["name"])
        return None

    def invalidate(self, *, org_id: str, sf_user_id: str | None = None) -> None:
        """Forget an org's entries (all users, or one), e.g. after a disconnect."""
        with self._lock:
            for key in [k for k in self._memory if k[0] == org_id and sf_user_id in (None, k[1])]:
                del self._memory[key]
        with self._session_factory() as session:
            rows = select(DescribeCacheEntry).where(DescribeCacheEntry.org_id == org_id)
            if sf_user_id is not None:
                rows = rows.where(DescribeCacheEntry.sf_user_id == sf_user_id)
            for row in session.scalars(rows):
                session.delete(row)
            session.commit()

    # -- internals ---------------------------------------------------------------------------

    def _fresh(self, cached: _Cached) -> bool:
        return self._clock() - cached.fetched_at < self.ttl_seconds

    def _get(self, sf: Any, key: tuple[str, str, str], path: str) -> dict[str, Any]:
        with self._lock:
            cached = self._memory.get(key)
            if cached is not None:
                self._memory.move_to_end(key)
        if cached is not None and self._fresh(cached):
            self.stats["memory_hits"] += 1
            return cached.body
        stored = self._load(key)
        if stored is not None and self._fresh(stored):
            self.stats["db_hits"] += 1
            self._remember(key, stored)
            return stored.body
        if stored is None:
            stored = cached  # our memory may still hold a body worth revalidating
        headers: dict[str, str] = {}
        if stored is not None and stored.last_modified:
            headers["If-Modified-Since"] = stored.last_modified
            etag = stored.body.get("eTag")
            if isinstance(etag, str):
                headers["If-None-Match"] = f'"{etag}"'
        now = self._clock()
        status, body, last_modified = _conditional_get(sf, path, headers)
        if status == 304 and stored is not None:
            self.stats["not_modified"] += 1
            renewed = _Cached(stored.body, now, stored.last_modified)
            if not self._touch(key, now):
                self._save(key, renewed)  # the row was invalidated meanwhile
            self._remember(key, renewed)
            return renewed.body
        if body is None:  # a 304 although we sent no validators: nothing to serve
            raise RuntimeError(f"{path} answered 304 Not Modified to an unconditional GET")
        self.stats["changed" if headers else "misses"] += 1
        fresh = _Cached(body, now, last_modified or _http_date(now))
        self._save(key, fresh)
        self._remember(key, fresh)
        return body

    def _remember(self, key: tuple[str, str, str], cached: _Cached) -> None:
        with self._lock:
            self._memory[key] = cached
            self._memory.move_to_end(key)
            while len(self._memory) > self._memory_entries:
                self._memory.popitem(last=False)

    def _load(self, key: tuple[str, str, str]) -> _Cached | None:
        with self._session_factory() as session:
            row = session.scalar(_where(select(DescribeCacheEntry), key))
            if row is None:
                return None
            fetched = (
                row.fetched_at if row.fetched_at.tzinfo else row.fetched_at.replace(tzinfo=UTC)
            )
            return _Cached(row.body, fetched.timestamp(), row.last_modified)

    def _touch(self, key: tuple[str, str, str], now: float) -> bool:
        with self._session_factory() as session:
            changed = changed_rows(
                session,
                _where(update(DescribeCacheEntry), key).values(
                    fetched_at=datetime.fromtimestamp(now, UTC)
                ),
            )
            session.commit()
        return bool(changed)

    def _save(self, key: tuple[str, str, str], cached: _Cached) -> None:
        values = {
            "body": cached.body,
            "last_modified": cached.last_modified,
            "fetched_at": datetime.fromtimestamp(cached.fetched_at, UTC),
        }
        with self._session_factory() as session:
            changed = changed_rows(
                session, _where(update(DescribeCacheEntry), key).values(**values)
            )
            if changed:
                session.commit()
                return
            org_id, sf_user_id, sobject = key
            session.add(
                DescribeCacheEntry(org_id=org_id, sf_user_id=sf_user_id, sobject=sobject, **values)
            )
            try:
                session.commit()
            except IntegrityError:
                # Another worker stored the same describe a moment ago: theirs is as good.
                session.rollback()


def _where(statement: Any, key: tuple[str, str, str]) -> Any:
    org_id, sf_user_id, sobject = key
    return statement.where(
        DescribeCacheEntry.org_id == org_id,
        DescribeCacheEntry.sf_user_id == sf_user_id,
        DescribeCacheEntry.sobject == sobject,
    )


def _conditional_get(
    sf: Any, path: str, headers: dict[str, str]
) -> tuple[int, dict[str, Any] | None, str | None]:
    """GET an API path; returns (status, JSON body or None on 304, Last-Modified header).

    simple-salesforce hides response headers and turns 304 into an exception, so this goes
    through its HTTP session (where the per-user client refreshes expired tokens) directly.
    """
    response = sf.session.request("GET", sf.base_url + path, headers={**sf.headers, **headers})
    if response.status_code == 304:
        return 304, None, response.headers.get("Last-Modified")
    if response.status_code >= 300:
        exception_handler(response, name=path)
    return response.status_code, response.json(), response.headers.get("Last-Modified")


def _http_date(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp, UTC) - CLOCK_SKEW
    return format_datetime(moment, usegmt=True)
