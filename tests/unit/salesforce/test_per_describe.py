"""Values derived from a describe body are computed once per body, and afresh for a new one."""

from __future__ import annotations

from bot.salesforce import per_describe as module
from bot.salesforce.convert import field_labels
from bot.salesforce.per_describe import per_describe


def test_a_body_is_derived_once_and_a_new_body_again() -> None:
    calls: list[str] = []

    @per_describe
    def names(describe):
        calls.append(describe["name"])
        return [f["name"] for f in describe["fields"]]

    body = {"name": "Contact", "fields": [{"name": "LastName"}]}
    assert names(body) == ["LastName"]
    assert names(body) == ["LastName"]
    refetched = {"name": "Contact", "fields": [{"name": "LastName"}, {"name": "Email"}]}
    assert names(refetched) == ["LastName", "Email"]
    assert calls == ["Contact", "Contact"]


def test_only_so_many_bodies_are_remembered(monkeypatch) -> None:
    monkeypatch.setattr(module, "REMEMBERED_BODIES", 2)
    calls: list[int] = []

    @per_describe
    def size(describe):
        calls.append(len(describe["fields"]))
        return len(describe["fields"])

    bodies = [{"fields": [{}] * n} for n in range(3)]
    for body in bodies:
        size(body)
    size(bodies[0])  # pushed out by the third
    size(bodies[2])
    assert calls == [0, 1, 2, 0]


def test_field_labels_are_escaped_and_drop_the_id_suffix_of_lookups() -> None:
    describe = {
        "fields": [
            {"name": "AccountId", "label": "Account ID", "type": "reference"},
            {"name": "Pains__c", "label": "Pains <& gains>", "type": "string"},
        ]
    }
    assert field_labels(describe) == {
        "AccountId": "Account",
        "Pains__c": "Pains &lt;&amp; gains&gt;",
    }
