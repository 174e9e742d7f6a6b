"""The served half of bench/writes.py: `sfbot serve` (gunicorn) on PostgreSQL under open-loop load.

See bench/writes.py for what is measured and why open-loop; bench/loadgen.py sends the commands,
bench/served.py runs gunicorn and PostgreSQL and reads CPU and memory from /proc.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from dataclasses import dataclass

from bench.loadgen import Command, Run, SlackLoad, ack_text
from bench.served import Gunicorn, Postgres, box_busy_seconds, cpu_seconds
from bot.app import create_app
from bot.config import load_settings
from bot.slack import messages
from bot.store.connection_types import ConnectionDetails

CORES = 2
GOAL_P99_MS = 50.0
GOAL_RATE = 300.0
WARMUP = 100  # commands at 100/s before the clock starts: every worker's caches, connections
SAMPLE_S = 0.010  # how often the commands in flight are counted
SLACK_TIMEOUT_MS = 3000.0
LAG_WARNING_MS = 5.0  # later than this (p99), commands no longer start on schedule
IDLE_S = 2.0  # how long the bot's idle CPU (its workers polling for intents) is measured


@dataclass
class Load:
    """What to run: the generator's schedule and gunicorn's shape."""

    rate: float
    duration: float
    workers: int
    threads: int
    senders: int


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def measure_served(
    *,
    load: Load,
    environment: dict[str, str],
    connection: ConnectionDetails,
    control_url: str,
    identity: dict[str, str],
    others: dict[str, int],
) -> None:
    """Serve the bot with gunicorn on a fresh PostgreSQL, load it, and print what was measured.

    Args:
        load: Rate, duration, gunicorn workers × threads, sender threads.
        environment: The bot's settings (lower-case names), as for `load_settings`.
        connection: The user's Salesforce connection, stored before serving.
        control_url: The Slack simulator's ``/_sim/``.
        identity: ``team``, ``channel``, ``user``, ``user_name`` of the commands.
        others: Processes sharing the box (``simulator``, ``emulator``) by pid.
    """
    postgres = Postgres().start()
    gunicorn = None
    try:
        environment = {**environment, "database_url": postgres.url}
        setup = create_app(load_settings(**environment))  # schema, and the stored connection
        setup.services.connections.save(connection)
        setup.stop()
        # The bot's own settings come from this environment (SFBOT_WRITE_WORKERS…) when set.
        served_env = {name.upper(): value for name, value in environment.items()}
        served_env.update({k: v for k, v in os.environ.items() if k.startswith("SFBOT_")})
        gunicorn = Gunicorn(served_env, workers=load.workers, threads=load.threads)
        settings = load_settings(**{k.lower(): v for k, v in served_env.items()})
        generator = SlackLoad(
            events_url=gunicorn.events_url,
            control_url=control_url,
            signing_secret=environment["slack_signing_secret"],
            senders=load.senders,
            **identity,
        )
        warm = generator.commands([f"create contact last=Warm{i}" for i in range(WARMUP)])
        generator.run(warm, rate=100)
        generator.wait_results(WARMUP, timeout=120)
        time.sleep(0.5)
        idle_from = gunicorn.cpu_seconds()
        time.sleep(IDLE_S)
        idle = (gunicorn.cpu_seconds() - idle_from) / IDLE_S  # cores the bot uses doing nothing

        count = round(load.rate * load.duration)
        commands = generator.commands([f"create contact last=Served{i}" for i in range(count)])
        pids = {"bot": gunicorn.proc.pid, "PostgreSQL": postgres.pid, **others}
        wall_offset = time.time() - time.perf_counter()
        before: dict[str, float] = {}
        # Read as the clock starts: the senders' connection refresh (/healthz) is not the load.
        run = generator.run(commands, rate=load.rate, on_start=lambda: before.update(_cpu(pids)))
        acked = _cpu(pids)  # the load phase: commands sent and acked, writes under way
        generator.wait_results(count, timeout=300)
        after = _cpu(pids)
        window = after["wall"] - before["wall"]
        cpu = {name: after[name] - before[name] for name in after if name != "wall"}
        load_phase = {name: acked[name] - before[name] for name in acked}
        per_worker = {pid: cpu_seconds(pid) for pid in gunicorn.worker_pids()}
        generator.collect(
            run, wall_offset=wall_offset, is_result=lambda text: text.startswith(":white_check")
        )
        _report(
            run,
            load=load,
            write_workers=settings.sfbot_write_workers,
            window=window,
            idle=idle,
            cpu=cpu,
            load_phase=load_phase,
            per_worker=per_worker,
            peak_rss=gunicorn.peak_rss_mb(),
        )
    finally:
        if gunicorn is not None:
            gunicorn.stop()
        postgres.stop()


def _in_flight(commands: list[Command], start: float, end: float) -> list[int]:
    """Commands acked but whose result was not shown yet, every SAMPLE_S from start to end."""
    events = sorted(
        [(c.acked, 1) for c in commands]
        + [(c.shown, -1) for c in commands if not math.isnan(c.shown)]
    )
    samples, level, at = [], 0, 0
    for step in range(int((end - start) / SAMPLE_S) + 1):
        moment = start + step * SAMPLE_S
        while at < len(events) and events[at][0] <= moment:
            level += events[at][1]
            at += 1
        samples.append(level)
    return samples


def _report(
    run: Run,
    *,
    load: Load,
    write_workers: int,
    window: float,
    idle: float,
    cpu: dict[str, float],
    load_phase: dict[str, float],
    per_worker: dict[int, float],
    peak_rss: float,
) -> None:
    commands = run.commands
    count = len(commands)
    env = " ".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("SFBOT_"))
    print(
        f"\nsfbot serve: gunicorn {load.workers} web workers x {load.threads} threads "
        f"(acks only) and {os.environ.get('SFBOT_WRITE_PROCESSES') or os.cpu_count()} write "
        f"processes x {write_workers} writes at once"
        f"{f' ({env})' if env else ''}, PostgreSQL (fsync on)"
    )
    print(
        f"open-loop load: {count} `/sf create` at {load.rate:g}/s for {load.duration:g} s, "
        f"signed and posted straight to /slack/events from {load.senders} sender threads "
        f"(kept-alive connections); results through the Slack simulator's response URLs"
    )
    bad = [c for c in commands if c.status != 200 or ack_text(c) != messages.WORKING]
    if bad:
        print(
            f"  {len(bad)} acks were not 'Working on it' (first: {bad[0].status} {bad[0].reply!r})"
        )
    first_sent = min(c.sent for c in commands)
    acked_rate = count / (max(c.acked for c in commands) - first_sent)
    print(f"offered {load.rate:g} commands/s; acked {acked_rate:.0f} commands/s")
    acks = [c.ack_ms for c in commands]
    p99 = percentile(acks, 0.99)
    print(
        f"ack latency: p50 {percentile(acks, 0.5):.1f} ms, p99 {p99:.1f} ms, "
        f"max {max(acks):.1f} ms "
        f"(goal p99 <= {GOAL_P99_MS:g} ms: {met(p99 <= GOAL_P99_MS)})"
    )
    slow = sum(1 for ack in acks if ack > SLACK_TIMEOUT_MS)
    if slow:
        print(f"  {slow} acks took over Slack's 3 s: users would see an error")
    lag = [(c.sent - c.scheduled) * 1000 for c in commands]
    print(
        f"generator: started commands late by p50 {percentile(lag, 0.5):.2f} ms, p99 "
        f"{percentile(lag, 0.99):.2f} ms, max {max(lag):.2f} ms versus schedule; "
        f"CPU {run.sender_cpu / count * 1000:.2f} ms per request; {run.reconnects} reconnects"
    )
    if percentile(lag, 0.99) > LAG_WARNING_MS:
        # Commands waiting for a free sender are not in the ack times above; a user would have
        # waited from the scheduled start.
        late = [(c.acked - c.scheduled) * 1000 for c in commands]
        print(
            f"  the generator fell behind its schedule: all {load.senders} senders were waiting "
            f"for acks; from the scheduled start, acks took p50 {percentile(late, 0.5):.0f} ms, "
            f"p99 {percentile(late, 0.99):.0f} ms (more --senders keeps the load open-loop)"
        )
    shown = [c for c in commands if not math.isnan(c.shown)]
    if len(shown) < count:
        failed = next((c.result for c in commands if math.isnan(c.shown)), "")
        print(f"  {count - len(shown)} results were not a confirmation (first: {failed!r})")
    if not shown:
        return
    end_to_end = [(c.shown - c.sent) * 1000 for c in shown]
    print(
        f"command sent -> result shown in Slack: p50 {percentile(end_to_end, 0.5):.0f} ms, "
        f"p99 {percentile(end_to_end, 0.99):.0f} ms, max {max(end_to_end):.0f} ms"
    )
    last_shown = max(c.shown for c in shown)
    flight = _in_flight(commands, run.t0, last_shown)
    arrivals = flight[: int(load.duration / SAMPLE_S)]
    print(
        f"commands in flight (acked, result not yet shown): mean {statistics.mean(arrivals):.0f} "
        f"while commands arrive, max {max(flight)}"
    )
    completed = (len(shown) - 1) / (last_shown - min(c.shown for c in shown))
    print(f"writes completed per second (first to last result shown): {completed:.0f}")
    if completed < 0.9 * load.rate:
        print(
            f"  the writes fall behind the arrivals ({completed:.0f}/s < {load.rate:g}/s): the "
            f"backlog grows through the run, so there is no steady state at this rate"
        )
    else:  # Little's law: in a steady state, in flight = arrival rate x time in flight
        waiting = statistics.mean(c.shown - c.acked for c in shown)
        print(
            f"  steady state: {load.rate:g}/s x {waiting * 1000:.0f} ms from ack to result = "
            f"{load.rate * waiting:.0f} in flight by Little's law"
        )
    # What the bot burns idle (polling) over the window is not a command's cost; the capacity
    # of two cores is what is left of them after it.
    per_command = (cpu["bot"] - idle * window) / count
    capacity = (CORES - idle) / per_command
    print(
        f"bot CPU per command (ack + write + result, all gunicorn processes): "
        f"{per_command * 1000:.2f} ms, plus {idle:.1%} of a core while idle; so {CORES} cores "
        f"to itself would serve {capacity:.0f} commands/s "
        f"(goal >= {GOAL_RATE:g}: {met(capacity >= GOAL_RATE)})"
    )
    split = ", ".join(f"{seconds:.1f} s" for seconds in per_worker.values())
    print(
        "CPU per child of the gunicorn master (web workers, write processes) since it "
        f"started: {split}"
    )
    print(f"peak RSS per gunicorn worker: {peak_rss:.0f} MB")
    for label, seconds in (
        ("while commands were sent and acked", load_phase),
        ("over the whole run (the load, then the last results)", {**cpu, "wall": window}),
    ):
        print(f"the {CORES}-core box's CPU {label}: {_shares(seconds)}")


def _cpu(pids: dict[str, int]) -> dict[str, float]:
    """CPU seconds so far of each process tree, this generator, and other processes on the box;
    ``wall``: the time they were read."""
    out = {name: cpu_seconds(pid) for name, pid in pids.items()}
    out["generator"] = cpu_seconds(os.getpid(), tree=False)
    out["other processes"] = box_busy_seconds() - sum(out.values())  # e.g. other test runs
    out["wall"] = time.perf_counter()
    return out


def _shares(seconds: dict[str, float]) -> str:
    box = seconds["wall"] * CORES
    busy = {name: max(0.0, value) for name, value in seconds.items() if name != "wall"}
    shares = ", ".join(f"{name} {value / box:.0%}" for name, value in busy.items())
    return f"{shares}; idle {max(0.0, 1 - sum(busy.values()) / box):.0%} ({seconds['wall']:.1f} s)"
