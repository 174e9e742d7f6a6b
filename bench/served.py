"""The bot as production runs it, for bench/writes.py: `sfbot serve` (gunicorn) on PostgreSQL.

A throwaway PostgreSQL cluster with the server's default durability (fsync and synchronous
commit on, unlike the tests' cluster), gunicorn started through our CLI with N workers × T
threads, and the CPU time and peak memory of its processes read from /proc (Linux).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.fixtures.postgres import _as_owner, _find_bin_dir, _wait_ready

ROOT = Path(__file__).resolve().parents[1]
_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _stat(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (field 3 onward)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        return []


def cpu_seconds(pid: int, *, tree: bool = True) -> float:
    """CPU (user + system) used so far by ``pid``; with ``tree``, and by all its descendants,
    those still running and those that have exited (their parent's cutime/cstime)."""
    try:
        fields = _stat(pid)
    except (FileNotFoundError, ProcessLookupError):  # exited since it was listed
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if not tree:
        return ticks / _TICKS
    ticks += int(fields[13]) + int(fields[14])
    return ticks / _TICKS + sum(cpu_seconds(child) for child in children(pid))


def box_busy_seconds() -> float:
    """CPU time the whole machine (all cores, every process) has spent busy since boot."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / _TICKS


class Postgres:
    """A durable throwaway PostgreSQL cluster (Debian's binaries) on 127.0.0.1."""

    def __init__(self) -> None:
        bin_dir = _find_bin_dir()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL is not installed (make system-deps)")
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="sfbot-bench-pg-"))
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> Postgres:
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres", group="postgres")
            self.root.chmod(0o700)
        data = str(self.root / "data")
        initdb = [str(self.bin_dir / "initdb"), "-D", data, "-U", "postgres", "--auth=trust"]
        subprocess.run(_as_owner(initdb), check=True, capture_output=True)
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories={self.root} -c max_connections=200"
        )
        pg_ctl = [str(self.bin_dir / "pg_ctl"), "-D", data, "-o", options, "-w", "start"]
        subprocess.run(
            _as_owner([*pg_ctl, "-l", str(self.root / "server.log")]),
            check=True,
            capture_output=True,
        )
        _wait_ready(self.url)
        return self

    @property
    def pid(self) -> int:
        """The postmaster's (its backends are its children)."""
        return int((self.root / "data" / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        data = str(self.root / "data")
        stop = [str(self.bin_dir / "pg_ctl"), "-D", data, "-m", "immediate", "stop"]
        subprocess.run(_as_owner(stop), capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


class Gunicorn:
    """`python -m bot serve` with the given environment; `events_url` once it is healthy."""

    def __init__(self, env: dict[str, str], *, workers: int, threads: int) -> None:
        self.port = free_port()
        self.workers, self.threads = workers, threads
        command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--workers", str(workers)]
        command += ["--threads", str(threads)]
        self.proc = subprocess.Popen(
            command,
            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{self.port}"
        self.events_url = base + "/slack/events"
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("sfbot serve did not become healthy")
            time.sleep(0.2)
        while len(self.worker_pids()) < workers:
            time.sleep(0.1)

    def worker_pids(self) -> list[int]:
        return children(self.proc.pid)

    def cpu_seconds(self) -> float:
        """CPU (user + system) used so far by the master and its workers."""
        return cpu_seconds(self.proc.pid)

    def peak_rss_mb(self) -> float:
        """The largest peak resident memory among the workers."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
        return max(peaks)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
