"""WSGI entry point for any WSGI server: ``gunicorn "bot.wsgi:application"``.

The app is built on first import in each worker process (settings from the environment). A
configuration error prints one line and exits, so the server reports a failed boot instead of
serving a broken app.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

from bot.config import ConfigError, Settings, load_settings


def build_application(settings: Settings | None = None, *, run_writes: bool = True) -> Any:
    """Load settings, configure logging, build and start the app; return its WSGI callable.

    Args:
        run_writes: Also run queued writes in this process (False when `sfbot serve` runs
            them in write processes).
    """
    from bot.app import create_app
    from bot.observability import configure_logging, secrets_of

    settings = settings if settings is not None else load_settings()
    configure_logging(level=settings.sfbot_log_level, secrets=secrets_of(settings))
    bot = create_app(settings)
    if run_writes:
        bot.start()
    # Everything built so far lives as long as the process: keep it out of the collector's
    # scans, so a full collection under load takes a few ms instead of pausing every request.
    gc.collect()
    gc.freeze()
    return bot.wsgi


def _load() -> Any:
    try:
        return build_application()
    except ConfigError as error:
        print(f"sfbot: configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def __getattr__(name: str) -> Any:
    # Built lazily so that importing this module (e.g. for its helpers) has no side effects.
    if name == "application":
        application = _load()
        globals()["application"] = application
        return application
    raise AttributeError(name)
