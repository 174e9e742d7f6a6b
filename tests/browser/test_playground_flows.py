"""The playground as a visitor uses it: the real bot, devkit/slack and the demo org together.

Each test acts in the page as a person would (typing, picking, clicking) and then checks three
places: what Slack shows, the side panel, and the record itself in devkit/salesforce. Connecting
gets its own fresh playground; the flows after it share one where Ada has connected already.
"""

from __future__ import annotations

from bot.slack import ids, messages
from tests.browser.conftest import ARTIFACTS, connect, open_playground, send

ACME = "Acme Corporation"


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


def block(dialog, block_id: str):  # type: ignore[no-untyped-def]
    return dialog.locator(f"[data-block-id={block_id}]")


def pick(dialog, block_id: str, typed: str, option: str) -> None:  # type: ignore[no-untyped-def]
    """Type into a typeahead and click one of the app's options (block_suggestion → SOSL)."""
    box = block(dialog, block_id).locator(".bk-combo-input")
    box.click()
    box.press_sequentially(typed)
    block(dialog, block_id).locator(".bk-combo-option", has_text=option).first.click()


def fill_opportunity(page, *, name: str, amount: str):  # type: ignore[no-untyped-def]
    """`/sf new opportunity`, then fill the modal: the account is picked by typeahead."""
    send(page, "/sf new opportunity")
    dialog = page.locator(".modal")
    dialog.wait_for()
    assert dialog.locator(".modal-title").inner_text() == messages.OPP_MODAL_TITLE
    block(dialog, ids.OPP_NAME_BLOCK).locator("input").fill(name)
    pick(dialog, ids.OPP_ACCOUNT_BLOCK, "Ac", ACME)
    block(dialog, ids.OPP_AMOUNT_BLOCK).locator("input").fill(amount)
    block(dialog, ids.OPP_CLOSE_BLOCK).locator("input").fill("2027-03-31")
    stage = dialog.locator(f"[data-block-id^={ids.OPP_STAGE_BLOCK_PREFIX}] select")
    stage.select_option("Prospecting")
    return dialog


def submit(page, dialog) -> None:  # type: ignore[no-untyped-def]
    """Press the modal's submit button and wait until it is gone.

    When Salesforce takes longer than the bot's budget (a busy machine), the bot swaps the modal
    for a "Saving" one and posts the result later, as in Slack; that one is closed by hand.
    """
    dialog.locator(".modal-submit").click()
    page.wait_for_function(
        "title => !document.querySelector('.modal') || "
        "document.querySelector('.modal-title').textContent === title",
        arg=messages.NOTE_SAVING_TITLE,
    )
    if dialog.count():
        dialog.locator(".modal-close").click()
    dialog.wait_for(state="detached")


def create_opportunity(page, name: str):  # type: ignore[no-untyped-def]
    """Create an opportunity in the modal; return its confirmation message."""
    dialog = fill_opportunity(page, name=name, amount="50k")
    submit(page, dialog)
    confirmation = page.locator(".message.ephemeral", has_text=f"Created the opportunity {name}")
    confirmation.wait_for()
    return confirmation


def opportunity(emu, name: str) -> dict:  # type: ignore[no-untyped-def]
    [record] = [r for r in emu.records("Opportunity", include_deleted=True) if r["Name"] == name]
    return record


def test_create_an_opportunity_in_the_modal(rep_page, rep_playground):
    page, emu = rep_page, rep_playground.emu
    confirmation = create_opportunity(page, "Acme renewal 2027")

    record = opportunity(emu, "Acme renewal 2027")
    [acme] = [r for r in emu.records("Account") if r["Name"] == ACME]
    assert (record["AccountId"], record["Amount"], record["StageName"], record["CloseDate"]) == (
        acme["Id"],
        50000,
        "Prospecting",
        "2027-03-31",
    )
    # The confirmation links to the record; the side panel lists it as created.
    link = confirmation.locator(".bk-section-text a", has_text="Acme renewal 2027")
    view_path = f"/lightning/r/Opportunity/{record['Id']}/view"
    assert link.get_attribute("href") == emu.base_url + view_path
    assert confirmation.locator(".bk-button", has_text=messages.UNDO_BUTTON).count() == 1
    row = page.locator(f"#records .record[data-record-id='{record['Id']}']")
    row.locator(".record-op-created").wait_for()
    assert row.locator(".record-type").inner_text().startswith("Opportunity")

    # Following the link opens the emulator's record view of that very record.
    with page.context.expect_page() as opened:
        link.click()
    record_tab = opened.value
    record_tab.wait_for_load_state()
    assert record_tab.url == emu.base_url + view_path
    record_tab.locator("h1", has_text="Acme renewal 2027").wait_for()
    assert "Prospecting" in record_tab.locator("body").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    record_tab.screenshot(path=str(ARTIFACTS / "test_create_an_opportunity_record_view.png"))
    record_tab.close()


def test_undo_deletes_the_new_opportunity(rep_page, rep_playground):
    page, emu, name = rep_page, rep_playground.emu, "Acme add-on licences"
    confirmation = create_opportunity(page, name)
    record_id = opportunity(emu, name)["Id"]
    row = page.locator(f"#records .record[data-record-id='{record_id}']")
    row.locator(".record-op-created").wait_for()

    confirmation.locator(".bk-button", has_text=messages.UNDO_BUTTON).click()
    page.locator(".message.ephemeral", has_text=f"Undone: the opportunity {name}").wait_for()
    row.locator(".record-op-deleted").wait_for()
    assert opportunity(emu, name)["IsDeleted"] is True
    # The result replaced the confirmation (through "Undoing…"): no Undo button is left to click
    # twice, and no "Undoing…" is left behind.
    assert page.locator(".message", has_text=f"Created the opportunity {name}").count() == 0
    assert page.locator(".message", has_text="Undoing").count() == 0


def test_log_a_posted_message_as_a_note_on_two_records(rep_page, rep_playground):
    page, emu = rep_page, rep_playground.emu
    send(page, "Met the CFO at Acme: budget approved for the renewal")
    message = page.locator(".message:not(.ephemeral)", has_text="Met the CFO at Acme")
    message.wait_for()
    message.hover()
    message.locator(".message-more").click()
    message.locator(f".message-menu [data-callback-id={ids.LOG_AS_NOTE_CALLBACK}]").click()

    dialog = page.locator(".modal")
    dialog.wait_for()
    assert dialog.locator(".modal-title").inner_text() == messages.NOTE_MODAL_TITLE
    body = block(dialog, ids.NOTE_BODY_BLOCK).locator("textarea")
    assert body.input_value() == "Met the CFO at Acme: budget approved for the renewal"
    pick(dialog, ids.NOTE_RECORDS_BLOCK, "Acme", ACME)
    pick(dialog, ids.NOTE_RECORDS_BLOCK, "Ada", "Ada Lovelace")
    chips = block(dialog, ids.NOTE_RECORDS_BLOCK).locator(".bk-chip")
    assert [text.rstrip("×").strip() for text in chips.all_inner_texts()] == [
        ACME,
        "Ada Lovelace",
    ]
    submit(page, dialog)

    confirmation = page.locator(".message.ephemeral", has_text="Added the note")
    confirmation.wait_for()
    links = confirmation.locator(".bk-section-text a").all_inner_texts()
    assert links == [ACME, "Ada Lovelace"]
    # The side panel: the note, and a link from it to each record.
    page.locator("#records .record[data-object=ContentNote] .record-op-created").wait_for()
    linked = page.locator("#records .record[data-object=ContentDocumentLink]")
    linked.nth(1).wait_for()
    assert linked.locator(".record-link").all_inner_texts() == [
        f"note on {ACME}",
        "note on Ada Lovelace",
    ]
    [note] = [n for n in emu.records("ContentNote") if n["Title"].startswith("Met the CFO at Acme")]
    document = note.get("ContentDocumentId") or note["Id"]
    targets = {
        emu.record(link["LinkedEntityId"])["Name"]
        for link in emu.records("ContentDocumentLink")
        if link["ContentDocumentId"] == document
    }
    assert {ACME, "Ada Lovelace"} <= targets


def test_a_bad_amount_is_shown_under_the_amount(rep_page, rep_playground):
    page, emu = rep_page, rep_playground.emu
    dialog = fill_opportunity(page, name="Initech expansion", amount="lots")
    dialog.locator(".modal-submit").click()

    error = block(dialog, ids.OPP_AMOUNT_BLOCK).locator(".bk-error")
    error.wait_for()
    assert "“lots” isn't a number" in error.inner_text()
    assert "50k" in error.inner_text()  # and what would be valid
    # Only that input is marked; the modal stays open with everything typed still there.
    assert dialog.locator(".bk-error").count() == 1
    assert block(dialog, ids.OPP_NAME_BLOCK).locator("input").input_value() == "Initech expansion"
    assert block(dialog, ids.OPP_ACCOUNT_BLOCK).locator("input").input_value() == ACME
    assert not [r for r in emu.records("Opportunity") if r["Name"] == "Initech expansion"]
    page.locator("#records .records-empty", has_text="changed nothing").wait_for()
