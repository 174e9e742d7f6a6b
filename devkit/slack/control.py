"""The ``/_sim/`` JSON control API (documented in README.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .server import json_response

if TYPE_CHECKING:
    from .simulator import SlackSimulator


def handle(sim: SlackSimulator, method: str, path: str, query: str, body: bytes):
    return json_response(404, {"ok": False, "error": "unknown_control_path", "path": path})
