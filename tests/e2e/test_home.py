"""The App Home: connection status, quick actions, last writes with Undo, admin health."""

from __future__ import annotations

from collections.abc import Callable

from bot.slack import ids, messages
from tests.fixtures.notes_app import ADA, ROB, SAM, Connected


def _home(setup: Connected, user: str) -> dict:
    setup.slack.app_home_opened(user=user)
    return setup.slack.wait_for(lambda: setup.slack.home_view(user), message="the Home")


def _text(view: dict) -> str:
    return str(view["blocks"])


def test_connected_user_sees_status_and_quick_actions(connected: Connected) -> None:
    view = _home(connected, ADA)
    text = _text(view)
    assert "rep@demo.example" in text and messages.HOME_NO_WRITES in text
    actions = {
        e["action_id"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]
    }  # noqa: E501
    assert {
        ids.NEW_OPPORTUNITY_ACTION,
        ids.HOME_LOG_CALL_ACTION,
        ids.HOME_NEW_CONTACT_ACTION,
    } <= actions  # noqa: E501
    assert ids.HOME_DISCONNECT_ACTION in text
    assert ids.HOME_HEALTH_BLOCK not in text  # not an admin


def test_unconnected_user_gets_a_connect_button(connected: Connected) -> None:
    view = _home(connected, SAM)
    assert messages.HOME_NOT_CONNECTED in _text(view)
    connected.slack.block_action(ids.HOME_CONNECT_ACTION, user=SAM)
    modal = connected.slack.wait_for(lambda: connected.slack.top_view(SAM))
    button = next(b["accessory"] for b in modal["blocks"] if b.get("accessory"))
    assert "/salesforce/oauth" in button["url"]
    assert button["action_id"] == ids.CONNECT_BUTTON_ACTION


def test_last_writes_with_undo_from_the_home(connected: Connected) -> None:
    connected.slack.slash('note "Acme Corporation" "Home test note"', user=ADA)
    connected.slack.wait_for(lambda: connected.emu.records("ContentNote"), timeout=10)
    connected.slack.wait_for(
        lambda: any("Added" in (p["body"].get("text") or "")
                    for p in connected.slack.response_url_posts(user=ADA)), timeout=10
    )  # fmt: skip
    view = _home(connected, ADA)
    line = next(b for b in view["blocks"] if b["block_id"].startswith(ids.HOME_WRITE_BLOCK_PREFIX))
    assert "Home test note" in line["text"]["text"] and "done" in line["text"]["text"]
    assert line["accessory"]["action_id"] == ids.UNDO_ACTION
    connected.slack.block_action(ids.UNDO_ACTION, user=ADA, block_id=line["block_id"])
    connected.slack.wait_for(
        lambda: "undone" in str(connected.slack.home_view(ADA)["blocks"]), timeout=10
    )
    assert not [n for n in connected.emu.records("ContentNote") if not n.get("IsDeleted")]


def test_admins_see_configuration_health(connect_app: Callable[..., Connected]) -> None:
    setup = connect_app(sfbot_admins=ROB)
    text = _text(_home(setup, ROB))
    assert ids.HOME_HEALTH_BLOCK in text and "Write queue" in text and "salesforce settings" in text
    assert ids.HOME_HEALTH_BLOCK not in _text(_home(setup, ADA))


def test_new_opportunity_from_the_home_lands_in_the_home(connected: Connected) -> None:
    _home(connected, ADA)
    connected.slack.block_action(ids.NEW_OPPORTUNITY_ACTION, user=ADA)
    connected.slack.wait_for(lambda: connected.slack.top_view(ADA))
    result = connected.slack.view_submission(
        {ids.OPP_NAME_ACTION: "Home deal", ids.OPP_CLOSE_ACTION: "2027-01-31",
         ids.OPP_STAGE_ACTION: "Prospecting"},
        user=ADA,
    )  # fmt: skip
    assert result.ok and not result.errors, result.errors
    assert [r for r in connected.emu.records("Opportunity") if r["Name"] == "Home deal"]
    connected.slack.wait_for(
        lambda: "Home deal" in str(connected.slack.home_view(ADA)["blocks"]), timeout=10
    )


def test_log_a_call_from_the_home(connected: Connected) -> None:
    _home(connected, ADA)
    before = {t["Id"] for t in connected.emu.records("Task")}
    connected.slack.block_action(ids.HOME_LOG_CALL_ACTION, user=ADA)
    connected.slack.wait_for(lambda: connected.slack.top_view(ADA))
    options = connected.slack.block_suggestion(ids.CALL_RECORD_ACTION, "globex", user=ADA)
    value = next(o["value"] for g in options.body["option_groups"] for o in g["options"]
                 if o["text"]["text"] == "Globex Corporation")  # fmt: skip
    result = connected.slack.view_submission(
        {ids.CALL_RECORD_ACTION: value, ids.CALL_SUBJECT_ACTION: "Intro call",
         ids.CALL_DURATION_ACTION: "15m"},
        user=ADA,
    )  # fmt: skip
    assert result.ok and not result.errors, result.errors
    [task] = [t for t in connected.emu.records("Task") if t["Id"] not in before]
    assert task["Subject"] == "Intro call" and task["CallDurationInSeconds"] == 900
    assert task["TaskSubtype"] == "Call"
