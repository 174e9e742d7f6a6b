"""Every slash command, callback, action and block id the app uses (manifest.yml must agree).

Listeners, builders and tests import these names; a string id written anywhere else is a bug.
"""

from __future__ import annotations

# Slash command (manifest.yml `features.slash_commands`).
SLASH_COMMAND = "/sf"

# Shortcuts (manifest.yml `features.shortcuts`).
LOG_AS_NOTE_CALLBACK = "log_as_note"
NEW_RECORD_CALLBACK = "new_salesforce_record"

# Block ids of the help message.
HELP_HEADER_BLOCK = "sf_help_header"
HELP_COMMANDS_BLOCK_PREFIX = "sf_help_verb_"
HELP_PLANNED_BLOCK = "sf_help_planned"
HELP_FOOTER_BLOCK = "sf_help_footer"
HELP_EXAMPLES_BLOCK = "sf_help_examples"

# Block ids of short notices (errors, unknown verbs).
NOTICE_BLOCK = "sf_notice"

# Salesforce connection (bot/slack/connect.py).
CONNECT_BUTTON_ACTION = "sf_connect_login"
CONNECT_PROMPT_BLOCK = "sf_connect_prompt"
CONNECT_NOTE_BLOCK = "sf_connect_note"
REPLAY_CONTINUE_ACTION = "sf_connect_continue"
REPLAY_CONTINUE_BLOCK = "sf_connect_continue"
WHOAMI_BLOCK = "sf_whoami"
WHOAMI_HINT_BLOCK = "sf_whoami_hint"

# Records: /sf create | update | delete | show | find | new (bot/slack/records/).
RECORD_RESULT_BLOCK = "sf_record_result"
RECORD_FIELDS_BLOCK = "sf_record_fields"
RECORD_ACTIONS_BLOCK = "sf_record_actions"
RECORD_PROBLEMS_BLOCK = "sf_record_problems"
RECORD_CHOICE_BLOCK_PREFIX = "sf_record_choice_"
RECORD_FIND_BLOCK_PREFIX = "sf_record_found_"
UNDO_ACTION = "sf_record_undo"
OPEN_RECORD_ACTION = "sf_record_open"
CONFIRM_DELETE_ACTION = "sf_record_delete_confirm"
CANCEL_ACTION = "sf_record_cancel"
PICK_RECORD_ACTION = "sf_record_pick"
SAVE_ANYWAY_ACTION = "sf_record_save_anyway"
EDIT_RECORD_ACTION = "sf_record_edit"
# The generic record modal (bot/slack/record_modal.py).
RECORD_MODAL_CALLBACK = "sf_record_modal"
RECORD_MODAL_FIELD_BLOCK_PREFIX = "sf_field_"
RECORD_MODAL_INPUT_ACTION = "sf_input"
RECORD_MODAL_LOOKUP_ACTION = "sf_lookup"
RECORD_MODAL_NOTE_BLOCK = "sf_record_modal_note"

# Notes, activities, tags (bot/slack/notes.py, activities.py, write_results.py).
NOTE_MODAL_CALLBACK = "sf_note_modal"
NOTE_TITLE_BLOCK = "sf_note_title"
NOTE_TITLE_ACTION = "sf_note_title_input"
NOTE_BODY_BLOCK = "sf_note_body"
NOTE_BODY_ACTION = "sf_note_body_input"
NOTE_LINK_BLOCK = "sf_note_link"
NOTE_LINK_ACTION = "sf_note_link_input"
NOTE_RECORDS_BLOCK = "sf_note_records"
NOTE_RECORDS_ACTION = "sf_note_records_input"
NOTE_INFO_BLOCK = "sf_note_info"
ACTIVITY_RESULT_BLOCK = "sf_activity_result"
ACTIVITY_ACTIONS_BLOCK = "sf_activity_actions"

# The opportunity modal and the "New Salesforce record" shortcut (bot/slack/opportunity_modal.py).
OPP_MODAL_CALLBACK = "sf_opp_modal"
OPP_RECORD_TYPE_BLOCK = "sf_opp_record_type"
OPP_RECORD_TYPE_ACTION = "sf_opp_record_type_input"
OPP_NAME_BLOCK = "sf_opp_name"
OPP_NAME_ACTION = "sf_opp_name_input"
OPP_ACCOUNT_BLOCK = "sf_opp_account"
OPP_ACCOUNT_ACTION = "sf_opp_account_input"
OPP_AMOUNT_BLOCK = "sf_opp_amount"
OPP_AMOUNT_ACTION = "sf_opp_amount_input"
OPP_CLOSE_BLOCK = "sf_opp_close"
OPP_CLOSE_ACTION = "sf_opp_close_input"
OPP_STAGE_BLOCK_PREFIX = "sf_opp_stage_"
OPP_STAGE_ACTION = "sf_opp_stage_input"
OPP_NEXT_STEP_BLOCK = "sf_opp_next_step"
OPP_NEXT_STEP_ACTION = "sf_opp_next_step_input"
OPP_CONTACTS_BLOCK = "sf_opp_contacts"
OPP_CONTACTS_ACTION = "sf_opp_contacts_input"
OPP_ROLE_BLOCK = "sf_opp_role"
OPP_ROLE_ACTION = "sf_opp_role_input"
NEW_RECORD_CHOOSER_CALLBACK = "sf_new_record_chooser"
NEW_RECORD_OBJECT_BLOCK = "sf_new_record_object"
NEW_RECORD_OBJECT_ACTION = "sf_new_record_object_input"
NEW_OPPORTUNITY_ACTION = "sf_new_opportunity"

# App Home (bot/slack/home.py).
HOME_STATUS_BLOCK = "sf_home_status"
HOME_CONNECT_ACTION = "sf_home_connect"
HOME_DISCONNECT_ACTION = "sf_home_disconnect"
HOME_QUICK_BLOCK = "sf_home_quick"
HOME_LOG_CALL_ACTION = "sf_home_log_call"
HOME_NEW_CONTACT_ACTION = "sf_home_new_contact"
HOME_WRITES_BLOCK = "sf_home_writes"
HOME_WRITE_BLOCK_PREFIX = "sf_home_write_"
HOME_HEALTH_BLOCK = "sf_home_health"
CALL_MODAL_CALLBACK = "sf_call_modal"
CALL_RECORD_BLOCK = "sf_call_record"
CALL_RECORD_ACTION = "sf_call_record_input"
CALL_SUBJECT_BLOCK = "sf_call_subject"
CALL_SUBJECT_ACTION = "sf_call_subject_input"
CALL_DURATION_BLOCK = "sf_call_duration"
CALL_DURATION_ACTION = "sf_call_duration_input"
CALL_NOTES_BLOCK = "sf_call_notes"
CALL_NOTES_ACTION = "sf_call_notes_input"

# Admin commands (bot/slack/admin/).
ADMIN_API_RESULT_BLOCK = "sf_admin_api_result"
ADMIN_API_BODY_BLOCK_PREFIX = "sf_admin_api_body_"
ADMIN_API_TRIMMED_BLOCK = "sf_admin_api_trimmed"
ADMIN_PREVIEW_BLOCK = "sf_admin_preview"
ADMIN_PREVIEW_LIST_BLOCK = "sf_admin_preview_list"
ADMIN_PREVIEW_ACTIONS_BLOCK = "sf_admin_preview_actions"
ADMIN_CONFIRM_ACTION = "sf_admin_confirm"
ADMIN_CANCEL_ACTION = "sf_admin_cancel"
ADMIN_RESULT_BLOCK = "sf_admin_result"
ADMIN_FAILURES_BLOCK = "sf_admin_failures"
ADMIN_IMPORT_CALLBACK = "sf_admin_import"
ADMIN_IMPORT_CONFIRM_CALLBACK = "sf_admin_import_confirm"
ADMIN_IMPORT_CSV_BLOCK = "sf_admin_import_csv"
ADMIN_IMPORT_CSV_ACTION = "sf_admin_import_csv_input"
ADMIN_IMPORT_INFO_BLOCK = "sf_admin_import_info"
