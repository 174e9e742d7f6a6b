"""The `/sf api` reply: code blocks within Slack's section limit, trimmed with a note."""

from __future__ import annotations

from bot.salesforce.admin.rest import RawResponse
from bot.slack import ids
from bot.slack.admin.api_blocks import CHUNK_LIMIT, api_result, code_chunks


def test_short_text_is_one_piece_and_complete() -> None:
    assert code_chunks('{\n  "a": 1\n}') == (['{\n  "a": 1\n}'], True)


def test_pieces_break_at_lines_and_respect_the_limit() -> None:
    text = "\n".join(f"line {n:04d} " + "x" * 80 for n in range(200))
    pieces, complete = code_chunks(text, most=50)
    assert complete and all(len(p) <= CHUNK_LIMIT for p in pieces)
    assert "\n".join(pieces) == text


def test_a_single_long_line_is_cut_and_reported_incomplete() -> None:
    pieces, complete = code_chunks("y" * 50000, most=2)
    assert not complete and len(pieces) == 2 and all(len(p) == CHUNK_LIMIT for p in pieces)


def test_backticks_and_markup_cannot_escape_the_code_block() -> None:
    pieces, _ = code_chunks("```<!channel>&")
    assert "```" not in pieces[0] and "&lt;!channel&gt;&amp;" in pieces[0]


def test_reply_has_title_body_and_trim_note() -> None:
    big = RawResponse(status=200, body={"k": "v" * 20000}, is_json=True)
    reply = api_result(request="GET /x", response=big).to_dict()
    block_ids = [b.get("block_id") for b in reply["blocks"]]
    assert block_ids[0] == ids.ADMIN_API_RESULT_BLOCK
    assert block_ids[-1] == ids.ADMIN_API_TRIMMED_BLOCK
    assert reply["text"] == "`GET /x` → *200 OK*"
    empty = api_result(request="DELETE /x", response=RawResponse(204, "", False)).to_dict()
    assert "(no content)" in str(empty["blocks"])
