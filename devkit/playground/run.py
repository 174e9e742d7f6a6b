"""Start the playground: devkit/salesforce (demo org), devkit/slack, the real bot, and the page.

The bot is built by the same `create_app(settings)` as in production; only its settings differ
(Slack's API is the simulator, Salesforce's login URL is the emulator), so what the page shows is
what a workspace would get.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import secrets
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from werkzeug.serving import BaseWSGIServer, make_server

from devkit.playground.bridge import Playground, Shortcut
from devkit.playground.records import RecordTracker
from devkit.playground.web import (
    POLL_SECONDS,
    QuietHandler,
    RunningServer,
    create_web_app,
    serve,
)

logger = logging.getLogger(__name__)

DEFAULT_PORT = 3000
MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
ADMIN_EMAIL = "admin@demo.example"


@dataclass
class RunningPlayground:
    """Everything the playground started, stopped in reverse order by `stop()`."""

    url: str
    bot_url: str
    salesforce_url: str
    bot: Any
    sim: Any
    emu: Any
    _stops: list[Callable[[], None]] = field(default_factory=list)

    def stop(self) -> None:
        while self._stops:
            stop = self._stops.pop()
            try:
                stop()
            except Exception:  # keep stopping the rest; say what failed
                logger.exception("stopping a playground part failed")


def read_shortcuts(manifest: Path = MANIFEST) -> list[Shortcut]:
    """The shortcuts the app declares in its manifest (none when there is no manifest)."""
    if not manifest.is_file():
        logger.warning("no manifest at %s: the message menu will offer no shortcuts", manifest)
        return []
    data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    shortcuts = (data.get("features") or {}).get("shortcuts") or []
    return [
        Shortcut(name=s["name"], callback_id=s["callback_id"], type=s.get("type", "message"))
        for s in shortcuts
        if isinstance(s, dict) and s.get("name") and s.get("callback_id")
    ]


def read_bot_scopes(manifest: Path = MANIFEST) -> set[str] | None:
    """The bot scopes the manifest grants (None: keep the simulator's defaults)."""
    if not manifest.is_file():
        return None
    data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    scopes = ((data.get("oauth_config") or {}).get("scopes") or {}).get("bot")
    return set(scopes) if scopes else None


def _listen(host: str, port: int) -> BaseWSGIServer:
    """Bind first and attach the app later: the bot's settings need its own URL."""

    def not_ready(environ: dict, start_response: Callable) -> list[bytes]:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
        return [b"starting"]

    return make_server(host, port, not_ready, threaded=True, request_handler=QuietHandler)


def start_playground(
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    data_dir: Path | None = None,
    manifest: Path = MANIFEST,
    with_salesforce: bool = True,
) -> RunningPlayground:
    """Start the emulator, the simulator, the bot and the page; return where they listen.

    Args:
        host: The interface the page (and the bot) listen on.
        port: The page's port (0: any free port).
        data_dir: Where the bot's SQLite database and encryption key live (default: a fresh
            temporary directory removed on stop; the demo org starts afresh every run too).
        manifest: The app manifest whose shortcuts the page offers.
        with_salesforce: Start the demo org too (``False``: the Slack side only, for tests of
            the page that need no org; the bot keeps its default Salesforce settings).
    """
    # Imported here: they are large, and `sfbot --help` should not pay for them.
    from bot.app import create_app
    from bot.config import load_settings
    from devkit.slack import SlackSimulator

    if with_salesforce:
        from devkit.salesforce import start_emulator

    stops: list[Callable[[], None]] = []
    if data_dir is None:
        scratch = Path(tempfile.mkdtemp(prefix="sfbot-playground-"))
        stops.append(lambda: shutil.rmtree(scratch, ignore_errors=True))
        data_dir = scratch
    try:
        emu = start_emulator(org="demo") if with_salesforce else None
        if emu is not None:
            stops.append(emu.stop)
        signing_secret = secrets.token_hex(20)
        sim = SlackSimulator(signing_secret=signing_secret).start()
        stops.append(sim.stop)
        # Installed as a real workspace would install it: with the manifest's scopes only.
        scopes = read_bot_scopes(manifest)
        if scopes:
            sim.set_scopes(scopes)

        bot_server = _listen(host, 0)
        bot_url = f"http://{host}:{bot_server.server_port}"
        data_dir.mkdir(parents=True, exist_ok=True)
        admins = [u.id for u in sim.state.users.values() if u.email == ADMIN_EMAIL]
        org: dict[str, str] = {}
        if emu is not None:
            org = {
                "salesforce_client_id": "devkit",
                "salesforce_client_secret": "devkit-secret",
                "salesforce_login_url": emu.base_url,
                "salesforce_sandbox_login_url": emu.base_url,
                "salesforce_ca_bundle": str(emu.ca_file),
            }
        settings = load_settings(
            **org,
            slack_signing_secret=signing_secret,
            slack_bot_token=sim.bot_token,
            slack_api_url=sim.api_url,
            public_url=bot_url,
            database_url=f"sqlite:///{(data_dir / 'sfbot.db').resolve()}",
            sfbot_key_file=str(data_dir / "encryption.key"),
            sfbot_admins=",".join(admins),
        )
        bot = create_app(settings)
        bot.start()
        stops.append(bot.stop)
        bot_server.app = bot.wsgi
        bot_thread = threading.Thread(
            target=bot_server.serve_forever,
            kwargs={"poll_interval": POLL_SECONDS},
            name="playground-bot",
            daemon=True,
        )
        bot_thread.start()
        stops.append(RunningServer(server=bot_server, thread=bot_thread).stop)
        sim.app_url = bot_url + "/slack/events"

        playground = Playground(
            sim=sim,
            shortcuts=read_shortcuts(manifest),
            records=RecordTracker(emu) if emu is not None else None,
        )
        web = serve(create_web_app(playground), host=host, port=port)
        stops.append(web.stop)
    except BaseException:
        for stop in reversed(stops):
            stop()
        raise
    return RunningPlayground(
        url=web.url,
        bot_url=bot_url,
        salesforce_url=emu.base_url if emu is not None else "",
        bot=bot,
        sim=sim,
        emu=emu,
        _stops=stops,
    )


def emulator_available() -> bool:
    """Whether devkit/salesforce can start a demo org in this checkout."""
    try:
        return hasattr(importlib.import_module("devkit.salesforce"), "start_emulator")
    except ImportError:
        return False


def run(*, host: str = "127.0.0.1", port: int = DEFAULT_PORT, data_dir: Path | None = None) -> int:
    """Start the playground, print its URL, and serve until interrupted (the CLI's entry)."""
    with_salesforce = emulator_available()
    if not with_salesforce:
        print("devkit/salesforce cannot start a demo org here: running without Salesforce.")
    try:
        running = start_playground(
            host=host, port=port, data_dir=data_dir, with_salesforce=with_salesforce
        )
    except OSError as error:
        print(f"The playground could not listen on {host}:{port} ({error.strerror or error}).")
        print("Pick another port: sfbot playground --port 3001 (or PORT=3001 make run).")
        return 1
    print()
    print(f"  sfbot playground: {running.url}")
    if running.salesforce_url:
        print(f"  Salesforce demo org: {running.salesforce_url} (rep@demo.example / demo)")
    print("  No Slack credentials are set, so the bot is talking to a simulated workspace.")
    print("  Ctrl-C stops it.")
    print(flush=True)
    # A terminated playground (docker stop, a test) still stops its servers and removes its files.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("Stopping the playground.")
    finally:
        running.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devkit.playground", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return run(host=args.host, port=args.port, data_dir=args.data_dir)
