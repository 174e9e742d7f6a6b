"""The `/sf` grammar: real command lines as Slack sends them, and any text at all."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.escape import escape_mrkdwn
from bot.slack.grammar import GrammarError, parse_command


def test_create_with_every_quoting_style() -> None:
    cmd = parse_command(
        "create opportunity name=\"Acme renewal\" amount=50k stage='Closed Won' "
        "close=“2026-12-31” account=‘Acme & Co’"
    )
    assert cmd.verb == "create"
    assert cmd.object == "opportunity"
    assert cmd.field_values() == {
        "name": "Acme renewal",
        "amount": "50k",
        "stage": "Closed Won",
        "close": "2026-12-31",
        "account": "Acme & Co",
    }


def test_slack_escaping_and_markup_are_unwrapped() -> None:
    cmd = parse_command(
        "create contact last=O'Brien email=<mailto:ada@acme.com|ada@acme.com> "
        'website=<http://acme.com|acme.com> description="R&amp;D &lt;team&gt;"'
    )
    assert cmd.field_values() == {
        "last": "O'Brien",
        "email": "ada@acme.com",
        "website": "acme.com",
        "description": "R&D <team>",
    }


def test_pasted_record_link_is_the_target() -> None:
    url = "https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000Abc12AAB/view"
    cmd = parse_command(f"update <{url}> stage=Prospecting")
    assert cmd.target is not None and cmd.target.value == url
    assert cmd.field_values() == {"stage": "Prospecting"}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ('update "Acme renewal" stage=X', "Acme renewal"),
        ("update Acme Corp stage=X", "Acme Corp"),
        ("update “Acme renewal” stage=X", "Acme renewal"),
        ("show Acme Corp", "Acme Corp"),
        ("delete 0065g00000Abc12AAB", "0065g00000Abc12AAB"),
    ],
)
def test_targets(text: str, target: str) -> None:
    cmd = parse_command(text)
    assert cmd.target is not None and cmd.target.value == target


@pytest.mark.parametrize(
    ("text", "obj", "target"),
    [
        ('update opportunity "Acme renewal" stage=X', "opportunity", "Acme renewal"),
        ("show contact “Ada Lovelace”", "contact", "Ada Lovelace"),
        ('update "Acme renewal" stage=X', None, "Acme renewal"),
        ("update Acme Corp stage=X", None, "Acme Corp"),
    ],
)
def test_object_named_before_a_quoted_record(text: str, obj: str | None, target: str) -> None:
    cmd = parse_command(text)
    assert cmd.object == obj
    assert cmd.target is not None and cmd.target.value == target


def test_org_option_is_not_a_field() -> None:
    cmd = parse_command("update Acme stage=X org=sandbox")
    assert cmd.options == {"org": "sandbox"}
    assert cmd.field_values() == {"stage": "X"}


def test_escaped_quotes_and_quoted_field_names() -> None:
    cmd = parse_command(r'update x name="say \"hi\" now" "close date"=tomorrow')
    assert cmd.field_values() == {"name": 'say "hi" now', "close date": "tomorrow"}


def test_notes_keep_free_text_verbatim() -> None:
    assert parse_command('note Acme "Met the CFO, budget approved"').text == (
        "Met the CFO, budget approved"
    )
    cmd = parse_command("note Acme Met the CFO: price = 50k, it's \"great")
    assert cmd.target is not None and cmd.target.value == "Acme"
    assert cmd.text == "Met the CFO: price = 50k, it's \"great"
    cmd = parse_command('note Acme "Budget approved" org=prod')
    assert (cmd.text, cmd.options) == ("Budget approved", {"org": "prod"})


def test_log_tag_find_and_free_verbs() -> None:
    log = parse_command('log call Acme subject="Pricing call" duration=30m')
    assert (log.kind, log.target and log.target.value, log.text) == ("call", "Acme", None)
    assert log.field_values() == {"subject": "Pricing call", "duration": "30m"}
    tag = parse_command('tag <@U123|ada> "Acme renewal" role="Decision Maker"')
    assert tag.who is not None and (tag.who.value, tag.who.user_id) == ("@ada", "U123")
    assert tag.target is not None and tag.target.value == "Acme renewal"
    assert (parse_command("find contact lovelace").object, "lovelace") == ("contact", "lovelace")
    only_text = parse_command("find lovelace")
    assert (only_text.object, only_text.text) == (None, "lovelace")
    assert [w.value for w in parse_command("connect sandbox").words] == ["sandbox"]
    assert parse_command("").verb == "help"
    assert parse_command("  WhoAmI ").verb == "whoami"


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ('create opportunity name="Acme', 24, "never closed"),
        ("create opportunity stage=a Stage=b", 27, "given twice"),
        ("delete x name=3", 9, "doesn't take fields"),
        ("create", 6, "the object"),
        ("show", 4, "the record"),
        ("create opp a+b=c", 11, "isn't a field name"),
        ("create opp stray", 11, "didn't expect"),
        ("=x", 0, "field name is missing"),
    ],
)
def test_errors_point_at_the_problem(text: str, position: int, words: str) -> None:
    with pytest.raises(GrammarError) as info:
        parse_command(text)
    assert info.value.position == position
    assert words in info.value.message
    rendered = info.value.render().splitlines()
    assert rendered[-1] == " " * position + "^```"


def test_error_keeps_what_was_typed_and_escapes_it() -> None:
    with pytest.raises(GrammarError) as info:
        parse_command('create opp <!here>=1 name="x')
    rendered = info.value.render()
    assert "<!here>" not in rendered and "&lt;!here&gt;" in rendered


_SLACKISH = st.text(
    alphabet=st.sampled_from(list("ab =\"'“”‘’\\<>|@!&;:/.-_#0123456789\n\t")) | st.characters(),
    max_size=80,
)


@given(_SLACKISH)
def test_any_text_parses_or_gives_a_clear_error(text: str) -> None:
    try:
        cmd = parse_command(text)
    except GrammarError as exc:
        assert exc.message and 0 <= exc.position <= len(exc.text)
        assert "<!" not in exc.render() and "<@" not in exc.render()
        return
    assert cmd.verb


@given(st.text(max_size=40), st.sampled_from(["create opportunity", "update Acme", "log call x"]))
def test_quoted_values_round_trip(value: str, head: str) -> None:
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("“", "\\“")
        .replace("”", "\\”")
        .replace("„", "\\„")
    )
    escaped = escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    cmd = parse_command(f'{head} name="{escaped}"')
    assert cmd.field_values()["name"] == value


def test_escape_disarms_mentions() -> None:
    assert escape_mrkdwn("<!channel> @here & @everyone") == (
        "&lt;!channel&gt; @\u200bhere &amp; @\u200beveryone"
    )
