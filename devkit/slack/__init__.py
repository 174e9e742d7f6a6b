"""A local Slack for tests and the playground: signed requests to the app, a fake Web API.

Usage::

    with SlackSimulator(signing_secret=SECRET, app_url=app_url) as sim:
        client = WebClient(token=sim.bot_token, base_url=sim.api_url)
        result = sim.slash("help", user="U0ADA00001")
"""

from .mentions import special_mentions
from .sender import SendResult
from .signing import sign, signed_headers
from .simulator import DEFAULT_CHANNEL, DEFAULT_USER, SlackSimulator
from .workspace import Channel, User

__all__ = [
    "DEFAULT_CHANNEL",
    "DEFAULT_USER",
    "Channel",
    "SendResult",
    "SlackSimulator",
    "User",
    "sign",
    "signed_headers",
    "special_mentions",
]
