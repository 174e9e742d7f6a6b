"""Pure Block Kit builders for the opportunity modal and the "New Salesforce record" chooser.

The modal is rebuilt from a `Draft` (what the user entered so far) whenever the record type
changes, so nothing typed is lost; the stage block's id carries the record type, so Slack
forgets a stage chosen from another process's list.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from slack_sdk.models.blocks import (
    ButtonElement,
    DatePickerElement,
    ExternalDataMultiSelectElement,
    ExternalDataSelectElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.salesforce.opportunities import RecordType
from bot.slack import ids, messages
from bot.slack.blocks import truncate

METADATA_LIMIT = 3000
OPTION_TEXT_LIMIT = 75
MAX_STATIC_OPTIONS = 100
# The objects the chooser offers, opportunity first: (API name, label, /sf new word).
NEW_RECORD_OBJECTS = (
    ("Opportunity", "Opportunity", "opportunity"),
    ("Account", "Account", "account"),
    ("Contact", "Contact", "contact"),
    ("Lead", "Lead", "lead"),
    ("Case", "Case", "case"),
)


@dataclass
class Draft:
    """What the modal holds: entered values and where it was opened (private_metadata)."""

    record_type_id: str | None = None
    name: str | None = None
    account: tuple[str, str] | None = None  # (id, shown name)
    amount: str | None = None
    close_date: str | None = None
    stage: str | None = None
    next_step: str | None = None
    contacts: list[tuple[str, str]] = field(default_factory=list)
    role: str | None = None
    channel_id: str | None = None
    response_url: str | None = None
    home: bool = False

    def metadata(self) -> str:
        """Where the modal came from and its record type (the inputs keep the rest)."""
        data = {
            "rt": self.record_type_id,
            "c": self.channel_id,
            "r": self.response_url,
            "h": self.home,
        }
        text = json.dumps(data, separators=(",", ":"))
        if len(text) > METADATA_LIMIT:  # a response URL is never this long; be safe anyway
            text = json.dumps({**data, "r": None}, separators=(",", ":"))
        return text

    @classmethod
    def from_view(cls, view: dict[str, Any]) -> Draft:
        """The draft a submitted or updated view holds (inputs + private_metadata)."""
        try:
            meta = json.loads(view.get("private_metadata") or "{}")
        except ValueError:
            meta = {}
        meta = meta if isinstance(meta, dict) else {}
        values = (view.get("state") or {}).get("values") or {}
        draft = cls(
            record_type_id=meta.get("rt"),
            channel_id=meta.get("c"),
            response_url=meta.get("r"),
            home=bool(meta.get("h")),
        )
        for block_id, actions in values.items():
            for action_id, entry in actions.items():
                draft._take(block_id, action_id, entry)
        return draft

    def _take(self, block_id: str, action_id: str, entry: dict[str, Any]) -> None:
        option = entry.get("selected_option") or None
        if action_id == ids.OPP_RECORD_TYPE_ACTION and option:
            self.record_type_id = option["value"]
        elif action_id == ids.OPP_NAME_ACTION:
            self.name = entry.get("value")
        elif action_id == ids.OPP_ACCOUNT_ACTION and option:
            self.account = (option["value"], _option_text(option))
        elif action_id == ids.OPP_AMOUNT_ACTION:
            self.amount = entry.get("value")
        elif action_id == ids.OPP_CLOSE_ACTION:
            self.close_date = entry.get("selected_date")
        elif action_id == ids.OPP_STAGE_ACTION and option:
            self.stage = option["value"]
        elif action_id == ids.OPP_NEXT_STEP_ACTION:
            self.next_step = entry.get("value")
        elif action_id == ids.OPP_CONTACTS_ACTION:
            chosen = entry.get("selected_options") or []
            self.contacts = [(o["value"], _option_text(o)) for o in chosen]
        elif action_id == ids.OPP_ROLE_ACTION and option:
            self.role = option["value"]
        del block_id


def _option_text(option: dict[str, Any]) -> str:
    text = option.get("text") or {}
    return str(text.get("text", "")) if isinstance(text, dict) else str(text)


def _option(value: str, text: str | None = None) -> Option:
    return Option(value=value, text=truncate(text or value, limit=OPTION_TEXT_LIMIT))


def stage_block_id(record_type_id: str | None) -> str:
    return ids.OPP_STAGE_BLOCK_PREFIX + (record_type_id or "master")[:15]


def opportunity_modal(
    draft: Draft,
    *,
    record_types: Sequence[RecordType],
    stages: Sequence[str],
    roles: Sequence[str],
) -> View:
    """The opportunity modal for a draft.

    Args:
        draft: Entered values (pre-filled into the inputs) and the chosen record type.
        record_types: The user's record types; a chooser is shown when there are several.
        stages: The stages of the chosen record type's sales process.
        roles: Contact role values (an empty list hides the role input).
    """
    blocks: list[Any] = []
    if len(record_types) > 1:
        options = [_option(rt.record_type_id, rt.name) for rt in record_types]
        chosen = next((o for o in options if o.value == draft.record_type_id), options[0])
        blocks.append(
            InputBlock(
                block_id=ids.OPP_RECORD_TYPE_BLOCK,
                label=messages.OPP_RECORD_TYPE_LABEL,
                dispatch_action=True,
                element=StaticSelectElement(
                    action_id=ids.OPP_RECORD_TYPE_ACTION, options=options, initial_option=chosen
                ),
            )
        )
    blocks.append(
        _text_input(
            ids.OPP_NAME_BLOCK,
            ids.OPP_NAME_ACTION,
            messages.OPP_NAME_LABEL,
            draft.name,
            max_length=120,
        )
    )
    account = _option(*draft.account) if draft.account else None
    blocks.append(
        InputBlock(
            block_id=ids.OPP_ACCOUNT_BLOCK,
            label=messages.OPP_ACCOUNT_LABEL,
            optional=True,
            element=ExternalDataSelectElement(
                action_id=ids.OPP_ACCOUNT_ACTION,
                placeholder=messages.OPP_ACCOUNT_PLACEHOLDER,
                min_query_length=2,
                initial_option=account,
            ),
        )
    )
    blocks.append(
        _text_input(
            ids.OPP_AMOUNT_BLOCK,
            ids.OPP_AMOUNT_ACTION,
            messages.OPP_AMOUNT_LABEL,
            draft.amount,
            optional=True,
            placeholder=messages.OPP_AMOUNT_PLACEHOLDER,
        )
    )
    blocks.append(
        InputBlock(
            block_id=ids.OPP_CLOSE_BLOCK,
            label=messages.OPP_CLOSE_LABEL,
            element=DatePickerElement(
                action_id=ids.OPP_CLOSE_ACTION, initial_date=draft.close_date or None
            ),
        )
    )
    stage_options = [_option(stage) for stage in list(stages)[:MAX_STATIC_OPTIONS]]
    stage = next((o for o in stage_options if o.value == draft.stage), None)
    blocks.append(
        InputBlock(
            block_id=stage_block_id(draft.record_type_id),
            label=messages.OPP_STAGE_LABEL,
            element=StaticSelectElement(
                action_id=ids.OPP_STAGE_ACTION, options=stage_options, initial_option=stage
            ),
        )
    )
    blocks.append(
        _text_input(
            ids.OPP_NEXT_STEP_BLOCK,
            ids.OPP_NEXT_STEP_ACTION,
            messages.OPP_NEXT_STEP_LABEL,
            draft.next_step,
            optional=True,
            max_length=255,
        )
    )
    contacts = [_option(value, text) for value, text in draft.contacts] or None
    blocks.append(
        InputBlock(
            block_id=ids.OPP_CONTACTS_BLOCK,
            label=messages.OPP_CONTACTS_LABEL,
            optional=True,
            hint=messages.OPP_CONTACTS_HINT,
            element=ExternalDataMultiSelectElement(
                action_id=ids.OPP_CONTACTS_ACTION,
                placeholder=messages.OPP_CONTACTS_PLACEHOLDER,
                min_query_length=2,
                initial_options=contacts,
            ),
        )
    )
    if roles:
        role_options = [_option(role) for role in list(roles)[:MAX_STATIC_OPTIONS]]
        role = next((o for o in role_options if o.value == draft.role), None)
        blocks.append(
            InputBlock(
                block_id=ids.OPP_ROLE_BLOCK,
                label=messages.OPP_ROLE_LABEL,
                optional=True,
                element=StaticSelectElement(
                    action_id=ids.OPP_ROLE_ACTION, options=role_options, initial_option=role
                ),
            )
        )
    return View(
        type="modal",
        callback_id=ids.OPP_MODAL_CALLBACK,
        title=messages.OPP_MODAL_TITLE,
        submit=messages.OPP_MODAL_SUBMIT,
        close=messages.NOTE_MODAL_CLOSE,
        blocks=blocks,
        private_metadata=draft.metadata(),
    )


def _text_input(
    block_id: str,
    action_id: str,
    label: str,
    value: str | None,
    *,
    optional: bool = False,
    placeholder: str | None = None,
    max_length: int | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=label,
        optional=optional,
        element=PlainTextInputElement(
            action_id=action_id,
            initial_value=value or None,
            placeholder=placeholder,
            max_length=max_length,
        ),
    )


def chooser_modal(*, metadata: str) -> View:
    """The global shortcut's first step: which kind of record (opportunity first)."""
    options = [_option(name, label) for name, label, _word in NEW_RECORD_OBJECTS]
    return View(
        type="modal",
        callback_id=ids.NEW_RECORD_CHOOSER_CALLBACK,
        title=messages.NEW_RECORD_TITLE,
        submit=messages.NEW_RECORD_NEXT,
        close=messages.NOTE_MODAL_CLOSE,
        private_metadata=metadata,
        blocks=[
            InputBlock(
                block_id=ids.NEW_RECORD_OBJECT_BLOCK,
                label=messages.NEW_RECORD_OBJECT_LABEL,
                element=StaticSelectElement(
                    action_id=ids.NEW_RECORD_OBJECT_ACTION,
                    options=options,
                    initial_option=options[0],
                ),
            )
        ],
    )


def new_opportunity_button(*, account_id: str, name: str) -> ButtonElement:
    """ "New opportunity" for an account: opens the modal with the account filled in."""
    value = json.dumps({"a": account_id, "n": truncate(name, limit=OPTION_TEXT_LIMIT)})
    return ButtonElement(
        text=messages.NEW_OPPORTUNITY_BUTTON, action_id=ids.NEW_OPPORTUNITY_ACTION, value=value
    )


def draft_dict(draft: Draft) -> dict[str, Any]:
    """For tests and logs: the draft as plain data."""
    return asdict(draft)
