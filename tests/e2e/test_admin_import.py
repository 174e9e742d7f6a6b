"""`/sf import contacts|leads`: pasted CSV matched on email, checked with counts, confirmed,
written through one intent, and undone (created records deleted, old values back)."""

from __future__ import annotations

import pytest

from bot.slack import ids, messages
from tests.fixtures.records import ADA, SAM


@pytest.fixture
def admin_env(make_records_env):
    return make_records_env(sfbot_admins=SAM)


def _open_form(env, what: str = "contacts") -> dict:
    reply = env.run(f"import {what}", user=SAM)
    assert reply["text"] == messages.IMPORT_OPENED, reply["text"]
    form = env.sim.top_view(SAM)
    assert form["callback_id"] == ids.ADMIN_IMPORT_CALLBACK
    return form


def _submit(env, csv_text: str):
    return env.sim.view_submission({ids.ADMIN_IMPORT_CSV_ACTION: csv_text}, user=SAM)


def _text(view: dict) -> str:
    return "\n".join(b["text"]["text"] for b in view["blocks"] if b.get("text"))


CSV = (
    "Email,FirstName,LastName,Title\n"
    "ada@acme.example,Ada,Lovelace,Chief Technology Officer\n"  # update: title differs
    "grace@acme.example,Grace,Hopper,VP Engineering\n"  # unchanged
    "alan@bletchley.example,Alan,Turing,Cryptanalyst\n"  # create
    "bad-email,Bad,Row,Nobody\n"  # problem: email
    "joan@bletchley.example,Joan,,Analyst\n"  # problem: no last name for a create
)


def test_check_counts_then_import_then_undo(admin_env) -> None:
    _open_form(admin_env)
    checked = _submit(admin_env, CSV)
    assert checked.applied == "update", checked.body
    check = admin_env.sim.top_view(SAM)
    text = _text(check)
    assert "*1* to create, *1* to update, 1 unchanged, *2* with problems" in text, text
    assert "Row 5:" in text and "Row 6:" in text
    assert "Last Name" in text  # what row 6 lacks
    assert not admin_env.records("Contact", LastName="Turing")  # nothing written yet
    done = admin_env.sim.view_submission({}, user=SAM)
    assert done.applied == "update"
    assert messages.IMPORT_STARTED in _text(admin_env.sim.top_view(SAM))
    result = admin_env.wait_text(":inbox_tray: Imported contacts: 1 created, 1 updated", user=SAM)
    assert admin_env.records("Contact", LastName="Turing")[0]["Email"] == "alan@bletchley.example"
    assert admin_env.records("Contact", LastName="Lovelace")[0]["Title"] == (
        "Chief Technology Officer"
    )
    admin_env.click(result, ids.UNDO_ACTION, user=SAM)
    admin_env.wait_text(":leftwards_arrow_with_hook: Undone: deleted 1 created", user=SAM)
    assert not admin_env.records("Contact", LastName="Turing")
    assert admin_env.records("Contact", LastName="Lovelace")[0]["Title"] == "CTO"


def test_leads_import_and_an_exported_csv_imports_back_unchanged(admin_env) -> None:
    _open_form(admin_env, "leads")
    _submit(
        admin_env,
        "Id,Email,LastName,Company,Status\n"
        ",marty@hillvalley.example,McFly,Hill Valley Hoverboards,Working - Contacted\n"
        ",doc@hillvalley.example,Brown,Hill Valley Labs,Open - Not Contacted\n",
    )
    assert "*1* to create, *1* to update" in _text(admin_env.sim.top_view(SAM))
    admin_env.sim.view_submission({}, user=SAM)
    admin_env.wait_text(":inbox_tray: Imported leads: 1 created, 1 updated", user=SAM)
    assert admin_env.records("Lead", LastName="McFly")[0]["Status"] == "Working - Contacted"
    assert admin_env.records("Lead", LastName="Brown")[0]["Company"] == "Hill Valley Labs"


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        ("FirstName,LastName\nAda,Lovelace\n", "needs an Email column"),
        ("Email,Shoe Size\nada@acme.example,9\n", "“Shoe Size” isn't one I import"),
        ("Email,Title\nada@acme.example,CTO\n", "every row matches what Salesforce already"),
        ("Email,LastName\nnope,X\n", "no row can be imported. Row 2:"),
        ("Email,LastName\na@x.example,X\na@x.example,Y\n", None),  # second row is a problem
    ],
)
def test_unusable_csv_is_explained_on_the_input(admin_env, csv_text, expected) -> None:
    _open_form(admin_env)
    result = _submit(admin_env, csv_text)
    if expected is None:
        assert result.applied == "update"
        assert "has the same email as row 2" in _text(admin_env.sim.top_view(SAM))
        return
    assert result.applied == "errors", result.body
    assert expected in result.body["errors"][ids.ADMIN_IMPORT_CSV_BLOCK]


def test_usage_and_non_admins(admin_env) -> None:
    assert admin_env.run("import accounts", user=SAM)["text"] == messages.IMPORT_USAGE
    reply = admin_env.run("import contacts", user=ADA)
    assert reply["text"] == messages.ADMIN_ONLY.format(verb="import", user_id=ADA)


def test_an_answer_lost_after_the_create_committed_does_not_duplicate(admin_env) -> None:
    _open_form(admin_env)
    _submit(admin_env, "Email,LastName\nlost@answer.example,Lost\n")
    admin_env.emu.set_faults(drop_after_commit=1)
    admin_env.sim.view_submission({}, user=SAM)
    admin_env.wait_text(":inbox_tray: Imported contacts: 1 created", user=SAM, timeout=15)
    assert len(admin_env.records("Contact", LastName="Lost")) == 1
