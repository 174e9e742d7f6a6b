"""Regenerate the README's screenshot: `python -m devkit.playground.screenshot docs/playground.png`.

It starts the whole playground, acts as Ada the rep in Debian's chromium (connect, a few
commands, a message), and saves the page. Each step is one more `/sf …` line in STEPS.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from devkit.playground.run import start_playground

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
MESSAGE = "Met the CFO at Acme today: budget for the renewal is *approved* :tada:"
STEPS = ["/sf whoami"]


def send(page, text: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#composer-input").fill(text)
    page.locator("#composer-input").press("Enter")
    page.wait_for_timeout(800)


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
                page = context.new_page()
                page.goto(running.url)
                page.wait_for_function("window.playgroundReady === true")
                send(page, MESSAGE)
                send(page, "/sf connect")
                with context.expect_page() as opened:
                    page.locator(".bk-button", has_text="Log in to Salesforce").last.click()
                login = opened.value
                login.wait_for_load_state()
                login.locator("input[name=username]").fill("rep@demo.example")
                login.locator("button", has_text="Allow").click()
                login.wait_for_load_state()
                login.close()
                page.locator(".message", has_text="Connected as").wait_for()
                for step in STEPS:
                    send(page, step)
                message = page.locator(".message", has_text="Met the CFO")
                message.hover()
                message.locator(".message-more").click()
                Path(target).parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=target)
                browser.close()
        finally:
            running.stop()
    print(f"saved {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
