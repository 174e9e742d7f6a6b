"""Fill the write-path slots of `Services` (called once by `build_services`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.salesforce.describe import DescribeCache
from bot.writes.worker import WriteWorker

if TYPE_CHECKING:
    from bot.services import Services


def install_write_path(services: Services) -> None:
    """Set `describe_cache` and `write_queue`, and start the queue with the app.

    The Slack layer adds how results reach the user with
    ``services.write_queue.add_completion_listener(callback)``.
    """
    from bot.salesforce.client import salesforce_for_intent

    settings = services.settings
    services.describe_cache = DescribeCache(
        services.sessions, ttl_seconds=settings.sfbot_describe_ttl_seconds
    )
    worker = WriteWorker(
        services.sessions,
        salesforce_for=salesforce_for_intent(services),
        threads=settings.sfbot_write_workers,
        scope=services.connections.one_request,
    )
    services.write_queue = worker
    services.workers.append(worker)
    if services.engine.dialect.name == "postgresql":
        from bot.writes.wakeup import IntentListener, share_from_environment

        listener = IntentListener(services.engine, worker.wake, share=share_from_environment())
        services.workers.append(listener)
