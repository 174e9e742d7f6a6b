"""Text from users and Salesforce in views and notes: no channel pings, no HTML injection.

The App Home's last writes, the opportunity modal's account typeahead and the note modal
prefilled from a Slack message all show text someone else chose (a record name, a message);
the ContentNote written from that message is HTML that Salesforce renders. The simulator
lists the special mentions each view or option would trigger; the emulator keeps the note.
"""

from __future__ import annotations

import base64
from typing import Any

from bot.slack import ids
from devkit.slack import special_mentions
from tests.fixtures.notes_app import ADA, REP, Connected

CHANNEL = "C0SALES001"
HOSTILE = "<!here> Acme <!channel> @everyone"


def _rename(setup: Connected, sobject: str, name: str, new_name: str) -> str:
    record_id = setup.named(sobject, name)
    response = setup.emu.session(REP).patch(
        f"{setup.emu.base_url}/services/data/v60.0/sobjects/{sobject}/{record_id}",
        json={"Name": new_name},
        timeout=10,
    )
    assert response.status_code == 204, response.text
    return record_id


def _bot_mentions(setup: Connected) -> list[Any]:
    """Special mentions in anything the app posted (the users' own messages excluded)."""
    return [
        (m["text"][:80], m["mentions"])
        for m in setup.slack.special_mentions()
        if m.get("user") not in (ADA,) or m.get("bot_id")
    ]


def _unescaped_in_mrkdwn(node: Any) -> list[str]:
    """mrkdwn texts that carry a raw ``<!…>`` (plain_text never notifies)."""
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn":
            return [node["text"]] if "<!" in str(node.get("text")) else []
        return [t for v in node.values() for t in _unescaped_in_mrkdwn(v)]
    if isinstance(node, list):
        return [t for v in node for t in _unescaped_in_mrkdwn(v)]
    return []


def test_home_last_writes_show_a_hostile_record_name_without_pinging(
    connected: Connected,
) -> None:
    record_id = _rename(connected, "Opportunity", "Acme renewal 2026", HOSTILE)
    # An update (names the record) and a note titled with a ping (the user's own text).
    connected.slack.slash(f"update {record_id} amount=51k", user=ADA, channel=CHANNEL)
    connected.slack.slash(f'note {record_id} "{HOSTILE} call notes"', user=ADA, channel=CHANNEL)
    connected.slack.wait_for(
        lambda: (
            [o for o in connected.emu.records("Opportunity") if o.get("Amount") == 51000]
            and connected.emu.records("ContentNote")
        ),
        timeout=10,
    )
    connected.slack.app_home_opened(user=ADA)

    def home_with_write() -> dict | None:
        view = connected.slack.home_view(ADA)
        return view if view and "Acme" in str(view["blocks"]) else None

    view = connected.slack.wait_for(home_with_write, timeout=10, message="the write in the Home")
    assert special_mentions(blocks=view["blocks"]) == []
    assert _unescaped_in_mrkdwn(view["blocks"]) == []
    assert _bot_mentions(connected) == []


def test_opportunity_account_typeahead_options_ping_nobody(connected: Connected) -> None:
    _rename(connected, "Account", "Acme Corporation", HOSTILE + " Corporation")
    connected.slack.slash("new opportunity", user=ADA, channel=CHANNEL)
    connected.slack.wait_for(lambda: connected.slack.top_view(ADA), message="the modal")
    result = connected.slack.block_suggestion(ids.OPP_ACCOUNT_ACTION, "acme", user=ADA)
    assert result is not None and not result.errors, result and result.errors
    options = result.body.get("options") or [
        o for g in result.body.get("option_groups") or [] for o in g["options"]
    ]
    texts = [o["text"] for o in options]
    assert any("Acme" in t["text"] for t in texts), texts
    assert all(t["type"] == "plain_text" for t in texts), texts
    assert special_mentions(blocks=options) == []


def test_note_from_a_hostile_message_pings_nobody_and_stores_escaped_html(
    connected: Connected,
) -> None:
    # As Slack stores what the user typed: &, < and > escaped; mentions as <@U…>/<!channel>.
    text = (
        "&lt;script&gt;alert(1)&lt;/script&gt; Tom &amp; Jerry &lt;b&gt;big&lt;/b&gt; "
        "<@U0ROB00002> <!channel> <script>raw()</script> <b>raw</b>"
    )
    message = connected.slack.post_user_message(text, user=ADA, channel=CHANNEL)
    result = connected.slack.message_shortcut(
        ids.LOG_AS_NOTE_CALLBACK, message_ts=message["ts"], user=ADA, channel=CHANNEL
    )
    assert result.ok, result
    view = connected.slack.wait_for(lambda: connected.slack.top_view(ADA), message="the modal")
    for block_id in (ids.NOTE_TITLE_BLOCK, ids.NOTE_BODY_BLOCK):
        block = next(b for b in view["blocks"] if b.get("block_id") == block_id)
        assert block["element"]["type"] == "plain_text_input", block
    assert special_mentions(blocks=view["blocks"]) == []
    assert _unescaped_in_mrkdwn(view["blocks"]) == []

    picked = connected.slack.block_suggestion(ids.NOTE_RECORDS_ACTION, "acme", user=ADA)
    options = [o for g in picked.body["option_groups"] for o in g["options"]]
    value = next(o["value"] for o in options if o["text"]["text"] == "Acme Corporation")
    submitted = connected.slack.view_submission({ids.NOTE_RECORDS_ACTION: [value]}, user=ADA)
    assert submitted.ok and not submitted.errors, submitted.errors
    note = connected.slack.wait_for(lambda: connected.emu.records("ContentNote"), timeout=10)[0]
    html = base64.b64decode(note["Content"]).decode()
    lowered = html.lower()
    assert "<script" not in lowered and "</script" not in lowered, html
    assert "<b>big" not in html and "<b>raw" not in html, html
    assert "&lt;script&gt;" in html and "Tom &amp; Jerry" in html, html
    assert "&amp;amp;" not in html, html  # escaped once, not twice
    assert "<@U0ROB00002>" not in html and "<!channel>" not in html, html
    connected.slack.wait_for(
        lambda: [m for m in connected.slack.ephemeral_messages(ADA, CHANNEL)
                 if "Added the note" in (m.get("text") or "")],
        timeout=10,
    )  # fmt: skip
    assert _bot_mentions(connected) == []
