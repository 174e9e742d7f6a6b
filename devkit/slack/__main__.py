"""``python -m devkit.slack --signing-secret S --app-url URL``: run the simulator standalone.

Prints the Web API URL and bot token (set SLACK_API_URL / SLACK_BOT_TOKEN from them) and serves
until interrupted; drive it through the ``/_sim/`` control API.
"""

from __future__ import annotations

import argparse
import json
import signal
import threading

from .simulator import SlackSimulator


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m devkit.slack", description=__doc__)
    parser.add_argument("--signing-secret", required=True)
    parser.add_argument("--app-url", help="the app's /slack/events URL")
    parser.add_argument("--options-url", help="block_suggestion URL (default: --app-url)")
    parser.add_argument("--port", type=int, default=0, help="default: an ephemeral port")
    args = parser.parse_args(argv)
    sim = SlackSimulator(
        signing_secret=args.signing_secret,
        app_url=args.app_url,
        options_url=args.options_url,
        port=args.port,
    ).start()
    print(
        json.dumps(
            {"api_url": sim.api_url, "bot_token": sim.bot_token, "control": sim.base_url + "_sim/"}
        ),
        flush=True,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()


if __name__ == "__main__":
    main()
