"""Record links unfurl only for a poster who is connected and can see the record."""

from __future__ import annotations

from bot.salesforce.links import record_url
from tests.fixtures.notes_app import ADA, ROB, SAM, Connected

CHANNEL = "C0SALES001"


def _link(setup: Connected, sobject: str, name: str) -> str:
    instance = setup.emu.base_url
    return record_url(
        instance_url=instance, object_name=sobject, record_id=setup.named(sobject, name)
    )  # noqa: E501


def _post(setup: Connected, text: str, user: str) -> dict:
    setup.slack.unfurl_domains = ("127.0.0.1",)
    return setup.slack.post_user_message(text, user=user, channel=CHANNEL)


def _unfurls(setup: Connected, message: dict) -> dict:
    stored = setup.slack.state.find_message(CHANNEL, message["ts"])
    return dict(stored.get("unfurls") or {})


def test_a_visible_record_unfurls_with_key_fields(connected: Connected) -> None:
    url = _link(connected, "Opportunity", "Acme renewal 2026")
    message = _post(connected, f"look at <{url}>", ADA)
    unfurls = connected.slack.wait_for(lambda: _unfurls(connected, message), timeout=10)
    text = str(unfurls[url]["blocks"])
    assert "Acme renewal 2026" in text and "Negotiation/Review" in text
    assert "Riley Rep" in text  # the owner
    assert connected.slack.failed_calls() == []


def test_no_unfurl_for_a_record_the_poster_cannot_see(connected: Connected) -> None:
    # Initech TPS upgrade is Sam's private opportunity: the rep can't see it.
    url = _link(connected, "Opportunity", "Initech TPS upgrade")
    message = _post(connected, f"<{url}>", ADA)
    visible = _link(connected, "Account", "Acme Corporation")
    probe = _post(connected, f"<{visible}>", ADA)  # a later unfurl proves the first was handled
    connected.slack.wait_for(lambda: _unfurls(connected, probe), timeout=10)
    assert _unfurls(connected, message) == {}
    assert not [c for c in connected.slack.calls("chat.unfurl") if url in str(c["args"])]


def test_read_only_user_gets_only_what_they_can_see(connected: Connected) -> None:
    private = _link(connected, "Opportunity", "Acme renewal 2026")  # the rep's, OWD Private
    account = _link(connected, "Account", "Acme Corporation")  # OWD Read
    message = _post(connected, f"<{private}> and <{account}>", ROB)
    unfurls = connected.slack.wait_for(lambda: _unfurls(connected, message), timeout=10)
    assert set(unfurls) == {account}
    assert "Acme renewal 2026" not in str(connected.slack.calls("chat.unfurl"))


def test_no_unfurl_for_an_unconnected_poster(connected: Connected) -> None:
    url = _link(connected, "Account", "Acme Corporation")
    message = _post(connected, f"<{url}>", SAM)
    probe = _post(connected, f"<{url}>", ADA)
    connected.slack.wait_for(lambda: _unfurls(connected, probe), timeout=10)
    assert _unfurls(connected, message) == {}
    assert len(connected.slack.calls("chat.unfurl")) == 1
