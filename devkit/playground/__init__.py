"""The playground: the real bot, devkit/salesforce and devkit/slack behind a Slack-like web page.

`python -m devkit.playground` (or `sfbot playground`) starts everything and prints the page's URL.
The page itself is static HTML/CSS/JS under `static/`; `web.py` serves it and bridges it to the
Slack simulator.
"""

from devkit.playground.web import STATIC_DIR, create_web_app, serve

__all__ = ["STATIC_DIR", "create_web_app", "serve"]
