"""The generic record form, built from an object's describe (pure builders, no I/O).

Required fields come first, then the fields the user typed, then the object's usual fields.
Each field gets the input Slack has for its type: text, number, date picker, a select of the
picklist's values (those of the record type when it has one), a checkbox for booleans, and a
typeahead (external_select, answered by SOSL) for lookups. Values typed in a command pre-fill it.
State travels in ``private_metadata`` (JSON, at most 3000 characters).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    ExternalDataSelectElement,
    InputBlock,
    MarkdownTextObject,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticMultiSelectElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.salesforce.convert import picklist_values
from bot.salesforce.summary import key_fields
from bot.salesforce.validate import Operation, required_fields
from bot.slack import ids, messages
from bot.slack.blocks import Reply, truncate

MAX_INPUTS = 20  # a form people fill in Slack, not the whole page layout
OPTION_LIMIT = 100
METADATA_LIMIT = 3000
_NUMBERS = frozenset({"int", "long", "double", "currency", "percent"})
_TEXT = frozenset(
    {
        "string",
        "email",
        "phone",
        "url",
        "textarea",
        "encryptedstring",
        "combobox",
        "datetime",
        "time",
    }
)
_SKIPPED = frozenset({"RecordTypeId"})


@dataclass
class FormState:
    """What the form needs to know when it comes back (stored in ``private_metadata``).

    Attributes:
        sobject: The object's API name.
        operation: `create` or `update`.
        record_id: The record being edited (updates).
        channel_id: Where the command was typed (to tell the user there too).
        connection_id: The Salesforce connection it was opened for.
        record_type_id: The record type whose picklist values are offered.
    """

    sobject: str
    operation: Operation = "create"
    record_id: str | None = None
    channel_id: str | None = None
    connection_id: int | None = None
    record_type_id: str | None = None
    record_name: str | None = None

    def dump(self) -> str:
        data = {
            "o": self.sobject,
            "op": self.operation,
            "r": self.record_id,
            "ch": self.channel_id,
            "c": self.connection_id,
            "rt": self.record_type_id,
            "n": (self.record_name or "")[:200] or None,
        }
        text = json.dumps({k: v for k, v in data.items() if v is not None}, separators=(",", ":"))
        if len(text) > METADATA_LIMIT:  # pragma: no cover - ids are short
            raise ValueError("form state too large for private_metadata")
        return text

    @classmethod
    def load(cls, text: str | None) -> FormState:
        data = json.loads(text or "{}")
        return cls(
            sobject=data["o"],
            operation="update" if data.get("op") == "update" else "create",
            record_id=data.get("r"),
            channel_id=data.get("ch"),
            connection_id=data.get("c"),
            record_type_id=data.get("rt"),
            record_name=data.get("n"),
        )


@dataclass
class Prefill:
    """Values to show in the form: parsed values, raw typed text, and lookup names."""

    values: Mapping[str, Any] = field(default_factory=dict)
    typed: Mapping[str, str] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)


def block_id(api_name: str) -> str:
    return ids.RECORD_MODAL_FIELD_BLOCK_PREFIX + api_name


def field_of(block: str) -> str | None:
    """The API name of a form block id, or None for other blocks."""
    prefix = ids.RECORD_MODAL_FIELD_BLOCK_PREFIX
    return block[len(prefix) :] if block.startswith(prefix) else None


def form_fields(
    describe: Mapping[str, Any], *, operation: str, typed: Sequence[str] = ()
) -> list[Mapping[str, Any]]:
    """The fields the form asks for: required, typed, then usual ones; only writable ones."""
    by_name = {f["name"]: f for f in describe.get("fields", [])}
    flag = "createable" if operation == "create" else "updateable"
    required = required_fields(describe) if operation == "create" else []
    usual = [f["name"] for f in key_fields(describe)]
    name_field = [f["name"] for f in describe.get("fields", []) if f.get("nameField")]
    order = [*required, *name_field, *typed, *usual]
    chosen = []
    for name in dict.fromkeys(order):
        spec = by_name.get(name)
        if spec is None or not spec.get(flag) or name in _SKIPPED:
            continue
        if spec.get("type") not in _TEXT | _NUMBERS | {
            "date",
            "boolean",
            "picklist",
            "multipicklist",
            "reference",
        }:
            continue
        chosen.append(spec)
    return chosen[:MAX_INPUTS]


def _options(values: Sequence[str]) -> list[Option]:
    return [Option(text=truncate(v, limit=75), value=v[:150]) for v in values[:OPTION_LIMIT]]


def _element(spec: Mapping[str, Any], prefill: Prefill, allowed: Sequence[str] | None) -> Any:
    name, kind = spec["name"], spec.get("type", "string")
    value = prefill.values.get(name)
    typed = prefill.typed.get(name)
    action = ids.RECORD_MODAL_INPUT_ACTION
    if kind in _NUMBERS:
        initial = None
        if isinstance(value, int | float) and not isinstance(value, bool):
            initial = str(value)
        return NumberInputElement(
            action_id=action, is_decimal_allowed=kind not in ("int", "long"), initial_value=initial
        )
    if kind == "date":
        initial_date = value if isinstance(value, str) and _is_date(value) else None
        return DatePickerElement(action_id=action, initial_date=initial_date)
    if kind == "boolean":
        yes = Option(text="Yes", value="true")
        return CheckboxesElement(
            action_id=action, options=[yes], initial_options=[yes] if value is True else None
        )
    if kind in ("picklist", "multipicklist"):
        choices = list(allowed) if allowed is not None else picklist_values(spec)
        options = _options(choices)
        chosen = [o for o in options if o.value in str(value or "").split(";")] if value else []
        placeholder = messages.MODAL_SELECT_PLACEHOLDER
        if kind == "multipicklist":
            return StaticMultiSelectElement(
                action_id=action,
                options=options,
                placeholder=placeholder,
                initial_options=chosen or None,
            )
        return StaticSelectElement(
            action_id=action,
            options=options,
            placeholder=placeholder,
            initial_option=chosen[0] if chosen else None,
        )
    if kind == "reference":
        targets = ", ".join(spec.get("referenceTo") or []) or "records"
        chosen_record = None
        if isinstance(value, str) and name in prefill.names:
            chosen_record = Option(text=truncate(prefill.names[name], limit=75), value=value)
        return ExternalDataSelectElement(
            action_id=ids.RECORD_MODAL_LOOKUP_ACTION,
            placeholder=truncate(
                messages.MODAL_LOOKUP_PLACEHOLDER.format(object=targets), limit=150
            ),
            min_query_length=2,
            initial_option=chosen_record,
        )
    length = min(int(spec.get("length") or 3000), 3000)
    initial_text = str(value) if isinstance(value, str) else typed
    return PlainTextInputElement(
        action_id=action,
        multiline=kind == "textarea",
        max_length=length,
        initial_value=(initial_text or None) and initial_text[:length],
    )


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def build_form(
    describe: Mapping[str, Any],
    *,
    state: FormState,
    prefill: Prefill | None = None,
    record_type_values: Mapping[str, Sequence[str]] | None = None,
    note: str | None = None,
) -> View:
    """The modal for creating (or editing) a record of this object.

    Args:
        describe: The object's describe for this user.
        state: What comes back with the submission.
        prefill: Values to show.
        record_type_values: Picklist values of the record type, by field.
        note: A line shown above the inputs (e.g. why the form opened), mrkdwn, escaped.
    """
    prefill = prefill or Prefill()
    rt_values = record_type_values or {}
    required = set(required_fields(describe)) if state.operation == "create" else set()
    blocks: list[Block] = []
    if note:
        blocks.append(
            SectionBlock(
                block_id=ids.RECORD_MODAL_NOTE_BLOCK,
                text=MarkdownTextObject(text=truncate(note, limit=3000)),
            )
        )
    for spec in form_fields(describe, operation=state.operation, typed=list(prefill.typed)):
        label = str(spec.get("label") or spec["name"])
        if spec.get("type") == "reference":
            label = label.removesuffix(" ID")
        blocks.append(
            InputBlock(
                block_id=block_id(spec["name"]),
                label=truncate(label, limit=2000),
                element=_element(spec, prefill, rt_values.get(spec["name"])),
                optional=spec["name"] not in required,
            )
        )
    label = str(describe.get("label") or state.sobject)
    template = messages.MODAL_TITLE if state.operation == "create" else messages.MODAL_EDIT_TITLE
    return View(
        type="modal",
        callback_id=ids.RECORD_MODAL_CALLBACK,
        title=truncate(template.format(object=label), limit=24),
        submit=messages.MODAL_SUBMIT,
        close=messages.MODAL_CLOSE,
        private_metadata=state.dump(),
        blocks=blocks,
    )


def saving_view(*, title: str) -> View:
    """The form while the write takes longer than Slack waits for an answer."""
    text = MarkdownTextObject(text=messages.MODAL_SAVING)
    return View(
        type="modal",
        callback_id=ids.RECORD_MODAL_CALLBACK,
        title=truncate(title, limit=24),
        close=messages.MODAL_DONE_CLOSE,
        blocks=[SectionBlock(text=text)],
    )


def result_view(reply: Reply, *, title: str) -> View:
    """A finished write shown in place of the form (confirmation, Undo, or the refusal)."""
    blocks = list(reply.blocks) or [SectionBlock(text=MarkdownTextObject(text=reply.text))]
    return View(
        type="modal",
        callback_id=ids.RECORD_MODAL_CALLBACK,
        title=truncate(title, limit=24),
        close=messages.MODAL_DONE_CLOSE,
        blocks=blocks,
    )


def raw_result_view(message: Mapping[str, Any], *, title: str) -> dict[str, Any]:
    """Like `result_view`, for a message body already in dict form (an answer to a click)."""
    blocks = list(message.get("blocks") or [])
    if not blocks:
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": message.get("text", "")}}]
    return {
        "type": "modal",
        "callback_id": ids.RECORD_MODAL_CALLBACK,
        "title": {"type": "plain_text", "text": truncate(title, limit=24)},
        "close": {"type": "plain_text", "text": messages.MODAL_DONE_CLOSE},
        "blocks": blocks,
    }
