"""slack_sdk's Block Kit validation, with its validators looked up once per class.

`JsonObject.validate_json` (run by every ``to_dict()``) finds an object's validators by scanning
``dir(self)`` and reading every attribute, properties included, on each call: for a write's
result message that scan was 6% of a write process's CPU. The validators are methods of the
class, so the same ones, found once per class, are run here in the same way; slack_sdk's
checks and errors (`SlackObjectFormationError`) are unchanged.
"""

from __future__ import annotations

import functools

from slack_sdk.models.basic_objects import JsonObject

_ORIGINAL = JsonObject.validate_json


@functools.cache
def validator_names(cls: type) -> tuple[str, ...]:
    """The methods of ``cls`` that slack_sdk marked as validators (``@JsonValidator``)."""
    names = []
    for name in dir(cls):
        if name.startswith("__"):
            continue
        member = getattr(cls, name, None)
        if callable(member) and hasattr(member, "validator"):
            names.append(name)
    return tuple(names)


def validate_json(self: JsonObject) -> None:
    """Run the object's slack_sdk validators (they raise `SlackObjectFormationError`)."""
    for name in validator_names(type(self)):
        getattr(self, name)()


def install() -> None:
    """Use `validate_json` for every slack_sdk model (idempotent)."""
    JsonObject.validate_json = validate_json  # type: ignore[method-assign]


def uninstall() -> None:
    """Back to slack_sdk's own scan (tests compare the two)."""
    JsonObject.validate_json = _ORIGINAL  # type: ignore[method-assign]
