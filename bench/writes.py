"""`/sf create` end to end, against devkit Salesforce with 200 ms added to every request.

Usage: PYTHONPATH=. python bench/writes.py [DATABASE_URL] [--rate 300] [--duration 3]
       [--workers 4] [--threads 4] [--senders N]
(DATABASE_URL, for the first part, defaults to a temp SQLite file; the bot's own settings, e.g.
SFBOT_WRITE_WORKERS, come from the environment.)

The Salesforce emulator and the Slack simulator run as their own processes (their CLIs, driven
over HTTP). First, one bot worker in this process (the app served by werkzeug with its write
worker threads), one command at a time through the simulator's `/_sim/slash`:
- Salesforce calls per create with warm caches (goal <= 1.1), from the emulator's request log;
- end-to-end `/sf create` time (command sent -> result shown in Slack) / a bare simple-salesforce
  create of the same record (goal <= 1.15);
- the ack latency of one command alone.

Then the bot as production serves it: `sfbot serve` (gunicorn, --workers x --threads) on
PostgreSQL with default durability, under **open-loop** load (bench/loadgen.py): commands start
on a fixed schedule, --rate per second for --duration seconds, signed and posted straight to
gunicorn's /slack/events by a light generator in this process, whatever the acks are doing. The
goals, p99 ack <= 50 ms while serving >= 300 commands/s with Salesforce taking 200 ms a request,
only fit together that way: each command takes ~200 ms+ end to end, so at 300/s some 60-100
commands are in flight at any moment (Little's law: rate x time in system), and each new command
must still be acked within 50 ms. A closed loop (N senders each waiting for its ack) instead
ties the two readings together, latency = N / throughput, and would ask for 2,000 acks/s to show
50 ms at N = 100; it also sent through the simulator's control API, whose own CPU and threads
then sat inside every measured ack. Printed for the served run:
- offered rate and achieved ack rate; ack latency (send -> full response, measured by the
  generator) p50/p99/max against the goal;
- how late the generator started commands against the schedule (p99: did the generator itself
  fall behind?) and its CPU per request;
- command sent -> result shown in Slack (the bot's post to the response URL, timed by the
  simulator), commands in flight (acked, result not yet shown: mean while commands arrive, max),
  and writes completed per second;
- the bot's CPU per command (all gunicorn processes, from /proc) and the commands per second two
  cores would serve the bot alone (goal >= 300); peak RSS per gunicorn worker;
- what share of the box's CPU went to the bot, PostgreSQL, the simulator, the emulator and the
  generator over the run: on this 2-core box they all share the cores, so the measured ack rate
  and latency are under that contention and the capacity line is the bot's own cost.

Salesforce and Slack run elsewhere in production. Their stand-ins here run at a lower CPU
priority (nice +10): they take the CPU the bot leaves instead of competing with its acks (at
200/s they used ~12% of the box either way; at equal priority ack p99 was about 3x higher when
the box saturated). PostgreSQL and the load generator keep normal priority.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
from simple_salesforce import Salesforce
from werkzeug.serving import WSGIRequestHandler, make_server

from bench.open_loop import Load, measure_served
from bot.app import create_app
from bot.config import load_settings
from bot.store.connection_types import ConnectionDetails

LATENCY_MS = 200
SEQUENTIAL = 15
USER = "U0ADA00001"
TEAM = "T0DEMO0001"
CHANNEL = "C0SALES001"
USERNAME = "rep@demo.example"
SIGNING_SECRET = "bench-signing-secret-0123456789abcdef"
ROOT = Path(__file__).resolve().parents[1]


def _spawn(*args: str, lines: int, nice: int = 0) -> tuple[subprocess.Popen[str], list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        preexec_fn=(lambda: os.nice(nice)) if nice else None,
    )
    assert proc.stdout is not None
    return proc, [proc.stdout.readline().strip() for _ in range(lines)]


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class Slack:
    """The simulator process, through its `/_sim/` control API."""

    def __init__(self, control: str) -> None:
        self.control = control
        self.http = requests.Session()
        self.http.trust_env = False
        self.seen = 0

    def slash(self, text: str) -> dict[str, Any]:
        body = {"text": text, "user": USER, "channel": CHANNEL}
        for attempt in range(20):
            try:
                # A fresh connection each time: the simulator's control server has a short
                # listen queue, and a refused connect does not touch what is measured (the
                # simulator times its own request to the app).
                result = requests.post(self.control + "slash", json=body, timeout=60).json()
                break
            except requests.ConnectionError:
                time.sleep(0.05 * (attempt + 1))
        else:
            raise RuntimeError("the simulator refused the command 20 times")
        assert result["status"] == 200, result
        return result

    def mark(self) -> None:
        """Skip feed events so far."""
        self.seen = self.http.get(self.control + "feed", params={"since": 0}).json()["next"]

    def wait_replaced(self, timeout: float = 60.0) -> float:
        """Wall-clock time at which the simulator replaced a reply (the result arrived)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            feed = self.http.get(self.control + "feed", params={"since": self.seen, "wait": 5})
            data = feed.json()
            self.seen = data["next"]
            for event in data["events"]:
                if event["kind"] == "message_changed":
                    return float(event["time"])
        raise TimeoutError("no result shown")


# See the module docstring: the stand-ins for remote services yield the CPU to the bot.
STAND_IN_NICE = 10


def main() -> None:
    database_url, load = _arguments()
    workdir = Path(tempfile.mkdtemp(prefix="sfbot-bench-"))
    url = database_url or f"sqlite:///{workdir / 'bench.db'}"
    emu_proc, emu_out = _spawn(
        "devkit.salesforce", "--port", "0", "--org", "demo", lines=2, nice=STAND_IN_NICE
    )
    sim_proc, sim_out = _spawn(
        "devkit.slack", "--signing-secret", SIGNING_SECRET, lines=1, nice=STAND_IN_NICE
    )
    server = None
    bot = None
    try:
        emu_url = emu_out[0].rsplit(" at ", 1)[1]
        ca_file = emu_out[1].removeprefix("CA file: ")
        sim_info = json.loads(sim_out[0])
        slack = Slack(sim_info["control"])
        devkit = requests.Session()
        devkit.verify, devkit.trust_env = ca_file, False
        token = devkit.post(emu_url + "/__devkit/token", json={"username": USERNAME}).json()
        org_id, sf_user_id = token["id"].rstrip("/").split("/")[-2:]

        environment = {
            "slack_signing_secret": SIGNING_SECRET,
            "slack_bot_token": sim_info["bot_token"],
            "slack_api_url": sim_info["api_url"],
            "database_url": url,
            "public_url": "http://127.0.0.1:9",
            "sfbot_key_file": str(workdir / "key"),
            "salesforce_client_id": "devkit",
            "salesforce_client_secret": "devkit-secret",
            "salesforce_login_url": emu_url,
            "salesforce_ca_bundle": ca_file,
            "sfbot_log_level": "WARNING",
        }
        settings = load_settings(**environment)
        bot = create_app(settings)
        bot.start()
        server = make_server("127.0.0.1", 0, bot.wsgi, threaded=True, request_handler=_Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        app_url = f"http://127.0.0.1:{server.server_port}/slack/events"
        slack.http.post(slack.control + "config", json={"app_url": app_url}).raise_for_status()
        connection = ConnectionDetails(
            team_id=TEAM,
            slack_user_id=USER,
            org_id=org_id,
            sf_user_id=sf_user_id,
            instance_url=token["instance_url"],
            login_url=emu_url,
            access_token=token["access_token"],
        )
        bot.services.connections.save(connection)

        def create(name: str) -> tuple[float, float]:
            slack.mark()
            start = time.time()
            ack = slack.slash(f"create contact last={name}")
            return slack.wait_replaced() - start, ack["latency_ms"]

        create("Warmup")  # fills the describe caches and the user's locale
        devkit.post(emu_url + "/__devkit/faults", json={"latency_ms": LATENCY_MS})

        since = len(devkit.get(emu_url + "/__devkit/requests").json())
        timed = [create(f"Bench{i}") for i in range(SEQUENTIAL)]
        log = devkit.get(emu_url + "/__devkit/requests").json()[since:]
        calls_per_create = sum("/services/data/" in r["path"] for r in log) / SEQUENTIAL

        bare_sf = Salesforce(
            instance_url=token["instance_url"], session_id=token["access_token"], session=devkit
        )
        bare = []
        for i in range(SEQUENTIAL):
            start = time.perf_counter()
            bare_sf.Contact.create({"LastName": f"Bare{i}"})
            bare.append(time.perf_counter() - start)

        bot.stop()
        bot = None
        server.shutdown()
        server = None
        _print_in_process(url, calls_per_create, timed, bare)
        measure_served(
            load=load,
            environment=environment,
            connection=connection,
            control_url=sim_info["control"],
            identity={"team": TEAM, "channel": CHANNEL, "user": USER, "user_name": "ada"},
            others={"simulator": sim_proc.pid, "emulator": emu_proc.pid},
        )
    finally:
        if bot is not None:
            bot.stop()
        if server is not None:
            server.shutdown()
        for proc in (emu_proc, sim_proc):
            proc.terminate()
            proc.wait(timeout=10)


def _print_in_process(
    url: str, calls_per_create: float, timed: list[tuple[float, float]], bare: list[float]
) -> None:
    ours = statistics.median(t for t, _ack in timed)
    alone = statistics.median(a for _t, a in timed)
    bare_median = statistics.median(bare)
    print(f"Salesforce latency added: {LATENCY_MS} ms per request; database: {url.split(':')[0]}")
    print(f"Salesforce calls per create, warm caches: {calls_per_create:.2f} (goal <= 1.1)")
    print(
        f"/sf create end to end {ours * 1000:.0f} ms / bare simple-salesforce create "
        f"{bare_median * 1000:.0f} ms = {ours / bare_median:.2f} (goal <= 1.15)"
    )
    print(f"ack latency, one command at a time (in-process werkzeug): p50 {alone:.1f} ms")


def _arguments() -> tuple[str | None, Load]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database_url", nargs="?", help="for the first part (default: SQLite)")
    parser.add_argument("--rate", type=float, default=300.0, help="commands started per second")
    parser.add_argument("--duration", type=float, default=3.0, help="seconds of arrivals")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument(
        "--senders",
        type=int,
        default=0,
        help="load generator threads (default: one per command of the first second, so acks "
        "may take up to 1 s before the generator falls behind)",
    )
    args = parser.parse_args()
    senders = args.senders or max(16, math.ceil(args.rate))
    load = Load(args.rate, args.duration, args.workers, args.threads, senders)
    return args.database_url, load


if __name__ == "__main__":
    main()
