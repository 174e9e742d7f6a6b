"""`/sf create` end to end, against devkit Salesforce with 200 ms added to every request.

Usage: PYTHONPATH=. python bench/writes.py [DATABASE_URL]   (default: a temp SQLite file)

Everything runs in this process on loopback (the app served by werkzeug, the Slack simulator,
the Salesforce emulator), so the figures are ratios measured in one run. Prints:
- Salesforce calls per create with warm caches (goal ≤ 1.1), counted in the emulator's log;
- end-to-end `/sf create` time (command sent → result shown in Slack) ÷ a bare simple-salesforce
  create of the same record (goal ≤ 1.15);
- Slack ack latency p50/p99 with 100 commands sent at once (goal p99 ≤ 50 ms);
- commands acked per second in that burst, and writes completed per second;
- peak RSS of this process (app + emulator + simulator; an upper bound for one worker).
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
from simple_salesforce import Salesforce
from werkzeug.serving import WSGIRequestHandler, make_server

from bot.app import create_app
from bot.config import load_settings
from bot.slack import messages
from bot.store.connections import ConnectionDetails
from devkit.salesforce import start_emulator
from devkit.slack import SlackSimulator

LATENCY_MS = 200
SEQUENTIAL = 15
BURST = 100
USER = "U0ADA00001"
CHANNEL = "C0SALES001"
SIGNING_SECRET = "bench-signing-secret-0123456789abcdef"


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


class _Quiet(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


def _serve(app: Any) -> tuple[str, Any]:
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def _api_calls(emu: Any, since: int) -> int:
    return sum(1 for r in emu.requests()[since:] if "/services/data/" in r["path"])


def _results(sim: SlackSimulator) -> list[dict[str, Any]]:
    return [m for m in sim.ephemeral_messages(USER) if m["text"].startswith(":white_check_mark:")]


def _create(sim: SlackSimulator, name: str, acks: list[float] | None = None) -> float:
    """One `/sf create`; seconds until its result replaced the "working on it" reply."""
    before = len(_results(sim))
    start = time.perf_counter()
    result = sim.slash(f"create contact last={name}", user=USER, channel=CHANNEL)
    assert result.status == 200, result.text
    if acks is not None:
        acks.append(result.latency_ms)
    sim.wait_for(lambda: len(_results(sim)) > before, timeout=30)
    return time.perf_counter() - start


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="sfbot-bench-"))
    url = sys.argv[1] if len(sys.argv) > 1 else f"sqlite:///{workdir / 'bench.db'}"
    emu = start_emulator("demo")
    sim = SlackSimulator(signing_secret=SIGNING_SECRET).start()
    settings = load_settings(
        slack_signing_secret=SIGNING_SECRET,
        slack_bot_token=sim.bot_token,
        slack_api_url=sim.api_url,
        database_url=url,
        public_url="http://127.0.0.1:9",
        sfbot_key_file=str(workdir / "key"),
        salesforce_client_id="devkit",
        salesforce_client_secret="devkit-secret",
        salesforce_login_url=emu.base_url,
        salesforce_ca_bundle=emu.ca_file,
        sfbot_log_level="WARNING",
    )
    bot = create_app(settings)
    bot.start()
    base_url, server = _serve(bot.wsgi)
    sim.app_url = base_url + "/slack/events"
    token, instance_url = emu.token_for("rep@demo.example")
    bot.services.connections.save(
        ConnectionDetails(
            team_id=sim.state.team_id,
            slack_user_id=USER,
            org_id=emu.org.definition.org_id,
            sf_user_id=emu.user_id("rep@demo.example"),
            instance_url=instance_url,
            login_url=emu.base_url,
            access_token=token,
        )
    )
    try:
        _create(sim, "Warmup")  # fills the describe caches and the user's locale
        emu.set_faults(latency_ms=LATENCY_MS)

        since = len(emu.requests())
        alone: list[float] = []
        ours = [_create(sim, f"Bench{i}", alone) for i in range(SEQUENTIAL)]
        calls_per_create = _api_calls(emu, since) / SEQUENTIAL

        session = requests.Session()
        session.verify = emu.ca_file
        session.trust_env = False
        bare_sf = Salesforce(instance_url=instance_url, session_id=token, session=session)
        bare = []
        for i in range(SEQUENTIAL):
            start = time.perf_counter()
            bare_sf.Contact.create({"LastName": f"Bare{i}"})
            bare.append(time.perf_counter() - start)

        acks: list[float] = []
        lock = threading.Lock()
        gate = threading.Barrier(BURST)
        before = len(_results(sim))

        def send(i: int) -> None:
            gate.wait()
            result = sim.slash(f"create contact last=Burst{i}", user=USER, channel=CHANNEL)
            assert result.status == 200 and result.body["text"] == messages.WORKING, result.text
            with lock:
                acks.append(result.latency_ms)

        threads = [threading.Thread(target=send, args=(i,)) for i in range(BURST)]
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        acked_in = time.perf_counter() - start
        sim.wait_for(lambda: len(_results(sim)) >= before + BURST, timeout=120)
        done_in = time.perf_counter() - start
    finally:
        bot.stop()
        server.shutdown()
        sim.stop()
        emu.stop()

    median_ours, median_bare = statistics.median(ours), statistics.median(bare)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Salesforce latency added: {LATENCY_MS} ms per request; database: {url.split(':')[0]}")
    print(f"Salesforce calls per create, warm caches: {calls_per_create:.2f} (goal <= 1.1)")
    print(
        f"/sf create end to end {median_ours * 1000:.0f} ms / bare simple-salesforce create "
        f"{median_bare * 1000:.0f} ms = {median_ours / median_bare:.2f} (goal <= 1.15)"
    )
    print(f"ack latency, one command at a time: p50 {_percentile(alone, 0.5):.1f} ms")
    print(
        f"ack latency with {BURST} concurrent commands: p50 {_percentile(acks, 0.5):.1f} ms, "
        f"p99 {_percentile(acks, 0.99):.1f} ms (goal p99 <= 50 ms)"
    )
    print(f"commands acked per second: {BURST / acked_in:.0f} (goal >= 300)")
    print(
        f"writes completed per second ({settings.sfbot_write_workers} worker threads): "
        f"{BURST / done_in:.1f}"
    )
    print(f"peak RSS of the process (app + emulator + simulator): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
