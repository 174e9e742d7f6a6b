"""The write processes of `sfbot serve`: queued writes run apart from the processes that ack.

A Python process runs one thread at a time, so write threads (TLS to Salesforce, rendering
results) in a web process delay its acks. `sfbot serve` therefore starts web workers that only
ack and store intents, plus write processes (`sfbot writer`) that claim and run them, woken by
PostgreSQL notifications (`bot.writes.wakeup`). The write processes run at a lower CPU
priority: under load the operating system serves acks (Slack's 3-second deadline) first.
A write process that dies is started again; its claims are resumed by the next one.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading

from bot.writes.wakeup import SHARE_VARIABLE

logger = logging.getLogger(__name__)

# Lower priority for write processes (nice increment): acks go first when CPU is short.
NICENESS = 5
RESTART_DELAY_SECONDS = 1.0
# Tells a write process which process started it: it exits when that one is gone.
PARENT_PID_VARIABLE = "SFBOT_WRITER_PARENT_PID"


class WriteProcesses:
    """Start ``count`` `sfbot writer` processes with this environment and keep them running."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._processes: list[subprocess.Popen[bytes]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._watcher: threading.Thread | None = None

    def start(self) -> None:
        with self._lock:
            self._processes = [self._spawn(index) for index in range(self.count)]
        self._watcher = threading.Thread(target=self._watch, name="write-processes", daemon=True)
        self._watcher.start()

    def pids(self) -> list[int]:
        with self._lock:
            return [process.pid for process in self._processes]

    def stop(self, timeout: float = 20.0) -> None:
        """Ask every write process to finish its writes in flight and exit."""
        self._stopping.set()
        with self._lock:
            processes = list(self._processes)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _spawn(self, index: int) -> subprocess.Popen[bytes]:
        environment = {
            **os.environ,
            PARENT_PID_VARIABLE: str(os.getpid()),
            SHARE_VARIABLE: f"{index}/{self.count}",  # a restarted process takes over the share
        }
        return subprocess.Popen([sys.executable, "-m", "bot", "writer"], env=environment)

    def _watch(self) -> None:
        while not self._stopping.wait(RESTART_DELAY_SECONDS):
            with self._lock:
                for index, process in enumerate(self._processes):
                    if process.poll() is not None and not self._stopping.is_set():
                        logger.error(
                            "write process %s exited with %s; starting another",
                            process.pid,
                            process.returncode,
                        )
                        self._processes[index] = self._spawn(index)
