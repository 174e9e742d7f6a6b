"""The playground as a visitor uses it: the real bot, devkit/slack and the demo org together."""

from __future__ import annotations

from bot.slack import messages
from tests.browser.conftest import connect, open_playground, send

ADA = "U0ADA00001"


def test_connect_as_the_rep(page, playground):
    open_playground(page, playground.url)
    connect(page, "rep@demo.example")
    # The bot tells Ada in Slack once the login went through.
    confirmation = page.locator(".message", has_text="Connected as")
    confirmation.wait_for()
    assert "rep@demo.example" in confirmation.inner_text()

    send(page, "/sf whoami")
    title = messages.WHOAMI_TITLE.split("*")[1]
    reply = page.locator(".message.ephemeral", has_text=title).last
    reply.wait_for()
    assert "rep@demo.example" in reply.inner_text()
    # The emulator saw the OAuth flow for the rep, and the token works for her.
    assert any(entry["user"] == "rep@demo.example" for entry in playground.emu.requests())
