"""`/sf create` end to end, against devkit Salesforce with 200 ms added to every request.

Usage: PYTHONPATH=. python bench/writes.py [DATABASE_URL]   (default: a temp SQLite file)

The Salesforce emulator and the Slack simulator run as their own processes (their CLIs, driven
over HTTP), so this process is one bot worker: the app served by werkzeug with its write
worker threads. Everything is measured in one run and printed as ratios against the goals:
- Salesforce calls per create with warm caches (goal ≤ 1.1), from the emulator's request log;
- end-to-end `/sf create` time (command sent → result shown in Slack) ÷ a bare simple-salesforce
  create of the same record (goal ≤ 1.15);
- Slack ack latency p50/p99 with 100 commands sent at once (goal p99 ≤ 50 ms);
- commands acked per second in that burst (goal ≥ 300), and writes completed per second;
- peak RSS of this worker process.

Then the same burst against the bot as production serves it: `sfbot serve` (gunicorn, SERVED_WORKERS
workers × SERVED_THREADS threads) on PostgreSQL with default durability, SERVED_COMMANDS
commands with BURST in flight at any time: ack p50/p99, commands acked per second, and the CPU
the bot's processes used per command (ack, write and result), hence the commands per second
that two cores could serve if the bot had them to itself (here the simulator, the emulator and
the load generator share them).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests
from simple_salesforce import Salesforce
from werkzeug.serving import WSGIRequestHandler, make_server

from bench.served import Gunicorn, Postgres
from bot.app import create_app
from bot.config import load_settings
from bot.slack import messages
from bot.store.connection_types import ConnectionDetails

LATENCY_MS = 200
SEQUENTIAL = 15
BURST = 100
USER = "U0ADA00001"
TEAM = "T0DEMO0001"
CHANNEL = "C0SALES001"
USERNAME = "rep@demo.example"
SIGNING_SECRET = "bench-signing-secret-0123456789abcdef"
ROOT = Path(__file__).resolve().parents[1]
SERVED_WORKERS = 2
SERVED_THREADS = 8
SERVED_COMMANDS = 300
CORES = 2


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def _spawn(*args: str, lines: int) -> tuple[subprocess.Popen[str], list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", *args], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT
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

    def results(self) -> int:
        found = self.http.get(self.control + "messages", params={"visible_to": USER}).json()
        return sum(1 for m in found if m["text"].startswith(":white_check_mark:"))

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

    def wait_results(self, count: int, timeout: float = 120.0) -> None:
        """Long-poll the simulator's feed until ``count`` confirmations are shown."""
        deadline = time.monotonic() + timeout
        while self.results() < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"fewer than {count} results shown")
            feed = self.http.get(self.control + "feed", params={"since": self.seen, "wait": 2})
            self.seen = feed.json()["next"]


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="sfbot-bench-"))
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{workdir / 'bench.db'}"
    emu_proc, emu_out = _spawn("devkit.salesforce", "--port", "0", "--org", "demo", lines=2)
    sim_proc, sim_out = _spawn("devkit.slack", "--signing-secret", SIGNING_SECRET, lines=1)
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

        before = slack.results()
        gate = threading.Barrier(BURST)

        def send(i: int) -> float:
            gate.wait()
            result = slack.slash(f"create contact last=Burst{i}")
            assert result["body"]["text"] == messages.WORKING, result["body"]
            return float(result["latency_ms"])

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=BURST) as pool:
            acks = list(pool.map(send, range(BURST)))
        acked_in = time.perf_counter() - start
        slack.wait_results(before + BURST)
        done_in = time.perf_counter() - start
        bot.stop()
        bot = None
        server.shutdown()
        server = None
        served = measure_served(slack, environment, connection)
    finally:
        if bot is not None:
            bot.stop()
        if server is not None:
            server.shutdown()
        for proc in (emu_proc, sim_proc):
            proc.terminate()
            proc.wait(timeout=10)

    ours = statistics.median(t for t, _ack in timed)
    alone = statistics.median(a for _t, a in timed)
    bare_median = statistics.median(bare)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = settings.sfbot_write_workers
    print(f"Salesforce latency added: {LATENCY_MS} ms per request; database: {url.split(':')[0]}")
    print(f"Salesforce calls per create, warm caches: {calls_per_create:.2f} (goal <= 1.1)")
    print(
        f"/sf create end to end {ours * 1000:.0f} ms / bare simple-salesforce create "
        f"{bare_median * 1000:.0f} ms = {ours / bare_median:.2f} (goal <= 1.15)"
    )
    print(f"ack latency, one command at a time: p50 {alone:.1f} ms")
    print(
        f"ack latency with {BURST} concurrent commands: p50 {_percentile(acks, 0.5):.1f} ms, "
        f"p99 {_percentile(acks, 0.99):.1f} ms (goal p99 <= 50 ms)"
    )
    print(f"commands acked per second: {BURST / acked_in:.0f} (goal >= 300)")
    print(f"writes completed per second ({workers} worker threads): {BURST / done_in:.1f}")
    print(f"peak RSS of this worker process: {peak_mb:.0f} MB")
    print(
        f"\nsfbot serve: gunicorn {SERVED_WORKERS} workers x {SERVED_THREADS} threads, "
        f"PostgreSQL (fsync on); {SERVED_COMMANDS} commands, {BURST} in flight"
    )
    acks = served["acks"]
    p99 = _percentile(acks, 0.99)
    print(
        f"ack latency: p50 {_percentile(acks, 0.5):.1f} ms, p99 {p99:.1f} ms "
        f"(goal p99 <= 50 ms: {_met(p99 <= 50)})"
    )
    rate = SERVED_COMMANDS / served["acked_in"]
    print(f"commands acked per second, measured: {rate:.0f} (goal >= 300: {_met(rate >= 300)})")
    print(f"writes completed per second: {SERVED_COMMANDS / served['done_in']:.1f}")
    per_command = served["cpu"] / SERVED_COMMANDS
    capacity = CORES / per_command
    print(
        f"bot CPU per command (ack + write + result, all gunicorn processes): "
        f"{per_command * 1000:.1f} ms, so {CORES} cores to itself would serve "
        f"{capacity:.0f} commands/s ({_met(capacity >= 300)} for the goal of 300; measured on "
        f"a box it shares with the simulator, the emulator and this load generator)"
    )
    print(f"peak RSS per gunicorn worker: {served['rss']:.0f} MB")


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def measure_served(
    slack: Slack, environment: dict[str, str], connection: ConnectionDetails
) -> dict[str, Any]:
    """The burst against `sfbot serve` (gunicorn) on a fresh PostgreSQL."""
    postgres = Postgres().start()
    gunicorn = None
    try:
        environment = {**environment, "database_url": postgres.url}
        setup = create_app(load_settings(**environment))  # schema, and the stored connection
        setup.services.connections.save(connection)
        setup.stop()
        gunicorn = Gunicorn(
            {name.upper(): value for name, value in environment.items()},
            workers=SERVED_WORKERS,
            threads=SERVED_THREADS,
        )
        slack.http.post(slack.control + "config", json={"app_url": gunicorn.events_url})
        before = slack.results()
        with ThreadPoolExecutor(max_workers=BURST) as pool:  # warms every worker's caches
            list(pool.map(lambda i: slack.slash(f"create contact last=Warm{i}"), range(20)))
        slack.wait_results(before + 20)

        def send(i: int) -> float:
            result = slack.slash(f"create contact last=Served{i}")
            assert result["body"]["text"] == messages.WORKING, result["body"]
            return float(result["latency_ms"])

        before = slack.results()
        cpu = gunicorn.cpu_seconds()
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=BURST) as pool:
            acks = list(pool.map(send, range(SERVED_COMMANDS)))
        acked_in = time.perf_counter() - start
        slack.wait_results(before + SERVED_COMMANDS, timeout=300)
        done_in = time.perf_counter() - start
        return {
            "acks": acks,
            "acked_in": acked_in,
            "done_in": done_in,
            "cpu": gunicorn.cpu_seconds() - cpu,
            "rss": gunicorn.peak_rss_mb(),
        }
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        postgres.stop()


if __name__ == "__main__":
    main()
