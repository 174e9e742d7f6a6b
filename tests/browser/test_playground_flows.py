"""The playground as a visitor uses it: the real bot, devkit/slack and the demo org together.

Still to add here, each as the features land on main (the page, bridge and simulator already do
every step; tests/browser/test_playground_modals.py checks the same mechanics against a small app):

- create an opportunity through the modal: `send(page, "/sf new opportunity")` after `connect()`,
  fill `.modal [data-block-id=<name input>] input`, type two letters into the account input's
  `.bk-combo-input`, pick the `.bk-combo-option` (block_suggestion → SOSL), pick the close date and
  stage, `.modal-submit`; then the ephemeral confirmation has a `.bk-section-text a` whose href is
  the record's Lightning URL and the side panel `#records .record` shows it as "created" with a
  link to the emulator's record view (check `playground.emu.records("Opportunity")` too).
- Undo: click the confirmation's Undo `.bk-button` (and `.bk-confirm [data-confirm=yes]` if it
  asks); the panel then shows the record "deleted" and the emulator has `IsDeleted` on it.
- log a posted message as a note on two records: `send(page, "Met the CFO…")`, hover the message,
  `.message-more`, `.message-menu [data-callback-id=log_as_note]`, pick two records in the
  multi_external_select, submit; the panel lists the ContentNote and "note on …" for both.
- a validation error under the right input: submit the opportunity modal with a close date in the
  past or a bad amount and check `[data-block-id=<that input>] .bk-error` (the modal stays open).
They need: the `/sf new` verb with the opportunity modal, the record/note writes with Undo, and the
`log_as_note` shortcut listener (block ids from `bot/slack/ids.py`).
"""

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
