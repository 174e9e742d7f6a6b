"""Limits Slack enforces server-side (the numbers of ../shared/slack/schemas/limits.json).

A contract test checks every value here against that file; product code never reads it.
"""

MESSAGE_BLOCKS_MAX = 50
VIEW_BLOCKS_MAX = 100
VIEW_BLOCKS_MIN = 1
MODAL_TITLE_MAX = 24
MODAL_SUBMIT_MAX = 24
MODAL_CLOSE_MAX = 24
PRIVATE_METADATA_MAX = 3000
CALLBACK_ID_MAX = 255
VIEW_MAX_BYTES = 250_000
VIEW_STACK_MAX = 3
MESSAGE_TEXT_TRUNCATED_AFTER = 40_000
MESSAGE_ATTACHMENTS_MAX = 100
MARKDOWN_TEXT_MAX = 12_000
BLOCK_ID_MAX = 255
ACTION_ID_MAX = 255
SECTION_TEXT_MAX = 3000
SECTION_FIELDS_MAX = 10
SECTION_FIELD_TEXT_MAX = 2000
HEADER_TEXT_MAX = 150
INPUT_LABEL_MAX = 2000
INPUT_HINT_MAX = 2000
ACTIONS_ELEMENTS_MAX = 25
CONTEXT_ELEMENTS_MAX = 10
IMAGE_URL_MAX = 3000
IMAGE_ALT_TEXT_MAX = 2000
IMAGE_TITLE_MAX = 2000
MARKDOWN_BLOCK_MAX = 12_000
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
BUTTON_URL_MAX = 3000
PLACEHOLDER_MAX = 150
STATIC_SELECT_OPTIONS_MAX = 100
STATIC_SELECT_OPTION_GROUPS_MAX = 100
SUGGESTION_OPTIONS_MAX = 100
SUGGESTION_OPTION_GROUPS_MAX = 100
MIN_QUERY_LENGTH_DEFAULT = 3
CHECKBOXES_OPTIONS_MAX = 10
RADIO_OPTIONS_MAX = 10
OVERFLOW_OPTIONS_MIN = 1
OVERFLOW_OPTIONS_MAX = 5
PLAIN_TEXT_INPUT_MAX_LENGTH = 3000
OPTION_TEXT_MAX = 75
OPTION_VALUE_MAX = 150
OPTION_DESCRIPTION_MAX = 75
OPTION_GROUP_LABEL_MAX = 75
OPTION_GROUP_OPTIONS_MAX = 100
CONFIRM_TITLE_MAX = 100
CONFIRM_TEXT_MAX = 300
CONFIRM_CONFIRM_MAX = 30
CONFIRM_DENY_MAX = 30
TRIGGER_TTL_S = 3
RESPONSE_URL_MAX_USES = 5
RESPONSE_URL_TTL_S = 1800
ACK_DEADLINE_MS = 3000

# limits.json key -> value here, for the contract test.
BY_KEY = {
    "message.blocks.max": MESSAGE_BLOCKS_MAX,
    "modal.blocks.max": VIEW_BLOCKS_MAX,
    "home.blocks.max": VIEW_BLOCKS_MAX,
    "modal.blocks.min": VIEW_BLOCKS_MIN,
    "modal.title.text.max": MODAL_TITLE_MAX,
    "modal.submit.text.max": MODAL_SUBMIT_MAX,
    "modal.close.text.max": MODAL_CLOSE_MAX,
    "view.private_metadata.max": PRIVATE_METADATA_MAX,
    "view.callback_id.max": CALLBACK_ID_MAX,
    "view.payload.max_bytes": VIEW_MAX_BYTES,
    "modal.view_stack.max": VIEW_STACK_MAX,
    "message.text.truncated_after": MESSAGE_TEXT_TRUNCATED_AFTER,
    "message.attachments.max": MESSAGE_ATTACHMENTS_MAX,
    "message.markdown_text.max": MARKDOWN_TEXT_MAX,
    "block.block_id.max": BLOCK_ID_MAX,
    "element.action_id.max": ACTION_ID_MAX,
    "section.text.max": SECTION_TEXT_MAX,
    "section.fields.max_items": SECTION_FIELDS_MAX,
    "section.fields.item.text.max": SECTION_FIELD_TEXT_MAX,
    "header.text.max": HEADER_TEXT_MAX,
    "input.label.max": INPUT_LABEL_MAX,
    "input.hint.max": INPUT_HINT_MAX,
    "actions.elements.max": ACTIONS_ELEMENTS_MAX,
    "context.elements.max": CONTEXT_ELEMENTS_MAX,
    "image.image_url.max": IMAGE_URL_MAX,
    "image.alt_text.max": IMAGE_ALT_TEXT_MAX,
    "image.title.max": IMAGE_TITLE_MAX,
    "markdown_block.text.max": MARKDOWN_BLOCK_MAX,
    "button.text.max": BUTTON_TEXT_MAX,
    "button.value.max": BUTTON_VALUE_MAX,
    "button.url.max": BUTTON_URL_MAX,
    "element.placeholder.max": PLACEHOLDER_MAX,
    "static_select.options.max": STATIC_SELECT_OPTIONS_MAX,
    "static_select.option_groups.max": STATIC_SELECT_OPTION_GROUPS_MAX,
    "external_select.min_query_length.default": MIN_QUERY_LENGTH_DEFAULT,
    "external_select.response.options.max": SUGGESTION_OPTIONS_MAX,
    "external_select.response.option_groups.max": SUGGESTION_OPTION_GROUPS_MAX,
    "checkboxes.options.max": CHECKBOXES_OPTIONS_MAX,
    "radio_buttons.options.max": RADIO_OPTIONS_MAX,
    "overflow.options.range": [OVERFLOW_OPTIONS_MIN, OVERFLOW_OPTIONS_MAX],
    "plain_text_input.max_length.max": PLAIN_TEXT_INPUT_MAX_LENGTH,
    "plain_text_input.min_length.max": PLAIN_TEXT_INPUT_MAX_LENGTH,
    "option.text.max": OPTION_TEXT_MAX,
    "option.value.max": OPTION_VALUE_MAX,
    "option.description.max": OPTION_DESCRIPTION_MAX,
    "option_group.label.max": OPTION_GROUP_LABEL_MAX,
    "option_group.options.max": OPTION_GROUP_OPTIONS_MAX,
    "confirm.title.max": CONFIRM_TITLE_MAX,
    "confirm.text.max": CONFIRM_TEXT_MAX,
    "confirm.confirm.max": CONFIRM_CONFIRM_MAX,
    "confirm.deny.max": CONFIRM_DENY_MAX,
    "trigger_id.ttl_s": TRIGGER_TTL_S,
    "response_url.max_uses": RESPONSE_URL_MAX_USES,
    "response_url.ttl_s": RESPONSE_URL_TTL_S,
    "ack.deadline_ms": ACK_DEADLINE_MS,
}
