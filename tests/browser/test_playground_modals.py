"""The page's modals through devkit/slack: typeahead, errors under inputs, views.update, close."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from devkit.playground import create_web_app, serve
from devkit.playground.bridge import Playground, Shortcut
from devkit.slack import SlackSimulator
from tests.browser import modal_app
from tests.browser.conftest import open_playground, send


def sent(sim: SlackSimulator, kind: str) -> int:
    """How many requests of one kind the simulator sent to the app."""
    return sum(1 for item in sim.state.feed if item["kind"] == "sent" and item["request"] == kind)


@pytest.fixture
def modal_playground() -> Iterator[tuple[str, SlackSimulator]]:
    secret = secrets.token_hex(16)
    sim = SlackSimulator(signing_secret=secret).start()
    app = serve(modal_app.build(token=sim.bot_token, signing_secret=secret, api_url=sim.api_url))
    sim.app_url = app.url + "/slack/events"
    shortcuts = [Shortcut(name="Quote it", callback_id="demo_quote", type="message")]
    page = serve(create_web_app(Playground(sim=sim, shortcuts=shortcuts)))
    yield page.url, sim
    page.stop()
    app.stop()
    sim.stop()


def test_modal_typeahead_errors_update_and_submit(page, modal_playground):
    url, sim = modal_playground
    open_playground(page, url)
    send(page, "/demo")
    dialog = page.locator(".modal")
    dialog.wait_for()
    assert dialog.locator(".modal-title").inner_text() == "New opportunity"

    # Typeahead: nothing is asked for below min_query_length, then the app's options appear.
    account = dialog.locator("[data-block-id=account_block] .bk-combo-input")
    account.click()
    account.press_sequentially("a")
    dialog.locator(".bk-combo-empty", has_text="1 more character").wait_for()
    assert sent(sim, "block_suggestion") == 0
    account.press_sequentially("c")
    dialog.locator(".bk-combo-option", has_text="Acme Industries").click()
    assert sent(sim, "block_suggestion") >= 1

    # A dispatching select: the app answers with views.update, and what was typed is kept.
    dialog.locator("[data-block-id=name_block] input").fill("bad")
    dialog.locator("[data-block-id=stage_block] select").select_option("Closed Won")
    dialog.locator("[data-block-id=stage_note]", has_text="Stage: Closed Won").wait_for()
    assert dialog.locator("[data-block-id=name_block] input").input_value() == "bad"
    assert account.input_value() == "Acme Industries"

    # response_action: errors shows the message under the right input, the modal stays open.
    dialog.locator(".modal-submit").click()
    error = dialog.locator("[data-block-id=name_block] .bk-error")
    error.wait_for()
    assert error.inner_text() == "Pick another name than “bad”."
    assert dialog.locator("[data-block-id=account_block] .bk-error").count() == 0

    dialog.locator("[data-block-id=name_block] input").fill("Acme renewal")
    dialog.locator(".modal-submit").click()
    page.locator(".modal").wait_for(state="detached")
    message = page.locator(".message", has_text="Created")
    message.wait_for()
    assert message.locator("b").all_inner_texts() == ["Acme renewal", "Acme Industries"]


def test_required_inputs_are_checked_before_sending(page, modal_playground):
    url, sim = modal_playground
    open_playground(page, url)
    send(page, "/demo")
    page.locator(".modal").wait_for()
    page.locator(".modal-submit").click()
    errors = page.locator(".modal .bk-error")
    errors.first.wait_for()
    assert errors.count() == 3  # name, account and stage are required, as Slack's client says
    assert sent(sim, "view_submission") == 0


def test_cancel_closes_the_modal(page, modal_playground):
    url, sim = modal_playground
    open_playground(page, url)
    send(page, "/demo")
    page.locator(".modal").wait_for()
    page.locator(".modal-close").click()
    page.locator(".modal").wait_for(state="detached")
    assert sim.open_views("U0ADA00001") == []


def test_message_shortcut_from_the_message_menu(page, modal_playground):
    url, _sim = modal_playground
    open_playground(page, url)
    send(page, "Budget *approved* by the CFO")
    message = page.locator(".message", has_text="Budget approved")
    message.wait_for()
    message.hover()
    message.locator(".message-more").click()
    message.locator(".message-menu [data-callback-id=demo_quote]").click()
    dialog = page.locator(".modal")
    dialog.wait_for()
    assert dialog.locator("[data-block-id=quoted]").inner_text() == "Budget approved by the CFO"
    assert dialog.locator("[data-block-id=quoted] b").inner_text() == "approved"
    assert dialog.locator(".modal-submit").count() == 0  # no submit button: only "Done"
    dialog.locator(".modal-close", has_text="Done").click()
    page.locator(".modal").wait_for(state="detached")


def test_app_home_shows_the_published_view(page, modal_playground):
    url, _sim = modal_playground
    open_playground(page, url)
    page.locator("#app-home-link").click()
    home = page.locator("#home-body")
    home.locator(".bk-header", has_text="Welcome home").wait_for()
    home.locator(".bk-button", has_text="Click me").click()
    home.locator(".bk-header", has_text="Welcome home: clicked").wait_for()
    page.locator("[data-channel-id=C0SALES001]").click()
    page.locator("#channel-view").wait_for()
    assert page.locator("#home-view").is_hidden()
