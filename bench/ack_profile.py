"""Where the CPU of a `/sf create` ack goes: signed requests through the app's WSGI, in-process.

Usage: PYTHONPATH=. python bench/ack_profile.py [N] [--profile]   (N commands, default 300)

The emulator and the simulator run as their own processes (as in bench/writes.py); the app is
built here without its write workers, so only the path up to the ack is timed: signature check,
bolt's middleware, our middleware, connection lookup, grammar, validation against the cached
describe, the intent insert, the JSON log line. Prints the per-command CPU and wall time (ms);
with ``--profile`` also pyinstrument's call tree of all N commands.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import requests

from bench.writes import CHANNEL, SIGNING_SECRET, TEAM, USER, USERNAME, _spawn
from bot.app import create_app
from bot.config import load_settings
from bot.store.connection_types import ConnectionDetails
from devkit.slack.signing import signed_headers


def main() -> None:
    count = int(next((a for a in sys.argv[1:] if a.isdigit()), "300"))
    workdir = Path(tempfile.mkdtemp(prefix="sfbot-ackprof-"))
    emu_proc, emu_out = _spawn("devkit.salesforce", "--port", "0", "--org", "demo", lines=2)
    sim_proc, sim_out = _spawn("devkit.slack", "--signing-secret", SIGNING_SECRET, lines=1)
    try:
        emu_url = emu_out[0].rsplit(" at ", 1)[1]
        ca_file = emu_out[1].removeprefix("CA file: ")
        sim_info = json.loads(sim_out[0])
        devkit = requests.Session()
        devkit.verify, devkit.trust_env = ca_file, False
        token = devkit.post(emu_url + "/__devkit/token", json={"username": USERNAME}).json()
        org_id, sf_user_id = token["id"].rstrip("/").split("/")[-2:]
        settings = load_settings(
            slack_signing_secret=SIGNING_SECRET,
            slack_bot_token=sim_info["bot_token"],
            slack_api_url=sim_info["api_url"],
            database_url=f"sqlite:///{workdir / 'prof.db'}",
            public_url="http://127.0.0.1:9",
            sfbot_key_file=str(workdir / "key"),
            salesforce_client_id="devkit",
            salesforce_client_secret="devkit-secret",
            salesforce_login_url=emu_url,
            salesforce_ca_bundle=ca_file,
            sfbot_log_level="WARNING",
        )
        bot = create_app(settings)  # not started: intents stay pending, only acks are timed
        if "--writes" in sys.argv:  # ... unless asked: then the writes run too
            bot.start()
        bot.services.connections.save(
            ConnectionDetails(
                team_id=TEAM,
                slack_user_id=USER,
                org_id=org_id,
                sf_user_id=sf_user_id,
                instance_url=token["instance_url"],
                login_url=emu_url,
                access_token=token["access_token"],
            )
        )
        client = bot.wsgi.test_client()
        http = None
        if "--http" in sys.argv:  # through a real socket and werkzeug's threaded server
            from werkzeug.serving import make_server

            from bench.writes import _Quiet

            inside: list[float] = []

            def timed(environ, start_response):  # type: ignore[no-untyped-def]
                began = time.perf_counter()
                try:
                    return list(bot.wsgi(environ, start_response))
                finally:
                    inside.append(time.perf_counter() - began)

            server = make_server("127.0.0.1", 0, timed, threaded=True, request_handler=_Quiet)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            http = requests.Session()
            http.trust_env = False
            events_url = f"http://127.0.0.1:{server.server_port}/slack/events"

        def send(text: str) -> dict:
            body = urlencode(
                {
                    "team_id": TEAM,
                    "channel_id": CHANNEL,
                    "user_id": USER,
                    "user_name": "ada",
                    "command": "/sf",
                    "text": text,
                    "response_url": sim_info["api_url"] + "response/" + uuid.uuid4().hex,
                    "trigger_id": uuid.uuid4().hex,
                }
            ).encode()
            headers = signed_headers(
                signing_secret=SIGNING_SECRET,
                body=body,
                content_type="application/x-www-form-urlencoded",
            )
            if http is not None:
                return http.post(events_url, data=body, headers=headers).json()
            reply = client.post("/slack/events", data=body, headers=headers)
            return reply.get_json()

        print("warm-up reply:", send("create contact last=Warmup").get("text"))
        for i in range(20):
            send(f"create contact last=Warm{i}")
        if "--parts" in sys.argv:
            _time_parts(bot)
        profiler = None
        if "--profile" in sys.argv:
            from pyinstrument import Profiler

            # Run listeners in the request thread, so the profile sees them (bolt's default runs
            # them on its executor and only the waiting request thread would show).
            bot.bolt._listener_runner.process_before_response = True
            profiler = Profiler(interval=0.0002)
            profiler.start()
        cprofile = None
        if "--cprofile" in sys.argv:
            import cProfile

            bot.bolt._listener_runner.process_before_response = True
            cprofile = cProfile.Profile(time.process_time)
            cprofile.enable()
        walls, cpus = [], []
        for i in range(count):
            wall, cpu = time.perf_counter(), time.process_time()
            send(f"create contact first=Ada last=Bench{i} email=ada{i}@example.com")
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False, show_all=False))
        if cprofile is not None:
            import pstats

            cprofile.disable()
            pstats.Stats(cprofile).sort_stats("tottime").print_stats(35)
        print(
            f"/sf create ack, {count} in a row: wall p50 {statistics.median(walls) * 1000:.2f} ms, "
            f"CPU p50 {statistics.median(cpus) * 1000:.2f} ms, "
            f"CPU mean {statistics.mean(cpus) * 1000:.2f} ms"
        )
        if http is not None:
            print(f"inside the WSGI app: p50 {statistics.median(inside[-count:]) * 1000:.2f} ms")
        bot.stop()
    finally:
        for proc in (emu_proc, sim_proc):
            proc.terminate()
            proc.wait(timeout=10)


def _time_parts(bot: object) -> None:
    """CPU and wall time of pieces of the ack path, each run alone (µs per call)."""
    from bot.slack.records import context
    from bot.writes import submit_intent

    services = bot.services  # type: ignore[attr-defined]
    parts = {
        "connections.find": lambda: services.connections.find(team_id=TEAM, user_id=USER),
        "find_intent": lambda: context.find_intent(services, uuid.uuid4().hex),
        "submit_intent": lambda: submit_intent(
            services.sessions,
            idempotency_key=uuid.uuid4().hex,
            team_id=TEAM,
            user_id=USER,
            operation="create",
            sobject="Contact",
            payload={"fields": {"LastName": "Parts"}},
        ),
    }
    for name, part in parts.items():
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(300):
            part()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"  {name}: CPU {cpu / 300 * 1e6:.0f} µs, wall {wall / 300 * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
