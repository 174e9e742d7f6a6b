"""The pure parts of `/sf`: text cleaning, verb splitting, suggestions, help building."""

from __future__ import annotations

from slack_sdk.models.blocks import Block

from bot.slack import blocks, ids
from bot.slack.blocks import HelpEntry
from bot.slack.commands import PLANNED, clean_text, split_verb, suggest


def test_clean_text_drops_control_characters_but_keeps_lines():
    assert clean_text("\x00 help\x07 me\n\tnow \x1b") == "help  me\n\tnow"
    assert clean_text("ｈｅｌｐ") == "help"  # full-width letters normalised (NFKC)


def test_split_verb_lowercases_the_verb_only():
    assert split_verb('CREATE opportunity name="Acme Renewal"') == (
        "create",
        'opportunity name="Acme Renewal"',
    )
    assert split_verb("") == ("", "")
    assert split_verb("help") == ("help", "")


def test_suggest_finds_close_verbs_and_nothing_for_junk():
    choices = ["help", "connect", "create", "update"]
    assert suggest("hepl", choices=choices) == "help"
    assert suggest("conect", choices=choices) == "connect"
    assert suggest("zzzzqqqq", choices=choices) is None
    assert suggest("x", choices=[]) is None


def test_help_lists_available_then_planned_within_limits():
    available = [HelpEntry("help", "/sf help", "Show this list.")]
    built = blocks.help_blocks(available=available, planned=PLANNED)
    assert all(isinstance(block, Block) for block in built)
    rendered = [block.to_dict() for block in built]  # slack_sdk validates lengths here
    assert rendered[0]["type"] == "header"
    assert any(b.get("block_id") == ids.HELP_PLANNED_BLOCK for b in rendered)
    assert len(rendered) <= 50


def test_help_never_exceeds_fifty_blocks():
    many = [HelpEntry(f"v{n}", f"/sf v{n}", "x") for n in range(80)]
    built = blocks.help_blocks(available=many)
    assert len(built) == 50
    assert built[-1].block_id == ids.HELP_FOOTER_BLOCK


def test_inline_code_cannot_break_out_or_mention():
    shown = blocks.inline_code("`<!channel>` @here\n" + "x" * 200, limit=30)
    assert "`" not in shown and "<" not in shown and "\n" not in shown
    assert "@here" not in shown
    assert len(shown) < 60
