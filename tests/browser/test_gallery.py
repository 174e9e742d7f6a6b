"""The Block Kit renderer, driven through the gallery page and against real Slack payloads."""

from __future__ import annotations

import json
from pathlib import Path

GALLERY_READY = "window.galleryReady === true"


def open_gallery(page, static_url: str):  # type: ignore[no-untyped-def]
    page.goto(f"{static_url}/gallery.html")
    page.wait_for_function(GALLERY_READY)
    return page


def logged(page, kind: str) -> list[dict]:  # type: ignore[no-untyped-def]
    texts = page.locator(f"#gallery-log li[data-kind={kind}]").all_inner_texts()
    return [json.loads(text.split(" ", 1)[1]) for text in texts]


def test_every_block_type_renders(page, static_url):
    open_gallery(page, static_url)
    blocks = page.locator("[data-block-type]")
    types = set(blocks.evaluate_all("nodes => nodes.map(n => n.dataset.blockType)"))
    assert {"header", "section", "context", "divider", "actions", "image", "input"} <= types
    assert page.locator(".bk-unsupported").count() == 0
    confirmation = page.locator("#sample-0")
    assert confirmation.locator(".bk-header").inner_text() == "\u2705 Opportunity created"
    assert confirmation.locator(".bk-field").count() == 4
    assert confirmation.locator(".bk-button.bk-danger").inner_text() == "Undo"
    assert confirmation.locator(".bk-button.bk-primary").inner_text() == "Edit"


def test_mrkdwn_formatting(page, static_url):
    open_gallery(page, static_url)
    text = page.locator("[data-block-id=mrkdwn] .mrkdwn")
    assert text.locator("b").first.inner_text() == "bold"
    assert text.locator("i").first.inner_text() == "italic"
    assert text.locator("s").first.inner_text() == "strike"
    assert text.locator("code").first.inner_text() == "inline code"
    assert text.locator("b i").first.inner_text() == "italic"  # nested styles
    link = text.locator("a", has_text="a link")
    assert link.get_attribute("href") == "https://example.com/page?a=1&b=2"
    assert link.get_attribute("target") == "_blank"
    assert text.locator("a", has_text="mail Ada").get_attribute("href") == "mailto:ada@demo.example"
    assert text.locator(".mention-user").first.inner_text() == "@Ada (rep)"
    channels = text.locator(".mention-channel").all_inner_texts()
    assert channels == ["#general", "#sales"]
    assert text.locator(".mention-special").inner_text() == "@here"
    body = text.inner_text()
    assert "3 < 4 && 5 > 2" in body
    assert "snake_case_name" in body and "2*3*4" in body  # no false italics/bold
    assert text.locator("blockquote").inner_text() == "a quoted line\nand another"
    assert text.locator("ul li").all_inner_texts() == ["first bullet", "second with bold"]
    assert text.locator("ol li").all_inner_texts() == ["numbered", "list"]
    pre = text.locator("pre").inner_text()
    assert pre == "SELECT Id FROM Account\nWHERE Name = 'Acme' -- *not bold*"


def test_message_text_never_becomes_html(page, static_url):
    open_gallery(page, static_url)
    unsafe = page.locator("#sample-5")
    assert unsafe.locator("img, script, a").count() == 0
    assert "<img src=x onerror=alert(1)>" in unsafe.inner_text()
    assert "<javascript:alert(1)|click me>" in unsafe.inner_text()
    assert "<b>plain_text is never HTML</b> & stays as typed" in unsafe.inner_text()
    assert unsafe.locator(".mention").count() == 0  # a bare @channel is not a mention


def test_buttons_send_block_actions_and_confirm_first(page, static_url):
    open_gallery(page, static_url)
    page.locator("#sample-0 .bk-button", has_text="Edit").click()
    edit = logged(page, "block_actions")[-1]
    assert edit["action_id"] == "edit" and edit["value"] == "006000000000001AAA"
    assert edit["block_id"] == "undo_actions" and edit["type"] == "button"
    assert edit["style"] == "primary" and edit["text"]["text"] == "Edit"

    page.locator("#sample-0 .bk-button", has_text="Undo").click()
    dialog = page.locator(".bk-confirm")
    assert dialog.locator(".bk-confirm-title").inner_text() == "Undo this create?"
    assert dialog.locator(".bk-confirm-text b").inner_text() == "Acme renewal"
    dialog.locator("[data-confirm=no]", has_text="Keep it").click()
    assert page.locator(".bk-confirm").count() == 0
    assert len(logged(page, "block_actions")) == 1  # denied: nothing sent

    page.locator("#sample-0 .bk-button", has_text="Undo").click()
    page.locator(".bk-confirm [data-confirm=yes]").click()
    undo = logged(page, "block_actions")[-1]
    assert undo["action_id"] == "undo" and undo["value"] == "intent-42"


def test_overflow_and_selects_send_their_selection(page, static_url):
    open_gallery(page, static_url)
    page.locator("[data-block-id=acc_overflow] .bk-overflow-button").click()
    page.locator("[data-block-id=acc_overflow] .bk-menu-item", has_text="Add a note").click()
    action = logged(page, "block_actions")[-1]
    assert action["type"] == "overflow" and action["selected_option"]["value"] == "note"

    page.locator("[data-block-id=acc_static] select").select_option("Closed Won")
    action = logged(page, "block_actions")[-1]
    assert action["type"] == "static_select"
    assert action["selected_option"] == {
        "text": {"type": "plain_text", "text": "Closed Won", "emoji": True},
        "value": "Closed Won",
    }

    users = page.locator("[data-block-id=actions_all] [data-action-id=act_users]")
    users.select_option("UROB00002")
    action = logged(page, "block_actions")[-1]
    assert action == {
        "type": "users_select",
        "action_id": "act_users",
        "block_id": "actions_all",
        "selected_user": "UROB00002",
    }


def test_typeahead_waits_for_min_query_length(page, static_url):
    open_gallery(page, static_url)
    box = page.locator("[data-block-id=account] .bk-combo-input")
    box.click()
    box.press_sequentially("a")
    page.wait_for_selector("[data-block-id=account] .bk-combo-empty:has-text('1 more character')")
    assert logged(page, "block_suggestion") == []
    box.press_sequentially("c")
    page.locator("[data-block-id=account] .bk-combo-option", has_text="Acme Corp").click()
    suggestion = logged(page, "block_suggestion")[-1]
    assert suggestion == {"action_id": "value", "block_id": "account", "value": "ac"}
    assert box.input_value() == "Acme Corp"
    # In an input block without dispatch_action, choosing sends nothing until submit.
    assert logged(page, "block_actions") == []


def test_submit_shows_each_error_under_its_input(page, static_url):
    open_gallery(page, static_url)
    page.locator(".modal-submit").click()
    error = page.locator("[data-block-id=name] .bk-error").inner_text()
    assert error == "Enter a name for the opportunity."
    assert "has-error" in page.locator("[data-block-id=name]").get_attribute("class")
    assert page.locator("[data-block-id=account] .bk-error").count() == 1
    assert page.locator("[data-block-id=stage] .bk-error").count() == 0

    page.locator("[data-block-id=name] input").fill("Acme renewal")
    page.locator(".modal-submit").click()
    # The re-rendered modal keeps what was typed, and that error is gone.
    assert page.locator("[data-block-id=name] input").input_value() == "Acme renewal"
    assert page.locator("[data-block-id=name] .bk-error").count() == 0
    assert page.locator("[data-block-id=account] .bk-error").count() == 1


def test_modal_state_has_slacks_shape(page, static_url, shared_dir: Path):
    """Every element's state value carries the keys Slack's own view_submission payload has."""
    open_gallery(page, static_url)
    modal = page.locator("#modal")
    modal.locator("[data-block-id=name] input").fill("Acme renewal")
    combo = modal.locator("[data-block-id=account] .bk-combo-input")
    combo.click()
    combo.press_sequentially("glo")
    modal.locator("[data-block-id=account] .bk-combo-option", has_text="Globex").click()
    contacts = modal.locator("[data-block-id=contacts] .bk-combo-input")
    contacts.click()
    contacts.press_sequentially("i")
    modal.locator("[data-block-id=contacts] .bk-combo-option", has_text="Initech").click()
    modal.locator("[data-block-id=amount] input").fill("25000.50")
    modal.locator("[data-block-id=flags] input[value=notify]").check()
    modal.locator(".modal-submit").click()
    values = logged(page, "view_submission")[-1]

    sample = json.loads(
        (shared_dir / "slack/payloads/view_submission.constructed_all_elements.json").read_text()
    )
    reference = {
        action["type"]: action
        for block in sample["payload"]["view"]["state"]["values"].values()
        for action in block.values()
    }
    ours = {action["type"]: action for block in values.values() for action in block.values()}
    for kind, expected in reference.items():
        assert set(ours[kind]) == set(expected), kind
    assert values["name"]["value"]["value"] == "Acme renewal"
    assert values["account"]["value"]["selected_option"]["text"]["text"] == "Globex"
    chosen = values["contacts"]["value"]["selected_options"]
    assert [option["text"]["text"] for option in chosen] == ["Initech"]
    assert values["amount"]["value"]["value"] == "25000.50"
    assert values["description"]["value"] == {"type": "plain_text_input", "value": None}
    assert values["close_date"]["value"]["selected_date"] == "2026-12-31"
    assert values["owner"]["value"]["selected_user"] == "UADA00001"
    assert values["priority"]["value"]["selected_option"]["value"] == "normal"
    assert [o["value"] for o in values["flags"]["value"]["selected_options"]] == ["notify"]


def test_real_payloads_render(page, static_url, shared_dir: Path):
    """Blocks and option groups taken from Slack's documentation render as Slack shows them."""
    open_gallery(page, static_url)
    slack = shared_dir / "slack/payloads"
    unfurl = json.loads((slack / "chat.unfurl.request.json").read_text())["payload"]
    blocks = next(iter(unfurl["unfurls"].values()))["blocks"]
    groups = json.loads((slack / "block_suggestion.response.option_groups.json").read_text())
    page.evaluate(
        """([blocks, groups]) => {
            const host = document.createElement('div');
            host.id = 'real';
            const select = {type: 'input', block_id: 'pick',
              label: {type: 'plain_text', text: 'Pick'},
              element: {type: 'external_select', action_id: 'a', min_query_length: 0}};
            host.appendChild(BlockKit.renderBlocks(blocks.concat([select]),
              {suggest: () => Promise.resolve(groups), state: new BlockKit.StateStore()}));
            document.getElementById('gallery').prepend(host);
        }""",
        [blocks, groups["payload"]],
    )
    real = page.locator("#real")
    assert real.locator(".bk-section-text b").inner_text() == "Acme Corp"
    assert real.locator(".bk-section-text").inner_text() == "Acme Corp - Account\nOwner: Jane Doe"
    real.locator(".bk-combo-input").click()
    labels = real.locator(".bk-combo-group").all_inner_texts()
    assert labels == ["Group 1", "Group 2"]
    options = real.locator(".bk-combo-option").all_inner_texts()
    assert options[0] == "*this is plain_text text*"  # plain_text: no formatting
    assert len(options) == 4
