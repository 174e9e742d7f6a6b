"""The `sfbot` command line: serve | socket | migrate | doctor | run | playground | rotate-keys.

Settings are loaded once here and passed down; a configuration problem prints one line naming
the variable (no traceback) and exits with status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from bot.config import ConfigError, Settings, load_settings

EXIT_CONFIG = 2


def serve(
    settings: Settings,
    *,
    port: int,
    host: str,
    workers: int,
    threads: int,
    write_processes: int | None = None,
) -> int:
    """Serve HTTP with gunicorn; the schema is created first if the database is empty.

    On PostgreSQL the web workers only ack and store intents, and `write_processes` separate
    processes run the writes (see `bot.writes.processes`); on SQLite (one writer at a time) the
    web workers run them.
    """
    from gunicorn.app.base import BaseApplication

    from bot.app import create_app
    from bot.observability import configure_logging, secrets_of
    from bot.writes.processes import WriteProcesses
    from bot.wsgi import build_application

    configure_logging(level=settings.sfbot_log_level, secrets=secrets_of(settings))
    # Build once in the master: migrates an empty database and fails early on a bad token,
    # before any worker forks.
    create_app(settings).stop()
    if write_processes is None:
        write_processes = settings.sfbot_write_processes
    if write_processes is None:  # one per core: a write process is bound by its own GIL
        on_postgresql = settings.database_url.startswith("postgresql")
        write_processes = (os.cpu_count() or 1) if on_postgresql else 0
    writers = WriteProcesses(write_processes) if write_processes > 0 else None

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("timeout", 60)
            self.cfg.set("accesslog", None)  # one JSON line per Slack request comes from the app
            if writers is not None:
                self.cfg.set("when_ready", lambda _arbiter: writers.start())
                self.cfg.set("on_exit", lambda _arbiter: writers.stop())

        def load(self) -> Any:
            return build_application(settings, run_writes=writers is None)

    Server().run()
    return 0


def writer(settings: Settings) -> int:
    """Run queued writes, no HTTP: the write process of `sfbot serve` (or one of your own).

    Runs at a lower CPU priority than the web workers, and exits after the writes in flight
    when asked to stop (SIGTERM) or, when `sfbot serve` started it, once that server is gone
    (a killed server must not leave writers running old code against the database).
    """
    import gc
    import signal
    import threading

    from bot.app import create_app
    from bot.observability import configure_logging, secrets_of
    from bot.writes.processes import NICENESS, PARENT_PID_VARIABLE

    configure_logging(level=settings.sfbot_log_level, secrets=secrets_of(settings))
    os.nice(NICENESS)
    # Started by `sfbot serve`: it says which process it is (we may start after it died).
    started_by = os.environ.get(PARENT_PID_VARIABLE)
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    bot = create_app(settings)
    bot.start()
    gc.collect()
    gc.freeze()
    try:
        while not (started_by and os.getppid() != int(started_by)):
            if stopping.wait(1.0):
                break
    finally:
        bot.stop()
    return 0


def socket_mode(settings: Settings, *, port: int | None) -> int:
    """Run over Socket Mode (no public URL needed); optionally serve /healthz and /metrics."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import create_app
    from bot.observability import configure_logging, secrets_of

    if settings.slack_app_token is None:
        raise ConfigError("SLACK_APP_TOKEN: required for Socket Mode (an xapp-… app-level token)")
    configure_logging(level=settings.sfbot_log_level, secrets=secrets_of(settings))
    bot = create_app(settings, socket_mode=True)
    bot.start()
    if port is not None:
        import threading

        from werkzeug.serving import make_server

        server = make_server("0.0.0.0", port, bot.wsgi, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        SocketModeHandler(bot.bolt, settings.slack_app_token.get_secret_value()).start()
    finally:
        bot.stop()
    return 0


def migrate(settings: Settings, *, down_to: str | None) -> int:
    """Upgrade the database to the latest schema (or downgrade to ``down_to``)."""
    from bot.store import migrate as migrations
    from bot.store.db import make_engine

    engine = make_engine(settings.database_url)
    try:
        if down_to:
            migrations.downgrade(engine, down_to)
        else:
            migrations.upgrade(engine)
        print(f"database at revision {migrations.current_revision(engine) or 'base'}")
    finally:
        engine.dispose()
    return 0


def rotate_keys(settings: Settings) -> int:
    """Re-encrypt every stored Salesforce token and PKCE verifier with the first key."""
    from bot.auth.tokens import load_cipher
    from bot.auth.tokens import rotate_keys as rotate
    from bot.store.db import make_engine, make_session_factory

    engine = make_engine(settings.database_url)
    try:
        count = rotate(make_session_factory(engine), load_cipher(settings))
    finally:
        engine.dispose()
    print(f"re-encrypted {count} secrets with the first key of SFBOT_ENCRYPTION_KEYS")
    return 0


def doctor(settings: Settings) -> int:
    """Print one line per check; exit 1 when any check fails."""
    from bot.doctor import run_checks

    failed = False
    for check in run_checks(settings):
        print(f"{check.status:<4}  {check.name}: {check.detail}")
        failed = failed or check.status == "fail"
    return 1 if failed else 0


def run(settings: Settings, *, port: int) -> int:
    """What `make run` does: with Slack credentials migrate and serve, else the playground."""
    if settings.slack_configured:
        migrate(settings, down_to=None)
        return serve(
            settings, port=port, host="0.0.0.0", workers=2 * (os.cpu_count() or 1), threads=4
        )
    from bot import playground

    return playground.run(settings, port=port)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sfbot", description="A Slack app for Salesforce.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve_parser = commands.add_parser("serve", help="serve Slack over HTTP (gunicorn)")
    serve_parser.add_argument("--port", type=int, default=3000)
    serve_parser.add_argument("--host", default="0.0.0.0")
    # Processes rather than threads: a process's threads share one interpreter lock, and the
    # acks queued behind its write threads' work (bench/writes.py: 4 x 4 beat 2 x 8 on 2 cores).
    serve_parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    serve_parser.add_argument("--threads", type=int, default=4)
    serve_parser.add_argument(
        "--write-processes",
        type=int,
        default=None,
        help="processes that run queued writes (default: SFBOT_WRITE_PROCESSES, else one per "
        "core on PostgreSQL and 0 on SQLite; 0 = in the web workers)",
    )

    commands.add_parser("writer", help="run queued writes only (what `serve` starts beside it)")

    socket_parser = commands.add_parser("socket", help="connect to Slack over Socket Mode")
    socket_parser.add_argument(
        "--port", type=int, default=None, help="also serve /healthz and /metrics on this port"
    )

    migrate_parser = commands.add_parser("migrate", help="create or upgrade the database tables")
    migrate_parser.add_argument("--down-to", default=None, metavar="REVISION")

    commands.add_parser("doctor", help="check the configuration, database, Slack and Salesforce")

    commands.add_parser(
        "rotate-keys", help="re-encrypt stored Salesforce tokens with the first encryption key"
    )

    run_parser = commands.add_parser("run", help="migrate and serve, or start the playground")
    run_parser.add_argument("--port", type=int, default=3000)

    playground_parser = commands.add_parser(
        "playground", help="the app in a browser page, on a simulated Slack and a demo org"
    )
    playground_parser.add_argument("--port", type=int, default=3000)
    playground_parser.add_argument("--host", default="127.0.0.1")
    return parser


def dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "serve":
        return serve(
            settings,
            port=args.port,
            host=args.host,
            workers=args.workers,
            threads=args.threads,
            write_processes=args.write_processes,
        )
    if args.command == "writer":
        return writer(settings)
    if args.command == "socket":
        return socket_mode(settings, port=args.port)
    if args.command == "migrate":
        return migrate(settings, down_to=args.down_to)
    if args.command == "doctor":
        return doctor(settings)
    if args.command == "rotate-keys":
        return rotate_keys(settings)
    if args.command == "run":
        return run(settings, port=args.port)
    if args.command == "playground":
        from bot import playground

        return playground.run(settings, port=args.port, host=args.host)
    raise AssertionError(args.command)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        return dispatch(args, settings)
    except ConfigError as error:
        print(f"sfbot: configuration error: {error}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
