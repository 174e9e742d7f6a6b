"""Reading a record form's submission, and errors for its inputs (pure functions).

Slack sends each input's state by block and action id; the form's block ids carry the field's
API name (`bot.slack.record_modal.block_id`). Input errors are plain text on input block ids.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.slack.blocks import truncate
from bot.slack.record_modal import block_id, field_of


def submitted_values(
    state_values: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """A submission's inputs → (API name → typed text, lookup API name → (id, name)).

    Empty inputs are left out, except for booleans (unchecked means no).
    """
    typed: dict[str, str] = {}
    lookups: dict[str, tuple[str, str]] = {}
    for block, actions in state_values.items():
        name = field_of(block)
        if name is None:
            continue
        for element in actions.values():
            kind = element.get("type")
            if kind == "external_select":
                option = element.get("selected_option")
                if option:
                    lookups[name] = (option["value"], option["text"]["text"])
            elif kind == "checkboxes":
                typed[name] = "yes" if element.get("selected_options") else "no"
            elif kind == "datepicker" and element.get("selected_date"):
                typed[name] = element["selected_date"]
            elif kind == "static_select" and element.get("selected_option"):
                typed[name] = element["selected_option"]["value"]
            elif kind == "multi_static_select" and element.get("selected_options"):
                typed[name] = ";".join(o["value"] for o in element["selected_options"])
            elif element.get("value") not in (None, ""):
                typed[name] = str(element["value"])
    return typed, lookups


def input_errors(problems: Sequence[Any], *, blocks: Sequence[str]) -> dict[str, str]:
    """``{block_id: plain text}`` for `response_action: errors`; problems of fields not in the
    form (or of the whole object) go on the first input."""
    errors: dict[str, str] = {}
    present = set(blocks)
    for problem in problems:
        target = block_id(problem.field)
        if target not in present:
            target = blocks[0] if blocks else target
        message = _plain(problem.message)
        errors[target] = f"{errors[target]} {message}" if target in errors else message
    return {key: truncate(value, limit=1900) for key, value in errors.items()}


def _plain(text: str) -> str:
    """Slack shows input errors as plain text: drop mrkdwn marks (user text stays escaped)."""
    for mark in ("*", "`"):
        text = text.replace(mark, "")
    return text
