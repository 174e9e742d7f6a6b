"""`sfbot playground` (and `sfbot run` without Slack credentials): the app in a browser page.

The playground itself lives in devkit/playground; it starts this same bot with settings pointing
at devkit/slack and devkit/salesforce. Nothing in the bot knows it is in a playground.
"""

from __future__ import annotations

from bot.config import Settings


def run(settings: Settings, *, port: int, host: str = "127.0.0.1") -> int:
    """Start the playground on ``host:port`` and serve until interrupted.

    Args:
        settings: The settings `sfbot` loaded; the playground builds its own for the bot
            (simulated Slack, demo org), so only the absence of Slack credentials led here.
        port: The page's port (`make run` passes PORT, 3000 by default).
        host: The interface to listen on (loopback: the playground has no authentication).
    """
    from devkit.playground.run import run as run_playground

    return run_playground(host=host, port=port)
