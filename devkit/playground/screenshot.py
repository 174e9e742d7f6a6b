"""Regenerate the README's screenshot: `python -m devkit.playground.screenshot docs/playground.png`.

It starts the whole playground, acts as Ada the rep in Debian's chromium (a message, connect,
an opportunity created in the modal with the account picked by typeahead), and saves the page
with the message's "⋮" menu open. Each step in STEPS is one thing a visitor does, waiting on what
the page shows rather than on time.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from devkit.playground.run import start_playground

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
MESSAGE = "Met the CFO at Acme today: budget for the renewal is *approved* :tada:"
TIMEOUT_MS = 15_000


def send(page: Any, text: str) -> None:
    """Type into the composer and press Enter; wait until the channel shows one more message."""
    before = page.locator("#messages .message").count()
    page.locator("#composer-input").fill(text)
    page.locator("#composer-input").press("Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#messages .message').length > n", arg=before
    )


def post_message(page: Any) -> None:
    send(page, MESSAGE)


def connect(page: Any) -> None:
    """`/sf connect`, then log in to the demo org as the rep in the tab the button opens."""
    send(page, "/sf connect")
    with page.context.expect_page() as opened:
        page.locator(".bk-button", has_text="Log in to Salesforce").last.click()
    login = opened.value
    login.wait_for_load_state()
    # Our confirmation page (whose account this is) comes before Salesforce's login page.
    login.locator("button", has_text="Continue to Salesforce").click()
    login.locator("input[name=username]").wait_for()
    login.locator("input[name=username]").fill("rep@demo.example")
    login.locator("input[name=password]").fill("demo")
    login.locator("button", has_text="Allow").click()
    login.wait_for_load_state()
    login.close()
    page.locator(".message", has_text="Connected as").wait_for()


def create_opportunity(page: Any) -> None:
    """`/sf new opportunity`, filled in as a rep would, then the confirmation and side panel."""
    from bot.slack import ids

    page.locator("#composer-input").fill("/sf new opportunity")
    page.locator("#composer-input").press("Enter")
    dialog = page.locator(".modal")
    dialog.wait_for()
    dialog.locator(f"[data-block-id={ids.OPP_NAME_BLOCK}] input").fill("Acme renewal 2027")
    account = dialog.locator(f"[data-block-id={ids.OPP_ACCOUNT_BLOCK}] .bk-combo-input")
    account.click()
    account.press_sequentially("Acme")
    dialog.locator(".bk-combo-option", has_text="Acme Corporation").first.click()
    dialog.locator(f"[data-block-id={ids.OPP_AMOUNT_BLOCK}] input").fill("50k")
    dialog.locator(f"[data-block-id={ids.OPP_CLOSE_BLOCK}] input").fill("2027-03-31")
    stage = dialog.locator(f"[data-block-id^={ids.OPP_STAGE_BLOCK_PREFIX}] select")
    stage.select_option("Proposal/Price Quote")
    dialog.locator(".modal-submit").click()
    dialog.wait_for(state="detached")
    page.locator(".message", has_text="Created the opportunity").wait_for()
    page.locator("#records .record-op-created").first.wait_for()


def open_message_menu(page: Any) -> None:
    """The posted message's "⋮" menu, offering the app's "Log as note"."""
    message = page.locator(".message", has_text="Met the CFO")
    message.hover()
    message.locator(".message-more").click()
    message.locator(".message-menu").wait_for()


STEPS: list[Callable[[Any], None]] = [post_message, connect, create_opportunity, open_message_menu]


def main(target: str = "docs/playground.png") -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        running = start_playground(port=0, data_dir=Path(scratch))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                context = browser.new_context(
                    viewport={"width": 1280, "height": 760},
                    device_scale_factor=1,
                    ignore_https_errors=True,
                )
                context.set_default_timeout(TIMEOUT_MS)
                page = context.new_page()
                page.goto(running.url)
                page.wait_for_function("window.playgroundReady === true")
                for step in STEPS:
                    step(page)
                Path(target).parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=target)
                browser.close()
        finally:
            running.stop()
    print(f"saved {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
