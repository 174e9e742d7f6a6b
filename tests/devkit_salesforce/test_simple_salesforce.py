"""simple-salesforce, unmodified, against the emulator (CA trusted through session.verify)."""

from __future__ import annotations

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceResourceNotFound


@pytest.fixture
def sf(emu, monkeypatch):
    # requests lets these variables override session.verify; this test trusts via the session.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    token, instance = emu.token_for("rep@demo.example")
    session = requests.Session()
    session.verify = emu.ca_file
    return Salesforce(instance_url=instance, session_id=token, session=session)


def test_crud_and_describe_through_simple_salesforce(emu, sf):
    assert sf.Account.describe()["name"] == "Account"
    contact = sf.Contact
    created = contact.create({"LastName": "Hopper", "email": "gh@example.com"})
    assert created["success"] is True
    assert contact.get(created["id"])["Email"] == "gh@example.com"
    assert contact.update(created["id"], {"Title": "Rear Admiral"}) == 204
    assert contact.api_usage["api-usage"].used >= 3
    assert contact.delete(created["id"]) == 204
    with pytest.raises(SalesforceResourceNotFound):
        sf.Contact.get(created["id"])


def test_validation_errors_map_to_simple_salesforce_exceptions(sf):
    with pytest.raises(SalesforceMalformedRequest) as err:
        sf.Opportunity.create({"Name": "No stage"})
    assert err.value.content[0]["errorCode"] == "REQUIRED_FIELD_MISSING"
