"""Browser fixtures: Debian's chromium driven by Playwright, screenshots under tests/artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from devkit.playground import create_web_app, serve
from devkit.playground.run import RunningPlayground, start_playground

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SERVER_GONE = (
    "ERR_CONNECTION_RESET",
    "ERR_CONNECTION_REFUSED",
    "ERR_EMPTY_RESPONSE",
    "ERR_SOCKET_NOT_CONNECTED",
)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One chromium for the whole session (starting it costs about a second)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium is missing: `make system-deps` installs it"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, request) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """A fresh page; script errors fail the test, and its last state is saved as a screenshot."""
    # The demo org serves HTTPS with its own CA (loopback test servers only).
    context = browser.new_context(viewport={"width": 1280, "height": 860}, ignore_https_errors=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()
    # Servers stop before this fixture ends, cutting the page's long poll: that is not a bug.
    errors = [e for e in errors if not any(cut in e for cut in SERVER_GONE)]
    assert not errors, f"errors in the page: {errors}"


@pytest.fixture(scope="session")
def static_url() -> Iterator[str]:
    """The playground's web server alone (the page and the gallery, no bot behind it)."""
    running = serve(create_web_app())
    yield running.url
    running.stop()


@pytest.fixture
def slack_playground(tmp_path: Path) -> Iterator[RunningPlayground]:
    """The page, the simulator and the real bot, without a Salesforce org."""
    running = start_playground(port=0, data_dir=tmp_path, with_salesforce=False)
    yield running
    running.stop()


@pytest.fixture
def playground(tmp_path: Path) -> Iterator[RunningPlayground]:
    """Everything `make run` starts: the page, the simulator, the real bot and the demo org."""
    running = start_playground(port=0, data_dir=tmp_path)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def rep_playground(browser, tmp_path_factory) -> Iterator[RunningPlayground]:  # type: ignore[no-untyped-def]
    """One playground per module where Ada has already connected as the rep (in a browser).

    Connecting is tested on its own; the flows after it share this one so the suite stays fast.
    """
    running = start_playground(port=0, data_dir=tmp_path_factory.mktemp("rep-playground"))
    context = browser.new_context(ignore_https_errors=True)
    try:
        tab = open_playground(context.new_page(), running.url)
        connect(tab, "rep@demo.example")
        tab.locator(".message", has_text="Connected as").wait_for()
    except BaseException:
        context.close()
        running.stop()
        raise
    context.close()
    yield running
    running.stop()


@pytest.fixture
def rep_page(page, rep_playground):  # type: ignore[no-untyped-def]
    """The page of the shared playground, as Ada, with no modal left open by an earlier test."""
    sim = rep_playground.sim
    for user in [user for user in sim.state.users if sim.open_views(user)]:
        sim.view_closed(user=user, is_cleared=True)
    return open_playground(page, rep_playground.url)


def connect(page, username: str = "rep@demo.example") -> None:  # type: ignore[no-untyped-def]
    """`/sf connect`, then log in to the demo org in the tab the button opens, as a person."""
    send(page, "/sf connect")
    button = page.locator(".message.ephemeral .bk-button", has_text="Log in to Salesforce").last
    button.wait_for()
    with page.context.expect_page() as opened:
        button.click()
    login = opened.value
    login.wait_for_load_state()
    # Our confirmation page (whose account this is) comes before Salesforce's login page.
    login.locator("button", has_text="Continue to Salesforce").click()
    login.locator("input[name=username]").wait_for()
    login.locator("input[name=username]").fill(username)
    login.locator("input[name=password]").fill("demo")
    login.locator("button", has_text="Allow").click()
    login.wait_for_load_state()
    login.close()


def open_playground(page, url: str):  # type: ignore[no-untyped-def]
    """Load the page and wait until it has drawn the channel."""
    page.goto(url)
    page.wait_for_function("window.playgroundReady === true")
    return page


def send(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the composer and press Enter, as a person would."""
    page.locator("#composer-input").fill(text)
    page.locator("#composer-input").press("Enter")
