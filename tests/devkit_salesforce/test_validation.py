"""Server-side validation as Salesforce does it (README §3.2): fields, values, lookups, rules."""

from __future__ import annotations

import pytest


def _id(emu, sobject: str, **match) -> str:
    return next(
        r["Id"] for r in emu.records(sobject) if all(r.get(k) == v for k, v in match.items())
    )


def _error(resp, status: int = 400) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert isinstance(body, list) and len(body) == 1
    return body[0]


def test_unknown_field_and_id_in_body(rep):
    err = _error(rep.post("sobjects/Account/", {"Name": "X", "Foo__c": 1}))
    assert err == {
        "message": "No such column 'Foo__c' on sobject of type Account",
        "errorCode": "INVALID_FIELD",
    }
    err = _error(rep.post("sobjects/Account/", {"Id": "001Dk000000000IIAQ", "Name": "X"}))
    assert err["message"] == "The Id field should not be specified in the sobject data."


def test_field_and_object_names_are_case_insensitive(emu, rep):
    resp = rep.post("sobjects/account/", {"name": "lower", "BILLINGCITY": "Oslo"})
    assert resp.status_code == 201
    assert emu.record(resp.json()["id"])["BillingCity"] == "Oslo"


def test_restricted_picklist_rejected_unrestricted_accepted(emu, rep):
    err = _error(rep.post("sobjects/Account/", {"Name": "X", "Tier__c": "Platinum"}))
    assert err == {
        "message": "Tier: bad value for restricted picklist field: Platinum",
        "errorCode": "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
        "fields": ["Tier__c"],
    }
    ok = rep.post("sobjects/Account/", {"Name": "X", "Industry": "Space mining"})
    assert ok.status_code == 201


def test_string_too_long(rep):
    err = _error(
        rep.post("sobjects/Lead/", {"LastName": "L", "Company": "C", "FirstName": "F" * 41})
    )
    assert err == {
        "message": f"First Name: data value too large: {'F' * 41} (max length=40)",
        "errorCode": "STRING_TOO_LONG",
        "fields": ["FirstName"],
    }


@pytest.mark.parametrize(
    "field,value,sf_type",
    [
        ("Amount", "50k", "currency"),
        ("CloseDate", "12/31/2026", "date"),
        ("IsPrivate", "yes", "boolean"),
    ],
)
def test_json_type_errors_have_no_fields_key(rep, field, value, sf_type):
    body = {"Name": "N", "StageName": "Prospecting", "CloseDate": "2026-12-31", field: value}
    err = _error(rep.post("sobjects/Opportunity/", body))
    assert err["errorCode"] == "JSON_PARSER_ERROR" and "fields" not in err
    assert err["message"].startswith(
        f"Cannot deserialize instance of {sf_type} from VALUE_STRING value {value}"
    )


def test_datetime_offset_without_colon_is_refused(rep):
    err = _error(
        rep.post(
            "sobjects/Task/", {"Subject": "Call", "ReminderDateTime": "2013-08-12T15:20:00+0000"}
        )
    )
    assert err["errorCode"] == "JSON_PARSER_ERROR"


def test_lookup_errors(emu, rep):
    acme = _id(emu, "Account", Name="Acme Corporation")
    ada = _id(emu, "Contact", LastName="Lovelace")
    err = _error(rep.post("sobjects/Contact/", {"LastName": "X", "AccountId": "001xx"}))
    assert err == {
        "message": "Account ID: id value of incorrect type: 001xx",
        "errorCode": "MALFORMED_ID",
        "fields": ["AccountId"],
    }
    err = _error(rep.post("sobjects/Contact/", {"LastName": "X", "AccountId": ada}))
    assert err["errorCode"] == "MALFORMED_ID" and err["fields"] == ["AccountId"]
    missing = acme[:5] + "ZZZZZZZZZZ"
    err = _error(rep.post("sobjects/Contact/", {"LastName": "X", "AccountId": missing}))
    assert err["errorCode"] == "INVALID_CROSS_REFERENCE_KEY"
    gone = rep.post("sobjects/Account/", {"Name": "Gone"}).json()["id"]
    rep.delete(f"sobjects/Account/{gone}")
    err = _error(rep.post("sobjects/Contact/", {"LastName": "X", "AccountId": gone}))
    assert err == {"message": "entity is deleted", "errorCode": "ENTITY_IS_DELETED", "fields": []}


def test_lookup_to_record_the_user_cannot_see(emu, rep):
    sams_deal = _id(emu, "Opportunity", Name="Initech TPS upgrade")
    ada = _id(emu, "Contact", LastName="Lovelace")
    err = _error(
        rep.post("sobjects/OpportunityContactRole/", {"OpportunityId": sams_deal, "ContactId": ada})
    )
    assert err == {
        "message": f"insufficient access rights on cross-reference id: {sams_deal[:15]}",
        "errorCode": "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY",
        "fields": [],
    }
    assert rep.get(f"sobjects/Opportunity/{sams_deal}").status_code == 404


def test_read_only_not_updateable_and_fls(emu, rep):
    err = _error(
        rep.post(
            "sobjects/Opportunity/",
            {"Name": "N", "StageName": "Prospecting", "CloseDate": "2026-12-31", "IsClosed": True},
        )
    )
    assert err["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE" and err["fields"] == ["IsClosed"]
    assert err["message"].startswith("Unable to create/update fields: IsClosed. Please check")
    ocr = _id(emu, "OpportunityContactRole")
    other = _id(emu, "Opportunity", Name="Globex pilot")
    err = _error(rep.patch(f"sobjects/OpportunityContactRole/{ocr}", {"OpportunityId": other}))
    assert err["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    acme = _id(emu, "Account", Name="Acme Corporation")
    err = _error(rep.patch(f"sobjects/Account/{acme}", {"Credit_Limit__c": 10}))
    assert err["fields"] == ["Credit_Limit__c"]
    err = _error(
        rep.post(
            "sobjects/Opportunity/",
            {
                "Name": "N",
                "StageName": "Prospecting",
                "CloseDate": "2026-12-31",
                "Discount_Approved__c": True,
            },
        )
    )
    assert err["errorCode"] == "INVALID_FIELD"


def test_describe_reflects_fls_for_the_caller(rep, admin):
    rep_fields = {f["name"]: f for f in rep.get("sobjects/Account/describe").json()["fields"]}
    assert rep_fields["Credit_Limit__c"]["updateable"] is False
    admin_fields = {f["name"]: f for f in admin.get("sobjects/Account/describe").json()["fields"]}
    assert admin_fields["Credit_Limit__c"]["updateable"] is True
    opp = {f["name"] for f in rep.get("sobjects/Opportunity/describe").json()["fields"]}
    assert "Discount_Approved__c" not in opp


def test_sharing_and_object_permissions(emu, rep, as_user):
    initech = _id(emu, "Account", Name="Initech")
    assert rep.get(f"sobjects/Account/{initech}").status_code == 200
    err = _error(rep.patch(f"sobjects/Account/{initech}", {"Phone": "1"}))
    assert err["errorCode"] == "INSUFFICIENT_ACCESS_OR_READONLY"
    err = _error(rep.delete(f"sobjects/Account/{initech}"))
    assert err["errorCode"] == "INSUFFICIENT_ACCESS_OR_READONLY"
    reader = as_user("readonly@demo.example")
    assert reader.get("sobjects/Account/describe").json()["createable"] is False
    err = _error(reader.post("sobjects/Account/", {"Name": "Nope"}))
    assert err["errorCode"] == "INSUFFICIENT_ACCESS_OR_READONLY"


def test_record_type_must_be_valid_for_the_object(emu, rep):
    err = _error(
        rep.post(
            "sobjects/Opportunity/",
            {
                "Name": "N",
                "StageName": "Prospecting",
                "CloseDate": "2026-12-31",
                "RecordTypeId": "012Dk00000000ZZ",
            },
        )
    )
    assert err["errorCode"] == "INVALID_CROSS_REFERENCE_KEY" and err["fields"] == ["RecordTypeId"]
    assert err["message"].startswith("Record Type ID: this ID value isn't valid for the user: ")


def test_required_field_set_to_null_on_update(emu, rep):
    acme = _id(emu, "Account", Name="Acme Corporation")
    err = _error(rep.patch(f"sobjects/Account/{acme}", {"Name": None}))
    assert err["errorCode"] == "REQUIRED_FIELD_MISSING" and err["fields"] == ["Name"]


def test_validation_rules_field_and_top_of_page(emu, rep):
    err = _error(
        rep.post(
            "sobjects/Opportunity/",
            {"Name": "N", "StageName": "Prospecting", "CloseDate": "2026-12-31", "Amount": -5},
        )
    )
    assert err == {
        "message": "Amount cannot be negative.",
        "errorCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION",
        "fields": ["Amount"],
    }
    case = _id(emu, "Case", Subject="Invoice question")
    err = _error(rep.patch(f"sobjects/Case/{case}", {"Status": "Closed"}))
    assert err["errorCode"] == "FIELD_CUSTOM_VALIDATION_EXCEPTION" and err["fields"] == []


def test_duplicate_rule_blocks_unless_header_allows(emu, rep):
    body = {"LastName": "Twin", "Email": "ADA@acme.example"}
    err = _error(rep.post("sobjects/Contact/", body))
    assert err["errorCode"] == "DUPLICATES_DETECTED"
    result = err["duplicateResut"]
    assert result["allowSave"] is True
    assert result["matchResults"][0]["matchRecords"][0]["record"]["Id"] == _id(
        emu, "Contact", LastName="Lovelace"
    )
    ok = rep.post(
        "sobjects/Contact/", body, headers={"Sforce-Duplicate-Rule-Header": "allowSave=true"}
    )
    assert ok.status_code == 201


def test_fifteen_char_ids_in_urls_and_lookups(emu, rep):
    acme = _id(emu, "Account", Name="Acme Corporation")
    assert rep.get(f"sobjects/Account/{acme[:15]}").json()["Id"] == acme
    rid = rep.post("sobjects/Contact/", {"LastName": "Short", "AccountId": acme[:15]}).json()["id"]
    assert emu.record(rid)["AccountId"] == acme
    bad_checksum = acme[:15] + "AAA" if not acme.endswith("AAA") else acme[:15] + "BBB"
    assert rep.get(f"sobjects/Account/{bad_checksum}").status_code == 404


def test_task_account_derived_from_what_or_who(emu, rep):
    acme = _id(emu, "Account", Name="Acme Corporation")
    opp = _id(emu, "Opportunity", Name="Acme renewal 2026")
    hank = _id(emu, "Contact", LastName="Scorpio")
    globex = _id(emu, "Account", Name="Globex Corporation")
    t1 = rep.post(
        "sobjects/Task/",
        {"Subject": "Call", "WhatId": opp, "TaskSubtype": "Call", "CallDurationInSeconds": 60},
    ).json()["id"]
    assert emu.record(t1)["AccountId"] == acme
    assert emu.record(t1)["Status"] == "Not Started"
    t2 = rep.post("sobjects/Task/", {"Subject": "Email", "WhoId": hank}).json()["id"]
    assert emu.record(t2)["AccountId"] == globex
    err = _error(rep.patch(f"sobjects/Task/{t1}", {"TaskSubtype": "Task"}))
    assert err["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    err = _error(rep.post("sobjects/Task/", {"Subject": "x", "CallType": "Sideways"}))
    assert err["errorCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"


def test_account_delete_cascades_and_undelete_restores(emu, rep):
    stark = _id(emu, "Account", Name="Stark Industries")
    pepper = _id(emu, "Contact", LastName="Potts")
    won = _id(emu, "Opportunity", Name="Stark Industries suits")
    assert rep.delete(f"sobjects/Account/{stark}").status_code == 204
    assert emu.record(pepper)["IsDeleted"] is True and emu.record(won)["IsDeleted"] is True
    emu.undelete(stark)
    assert emu.record(pepper)["IsDeleted"] is False and emu.record(won)["IsDeleted"] is False


def test_account_with_cases_cannot_be_deleted(emu, admin):
    acme = _id(emu, "Account", Name="Acme Corporation")
    err = _error(admin.delete(f"sobjects/Account/{acme}"))
    assert err["errorCode"] == "DELETE_FAILED"
    assert emu.record(acme)["IsDeleted"] is False


def test_event_needs_a_time(rep):
    err = _error(rep.post("sobjects/Event/", {"Subject": "Meeting"}))
    assert err["errorCode"] == "REQUIRED_FIELD_MISSING"
    ok = rep.post(
        "sobjects/Event/",
        {"Subject": "Meeting", "StartDateTime": "2026-12-01T10:00:00Z", "DurationInMinutes": 30},
    )
    assert ok.status_code == 201


SOAP_UNDELETE = """<?xml version="1.0" encoding="utf-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                  xmlns:urn="urn:partner.soap.sforce.com">
 <soapenv:Header><urn:SessionHeader><urn:sessionId>{token}</urn:sessionId></urn:SessionHeader>
 </soapenv:Header>
 <soapenv:Body><urn:undelete><urn:ids>{rid}</urn:ids></urn:undelete></soapenv:Body>
</soapenv:Envelope>"""


def test_soap_undelete_restores_a_deleted_record(emu, rep):
    rid = rep.post("sobjects/Lead/", {"LastName": "Back", "Company": "B"}).json()["id"]
    rep.delete(f"sobjects/Lead/{rid}")
    token = rep.session.headers["Authorization"].split()[1]
    resp = rep.request(
        "POST",
        "/services/Soap/u/59.0",
        data=SOAP_UNDELETE.format(token=token, rid=rid),
        headers={"Content-Type": "text/xml", "SOAPAction": "undelete"},
    )
    assert resp.status_code == 200 and "<success>true</success>" in resp.text
    assert emu.record(rid)["IsDeleted"] is False
    again = rep.request(
        "POST",
        "/services/Soap/u/59.0",
        data=SOAP_UNDELETE.format(token=token, rid=rid),
        headers={"Content-Type": "text/xml", "SOAPAction": "undelete"},
    )
    assert "<success>false</success>" in again.text and "UNDELETE_FAILED" in again.text
    bad = rep.request(
        "POST",
        "/services/Soap/u/59.0",
        data=SOAP_UNDELETE.format(token="nope", rid=rid),
        headers={"Content-Type": "text/xml", "SOAPAction": "undelete"},
    )
    assert bad.status_code == 500 and "INVALID_SESSION_ID" in bad.text
