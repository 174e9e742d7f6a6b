"""The playground page against the real bot through devkit/slack (no Salesforce org needed)."""

from __future__ import annotations

from bot.slack import ids
from tests.browser.conftest import open_playground, send

ADA = "U0ADA00001"
ROB = "U0ROB00002"


def test_sf_help_is_an_ephemeral_reply_from_the_bot(page, slack_playground):
    open_playground(page, slack_playground.url)
    send(page, "/sf help")
    header = page.locator(f"[data-block-id={ids.HELP_HEADER_BLOCK}]")
    reply = page.locator(".message.ephemeral", has=header)
    reply.wait_for()
    assert reply.locator(".message-author").inner_text() == "sf"
    assert "Only visible to you" in reply.locator(".ephemeral-note").inner_text()
    assert reply.locator(".bk-header").count() == 1
    assert reply.locator(".bk-section-text code", has_text="/sf help").count() >= 1
    # It went to the bot as a signed slash command: the simulator shows the bot's ack.
    acks = [m for m in slack_playground.sim.messages(ephemeral=True) if m["ephemeral_to"] == ADA]
    assert acks and acks[-1]["source"] == "ack"

    # Another user does not see Ada's ephemeral reply.
    page.locator("#user-switcher").select_option(ROB)
    page.wait_for_function("document.querySelectorAll('.message.ephemeral').length === 0")


def test_plain_messages_are_posted_escaped(page, slack_playground):
    open_playground(page, slack_playground.url)
    send(page, "Met the CFO: *budget approved* <b>not html</b> & more")
    message = page.locator(".message", has_text="Met the CFO")
    message.wait_for()
    assert message.locator(".message-author").inner_text() == "Ada Lovelace"
    assert message.locator(".mrkdwn b").inner_text() == "budget approved"
    assert "<b>not html</b> & more" in message.inner_text()
    stored = slack_playground.sim.messages(slack_playground.sim.default_channel)[-1]
    assert stored["user"] == ADA
    assert stored["text"] == "Met the CFO: *budget approved* &lt;b&gt;not html&lt;/b&gt; &amp; more"


def test_unknown_command_shows_a_clear_error(page, slack_playground):
    open_playground(page, slack_playground.url)
    send(page, "/sf frobnicate")
    reply = page.locator(".message.ephemeral").last
    reply.wait_for()
    assert "frobnicate" in reply.inner_text()
