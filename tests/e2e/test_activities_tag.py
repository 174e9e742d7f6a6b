"""`/sf tag` end to end: contact roles matched by email, Slack mention or name; primary; Undo."""

from __future__ import annotations

from bot.slack import ids
from tests.fixtures.notes_app import ADA, Connected


def _roles(setup: Connected, opportunity: str) -> list[dict]:
    return [
        r
        for r in setup.emu.records("OpportunityContactRole")
        if r["OpportunityId"] == opportunity and not r.get("IsDeleted")
    ]


def _contact(setup: Connected, last: str) -> str:
    return next(c["Id"] for c in setup.emu.records("Contact") if c["LastName"] == last)


def test_tag_by_email_as_primary(connected: Connected) -> None:
    renewal = connected.named("Opportunity", "Acme renewal 2026")
    connected.slack.slash(
        'tag grace@acme.example "Acme renewal 2026" role="Technical Buyer" primary', user=ADA
    )
    connected.slack.wait_for(lambda: len(_roles(connected, renewal)) == 2, timeout=10)
    role = next(
        r for r in _roles(connected, renewal) if r["ContactId"] == _contact(connected, "Hopper")
    )  # noqa: E501
    assert role["Role"] == "Technical Buyer" and role["IsPrimary"] is True


def test_tag_a_slack_user_matched_by_email(connected: Connected) -> None:
    connected.slack.add_user("U0PEPPER01", "pepper", real_name="Pepper Potts",
                             email="pepper@stark.example")  # fmt: skip
    suits = connected.named("Opportunity", "Stark Industries suits")
    connected.slack.slash(
        'tag <@U0PEPPER01|pepper> "Stark Industries suits" role=Evaluator', user=ADA
    )  # noqa: E501
    connected.slack.wait_for(lambda: _roles(connected, suits), timeout=10)
    [role] = _roles(connected, suits)
    assert role["ContactId"] == _contact(connected, "Potts") and role["Role"] == "Evaluator"
    assert role["IsPrimary"] is False
    posts = connected.slack.wait_for(
        lambda: [p for p in connected.slack.response_url_posts(user=ADA)
                 if "Added" in (p["body"].get("text") or "")]
    )  # fmt: skip
    assert "Evaluator" in posts[0]["body"]["text"]


def test_a_slack_user_with_no_matching_contact(connected: Connected) -> None:
    result = connected.slack.slash('tag <@U0ADA00001|ada> "Acme renewal 2026"', user=ADA)
    assert "can't find one contact" in str(result.body)


def test_undo_removes_the_contact_role(connected: Connected) -> None:
    pilot = connected.named("Opportunity", "Globex pilot")
    connected.slack.slash('tag "Hank Scorpio" "Globex pilot" role="Economic Buyer"', user=ADA)
    connected.slack.wait_for(lambda: _roles(connected, pilot), timeout=10)
    message = connected.slack.wait_for(
        lambda: [
            m
            for m in connected.slack.messages(visible_to=ADA)
            if "Economic Buyer" in (m.get("text") or "")
        ]  # noqa: E501
    )[-1]
    connected.slack.block_action(ids.UNDO_ACTION, user=ADA, message_ts=message["ts"],
                                 channel=message["channel"])  # fmt: skip
    connected.slack.wait_for(lambda: not _roles(connected, pilot), timeout=10)
