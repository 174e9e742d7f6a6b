"""Our validator lookup runs slack_sdk's own Block Kit checks: same errors, same output."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.slack import block_validation


def _valid():
    return [
        SectionBlock(text=MarkdownTextObject(text="*Acme* <https://x.example|open>")),
        HeaderBlock(text="Contact created"),
        ActionsBlock(elements=[ButtonElement(text="Undo", action_id="undo", value="1")]),
        ContextBlock(elements=[MarkdownTextObject(text="Undo for 15 minutes")]),
        View(
            type="modal",
            title="New contact",
            blocks=[
                InputBlock(
                    label="Stage",
                    element=StaticSelectElement(
                        action_id="stage", options=[Option(text="Prospecting", value="p")]
                    ),
                )
            ],
        ),
    ]


def _invalid():
    return [
        lambda: SectionBlock(text=MarkdownTextObject(text="x" * 3001)),
        lambda: HeaderBlock(text="x" * 151),
        lambda: ActionsBlock(
            elements=[ButtonElement(text="b", action_id=f"a{i}") for i in range(26)]
        ),
        lambda: ButtonElement(text="x" * 76, action_id="a"),
        lambda: Option(text="x" * 76, value="v"),
        lambda: StaticSelectElement(action_id="a", placeholder="x" * 151, options=[]),
        lambda: InputBlock(label="x" * 2001, element=PlainTextInputElement(action_id="a")),
        lambda: View(type="modal", title="x" * 25, blocks=[]),
    ]


@pytest.fixture
def both():
    """Run a check under slack_sdk's scan, then under ours, and restore ours after."""

    def run(check):
        block_validation.uninstall()
        try:
            original = check()
        finally:
            block_validation.install()
        return original, check()

    yield run
    block_validation.install()


def test_valid_objects_render_the_same(both) -> None:
    original, ours = both(lambda: [block.to_dict() for block in _valid()])
    assert ours == original


@pytest.mark.parametrize("build", _invalid())
def test_invalid_objects_fail_with_the_same_error(both, build) -> None:
    def error():
        with pytest.raises(SlackObjectFormationError) as raised:
            build().to_dict()
        return str(raised.value)

    original, ours = both(error)
    assert ours == original


def test_every_validator_of_a_class_is_found() -> None:
    names = block_validation.validator_names(ButtonElement)
    assert {"_validate_text_length", "_validate_action_id_length"} <= set(names)
