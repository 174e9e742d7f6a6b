"""API names and record ids with a trailing newline are refused (`$` alone lets one through)."""

from __future__ import annotations

import pytest

from bot.salesforce.records import api_name, record_id


@pytest.mark.parametrize("bad", ["Account\n", "Name\n", "Account\r\n"])
def test_api_name_with_a_trailing_newline_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a Salesforce API name"):
        api_name(bad)


@pytest.mark.parametrize("bad", ["001000000000001\n", "001000000000001AAA\n"])
def test_record_id_with_a_trailing_newline_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="not a Salesforce record id"):
        record_id(bad)


def test_good_values_still_pass() -> None:
    assert api_name("Custom_Field__c") == "Custom_Field__c"
    assert record_id("001000000000001AAA") == "001000000000001AAA"
