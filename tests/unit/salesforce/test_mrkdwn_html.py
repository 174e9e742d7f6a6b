"""Slack mrkdwn → note HTML: formatting, lists, links, mentions and escaping."""

from __future__ import annotations

from bot.salesforce.mrkdwn_html import Names, first_line, mentioned_ids, to_html, to_plain

NAMES = Names(users={"U0ADA00001": "Ada Lovelace"}, channels={"C0SALES001": "sales"})


def test_paragraphs_and_line_breaks() -> None:
    assert to_html("one\ntwo\n\nthree") == "<p>one<br>two</p><p>three</p>"


def test_bold_italic_strike_and_code() -> None:
    html = to_html("*budget* _approved_ ~maybe~ `v2`")
    assert html == "<p><b>budget</b> <i>approved</i> <s>maybe</s> <code>v2</code></p>"


def test_markers_inside_words_stay_text() -> None:
    assert to_html("snake_case_name and 2*3*4") == "<p>snake_case_name and 2*3*4</p>"


def test_code_keeps_markers_literally() -> None:
    assert to_html("`*not bold*`") == "<p><code>*not bold*</code></p>"


def test_slack_escapes_become_escaped_html() -> None:
    # Slack sends "Tom & Jerry <3 a>b" as below; the note must escape & and < itself.
    html = to_html("Tom &amp; Jerry &lt;3 a&gt;b")
    assert html == "<p>Tom &amp; Jerry &lt;3 a&gt;b</p>"


def test_raw_angle_brackets_and_ampersands_are_escaped() -> None:
    assert to_html("a & b <script>") == "<p>a &amp; b &lt;script&gt;</p>"


def test_links_with_and_without_labels() -> None:
    html = to_html("see <https://acme.example/q?a=1&amp;b=2|the quote> and <https://x.example>")
    assert html == (
        '<p>see <a href="https://acme.example/q?a=1&amp;b=2">the quote</a> and '
        '<a href="https://x.example">https://x.example</a></p>'
    )


def test_unsafe_link_schemes_are_text_only() -> None:
    assert to_html("<javascript:alert(1)|click>") == "<p>click</p>"


def test_mailto_shows_the_address() -> None:
    assert to_html("<mailto:ada@acme.example>") == (
        '<p><a href="mailto:ada@acme.example">ada@acme.example</a></p>'
    )


def test_bold_link() -> None:
    assert to_html("*<https://a.example|A>*") == '<p><b><a href="https://a.example">A</a></b></p>'


def test_user_and_channel_mentions_resolve_to_names() -> None:
    html = to_html("<@U0ADA00001> in <#C0SALES001> and <#C0OTHER01|deals>", names=NAMES)
    assert html == "<p>@Ada Lovelace in #sales and #deals</p>"


def test_unknown_user_falls_back_to_id_and_names_are_escaped() -> None:
    names = Names(users={"U1": "Tom <b>& Co"})
    assert to_html("<@U1> <@U2>", names=names) == "<p>@Tom &lt;b&gt;&amp; Co @U2</p>"


def test_special_mentions_are_plain_text() -> None:
    assert to_html("<!here> <!channel> <!subteam^S1|@sales-team>") == (
        "<p>@here @channel @sales-team</p>"
    )


def test_bullet_and_numbered_lists() -> None:
    text = "Next steps:\n• send *quote*\n• book demo\n1. legal\n2. sign"
    assert to_html(text) == (
        "<p>Next steps:</p><ul><li>send <b>quote</b></li><li>book demo</li></ul>"
        "<ol><li>legal</li><li>sign</li></ol>"
    )


def test_dash_lists() -> None:
    assert to_html("- a\n- b") == "<ul><li>a</li><li>b</li></ul>"


def test_quotes() -> None:
    assert to_html("&gt; they said\n&gt; yes") == "<blockquote>they said<br>yes</blockquote>"


def test_code_block_is_pre_and_escaped() -> None:
    assert to_html("before\n```x < 1 &amp;&amp; *y*```\nafter") == (
        "<p>before</p><pre>x &lt; 1 &amp;&amp; *y*</pre><p>after</p>"
    )


def test_empty_message() -> None:
    assert to_html("") == ""


def test_mentioned_ids() -> None:
    users, channels = mentioned_ids("<@U0ADA00001|ada> <@W123> <#C0SALES001> <#G1|x>")
    assert users == {"U0ADA00001", "W123"} and channels == {"C0SALES001", "G1"}


def test_plain_text_and_first_line() -> None:
    text = "\n*Call with <@U0ADA00001>* &amp; team\nmore"
    assert to_plain(text, names=NAMES) == "Call with @Ada Lovelace & team\nmore"
    assert first_line(text, names=NAMES) == "Call with @Ada Lovelace & team"
    assert first_line("• item one") == "item one"
    assert len(first_line("x" * 400)) == 255


def test_editable_text_round_trips_through_the_input() -> None:
    from bot.salesforce.mrkdwn_html import from_input, to_editable

    text = "*Hi* <@U0ADA00001> &amp; <https://a.example/?x=1&amp;y=2|quote> &lt;3"
    editable = to_editable(text, names=NAMES)
    assert editable == "*Hi* @Ada Lovelace & <https://a.example/?x=1&y=2|quote> <3"
    assert to_html(from_input(editable)) == (
        '<p><b>Hi</b> @Ada Lovelace &amp; <a href="https://a.example/?x=1&amp;y=2">quote</a>'
        " &lt;3</p>"
    )
    assert to_html(from_input("x <script> & y")) == "<p>x &lt;script&gt; &amp; y</p>"
