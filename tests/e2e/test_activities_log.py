"""`/sf log call|meeting|task` end to end: the Task/Event and its relations in the emulator."""

from __future__ import annotations

from bot.slack import ids
from tests.fixtures.notes_app import ADA, Connected


def _done(setup: Connected, words: str) -> dict:
    def posted() -> dict | None:
        for post in setup.slack.response_url_posts(user=ADA):
            text = post["body"].get("text") or ""
            if words in text or ":x:" in text:
                return post["body"]
        return None

    return setup.slack.wait_for(posted, timeout=10, message=words)


def _new(setup: Connected, sobject: str, before: set[str]) -> list[dict]:
    return [r for r in setup.emu.records(sobject) if r["Id"] not in before]


def _ids(setup: Connected, sobject: str) -> set[str]:
    return {r["Id"] for r in setup.emu.records(sobject)}


def test_log_a_call(connected: Connected) -> None:
    acme = connected.named("Account", "Acme Corporation")
    before = _ids(connected, "Task")
    connected.slack.slash(
        'log call "Acme Corporation" subject="Pricing call" duration=30m type=outbound '
        'result="Left a voicemail" date=2026-11-20 Talked about &lt;pricing&gt;',
        user=ADA,
    )
    body = _done(connected, "Logged the call")
    assert "Pricing call" in body["text"]
    [task] = _new(connected, "Task", before)
    assert task["TaskSubtype"] == "Call" and task["Status"] == "Completed"
    assert task["CallDurationInSeconds"] == 1800 and task["CallType"] == "Outbound"
    assert task["CallDisposition"] == "Left a voicemail"
    assert task["ActivityDate"] == "2026-11-20" and task["WhatId"] == acme
    assert task["Description"] == "Talked about <pricing>"


def test_log_a_meeting_with_attendees(connected: Connected) -> None:
    renewal = connected.named("Opportunity", "Acme renewal 2026")
    ada_contact = next(
        c["Id"] for c in connected.emu.records("Contact") if c["LastName"] == "Lovelace"
    )  # noqa: E501
    grace = next(c["Id"] for c in connected.emu.records("Contact") if c["LastName"] == "Hopper")
    before = _ids(connected, "Event")
    connected.slack.slash(
        'log meeting "Acme renewal 2026" subject=QBR start="2026-12-01 15:00" duration=1h '
        'location="Chicago HQ" with="ada@acme.example, Grace Hopper"',
        user=ADA,
    )
    body = _done(connected, "Logged the meeting")
    assert "2 people" in body["text"]
    [event] = _new(connected, "Event", before)
    assert event["Subject"] == "QBR" and event["DurationInMinutes"] == 60
    assert event["Location"] == "Chicago HQ" and event["WhatId"] == renewal
    assert event["WhoId"] == ada_contact
    assert event["StartDateTime"].startswith("2026-12-01T15:00")
    relations = [r for r in connected.emu.records("EventRelation") if r["EventId"] == event["Id"]]
    assert grace in {r["RelationId"] for r in relations}


def test_log_a_task_assigned_by_mention(connected: Connected) -> None:
    before = _ids(connected, "Task")
    connected.slack.slash(
        'log task "Globex Corporation" subject="Send the quote" due=2026-12-05 priority=High '
        "assignee=<@U0SAM00003|sam>",
        user=ADA,
    )
    _done(connected, "Created the task")
    [task] = _new(connected, "Task", before)
    assert task["Subject"] == "Send the quote" and task["Priority"] == "High"
    assert task["ActivityDate"] == "2026-12-05"
    assert task["OwnerId"] == connected.emu.user_id("admin@demo.example")


def test_bad_values_are_all_reported_and_nothing_is_written(connected: Connected) -> None:
    before = _ids(connected, "Task")
    result = connected.slack.slash(
        'log task "Globex Corporation" subject="x" priority=Urgent due=someday '
        "with=nobody@nowhere.example",
        user=ADA,
    )
    text = str(result.body)
    assert "Urgent" in text and "High" in text  # the valid values are named
    assert "someday" in text and "nobody@nowhere.example" in text
    assert _new(connected, "Task", before) == []


def test_meeting_needs_a_start(connected: Connected) -> None:
    result = connected.slack.slash('log meeting "Acme Corporation" subject=Lunch', user=ADA)
    assert "Start is required" in str(result.body)


def test_undo_deletes_the_call(connected: Connected) -> None:
    before = _ids(connected, "Task")
    connected.slack.slash('log call "Acme Corporation" subject="Oops"', user=ADA)
    _done(connected, "Logged the call")
    [task] = _new(connected, "Task", before)
    message = connected.slack.wait_for(
        lambda: [
            m for m in connected.slack.messages(visible_to=ADA) if "Oops" in (m.get("text") or "")
        ]  # noqa: E501
    )[-1]
    connected.slack.block_action(ids.UNDO_ACTION, user=ADA, message_ts=message["ts"],
                                 channel=message["channel"])  # fmt: skip
    connected.slack.wait_for(
        lambda: (
            (connected.emu.record(task["Id"]) or {}).get("IsDeleted")
            or connected.emu.record(task["Id"]) is None
        ),
        timeout=10,
    )
