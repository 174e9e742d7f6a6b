"""Every user-facing sentence of the Slack surfaces, in one place.

Sentences with placeholders are ``str.format`` templates; callers escape user text first
(`bot.slack.blocks.escape_mrkdwn`). Tests refer to these names instead of copying the words.
"""

from __future__ import annotations

HELP_TITLE = "Salesforce from Slack"
HELP_INTRO = (
    "Type `/sf` followed by a command. Replies are only visible to you. "
    'Field names can be API names or labels (`close_date`, `CloseDate`, `"close date"`).'
)
HELP_PLANNED_TITLE = "*Coming soon* (not available in this version yet):"
HELP_FOOTER = (
    "Details and more examples: `/sf help <command>`, e.g. `/sf help create`. "
    "Add `org=<name>` to any command to use another connected org."
)
HELP_FALLBACK = "sfbot commands: {verbs}"
HELP_EXAMPLE = "_e.g._ `{example}`"
HELP_VERB_FALLBACK = "/sf {verb}: {summary}"
HELP_VERB_USAGE = "*How to type it:* `{usage}`"
HELP_VERB_EXAMPLES = "*Examples:*"
HELP_VERB_FOOTER = "`/sf help` lists every command."
HELP_UNKNOWN_TOPIC = "There is no command `{topic}`. Here is what `/sf` can do:"
HELP_UNKNOWN_TOPIC_SUGGESTION = (
    "There is no command `{topic}`. Did you mean `/sf help {suggestion}`? "
    "Here is what `/sf` can do:"
)
# `/sf help <verb>`: verb → (what to know, examples). The help lists the first example.
VERB_HELP: dict[str, tuple[str, tuple[str, ...]]] = {
    "connect": (
        "Opens a Salesforce login that only you can use. Production by default; say `sandbox` "
        "or your My Domain to log in there. You can connect up to 5 orgs.",
        ("/sf connect", "/sf connect sandbox", "/sf connect acme.my.salesforce.com"),
    ),
    "create": (
        'Fields by API name or label, any case (`close_date`, `CloseDate`, `"close date"`); '
        "quote values with spaces. Values as you would say them: `50k`, `$1.2M`, `12%`, `yes`, "
        "`31/12/2026`, `today`, `next friday`, `end of quarter`. Lookups take a name, an id or "
        "a Salesforce link. If required fields are missing, a form opens with what you typed. "
        "Undo works for 15 minutes.",
        (
            '/sf create opportunity name="Acme renewal" amount=50k stage=Prospecting '
            'close=2026-12-31 account="Acme Corporation"',
            "/sf create contact first=Ada last=Lovelace email=ada@acme.com account=Acme",
            '/sf create lead first=Marty last=McFly company="Hill Valley Hoverboards"',
        ),
    ),
    "update": (
        "Name the record by its name, its 15- or 18-character id, or a link pasted from "
        "Salesforce (Lightning or Classic). When several records match, pick one from the "
        "buttons. Values are read as for `/sf create`; Undo restores the old values.",
        (
            '/sf update "Acme renewal" stage="Closed Won"',
            "/sf update 0065g00000Abc12AAA amount=75k close=eoq",
        ),
    ),
    "delete": (
        "Shows what will be deleted and asks you to confirm. The record goes to the Salesforce "
        "Recycle Bin, and Undo restores it for 15 minutes.",
        ("/sf delete 0065g00000Abc12AAA", '/sf delete "Acme renewal"'),
    ),
    "show": (
        "Shows the record's key fields and a link to it in Salesforce.",
        ("/sf show Acme", '/sf show "Acme renewal"', "/sf show 0065g00000Abc12AAA"),
    ),
    "find": (
        "Searches names, emails, phone numbers and other text. Put an object first to search "
        "only that kind.",
        ("/sf find contact lovelace", "/sf find acme"),
    ),
    "note": (
        "Everything after the record becomes the note (an enhanced note in Salesforce). To save "
        "a Slack message as a note, use the *Log as note* message shortcut.",
        ('/sf note Acme "Met the CFO, budget approved"',),
    ),
    "log": (
        "*call*: `subject`, `duration` (`30m`, `1h30m`), `type`, `result`, `date`. "
        "*meeting*: `start` (a date and a time), `duration` or `end`, `location`, `with`. "
        "*task*: `subject` (required), `due`, `priority`, `status`, `assignee=@someone`. "
        "Text after the fields becomes the description.",
        (
            '/sf log call Acme subject="Pricing call" duration=30m',
            '/sf log meeting "Acme renewal" subject=QBR start="tomorrow 3pm" duration=1h',
            '/sf log task Acme subject="Send the quote" due=friday priority=High',
        ),
    ),
    "tag": (
        "The person is a Slack mention (matched to a contact by email), an email address or a "
        "contact's name. On an opportunity this adds a contact role (`primary` makes it the "
        "primary one); on a task or meeting it adds them to it.",
        (
            '/sf tag @ada "Acme renewal" role="Decision Maker"',
            '/sf tag grace@acme.example "Acme renewal" role="Economic Buyer" primary',
        ),
    ),
    "new": (
        "Opens a form for the object, required fields first.",
        ("/sf new opportunity", "/sf new contact"),
    ),
    "whoami": (
        "Lists your connected orgs, the Salesforce user of each, and the name to use in `org=`.",
        ("/sf whoami",),
    ),
    "use": (
        "`/sf whoami` lists your orgs' names. For a single command, add `org=<name>` instead.",
        ("/sf use demo-company",),
    ),
    "disconnect": (
        "Revokes sfbot's access at Salesforce and forgets the connection.",
        ("/sf disconnect", "/sf disconnect demo-company"),
    ),
    "help": (
        "Lists every command, or explains one.",
        ("/sf help", "/sf help create"),
    ),
    "api": (
        "Admins only. Runs as your Salesforce user; paths are under the API version.",
        ("/sf api GET /limits", "/sf api GET /sobjects/Account/describe"),
    ),
    "user": ("Admins only. Asks to confirm before changing the user.", ()),
    "transfer": ("Admins only. Shows a preview to confirm; Undo moves the leads back.", ()),
    "bulk": ("Admins only. Shows a preview to confirm; Undo restores the old values.", ()),
    "export": ("Admins only. The link is private to you and expires.", ("/sf export leads",)),
    "import": (
        "Admins only. Opens a form to paste CSV; rows are matched on email.",
        ("/sf import contacts",),
    ),
}

EMPTY_COMMAND_HINT = "Here is what `/sf` can do:"
UNKNOWN_VERB = "I don't know the command `{verb}`."
UNKNOWN_VERB_SUGGESTION = "I don't know the command `{verb}`. Did you mean `/sf {suggestion}`?"
PLANNED_VERB = (
    "`/sf {verb}` is planned but not available in this version yet. Here is what works today:"
)
UNREADABLE_COMMAND = (
    "I couldn't read that command: it contains no letters I can use as a command name. "
    "Start with a word such as `help`."
)
COMMAND_TOO_LONG = (
    "That command is {length} characters long; `/sf` commands must be at most {limit} characters."
)

# The global error handler: something broke inside the app.
INTERNAL_ERROR = (
    ":warning: Something went wrong on our side while handling that (reference `{reference}`). "
    "Please try again in a moment; if it keeps happening, give that reference to your Slack admin."
)

# Multi-workspace mode: a request from a workspace with no stored installation.
NOT_INSTALLED = (
    ":warning: sfbot is not installed in this workspace (or its installation was removed). "
    "A Slack admin can install it from {install_url}"
)

# Salesforce connection: /sf connect, whoami, use, disconnect (bot/slack/connect.py).
CONNECT_BUTTON = "Log in to Salesforce"
CONNECT_INTRO = "Connect your Salesforce account to Slack: log in and allow access."
CONNECT_NEEDED = (
    "To run `{command}`, connect your Salesforce account first. "
    "After you log in, I'll run it for you."
)
CONNECT_BROKEN = (
    ":warning: Your Salesforce session for *{org}* has ended (access was revoked or expired). "
    "Log in again and I'll run `{command}` for you."
)
CONNECT_BROKEN_NO_COMMAND = (
    ":warning: Your Salesforce session for *{org}* has ended (access was revoked or expired). "
    "Log in again to continue; your pending changes are kept and will be sent once you do."
)
CONNECT_LINK_NOTE = (
    "Logs in at {host}. The link is for you only, works once, and expires in 10 minutes."
)
CONNECTED = "Connected as {user} to {org}."
REPLAY_FAILED = "You're connected, but I couldn't run `{command}` for you. Please type it again."
REPLAY_CONTINUE = "You're connected. `{command}` opens a form: click Continue to open it."
REPLAY_CONTINUE_BUTTON = "Continue"
REPLAY_CONTINUE_TOO_LONG = (
    "You're connected. `{command}` opens a form, which Slack only lets me open right after you "
    "type or click something: please type the command again."
)
REPLAY_CONTINUE_STALE = "This button no longer works. Please type the command again."
REPLAY_FORM_OPENED = "Opened the form for `{command}`."
REPLAY_DONE = "You're connected, and `{command}` ran."
CONNECT_BAD_TARGET = (
    "{reason}. Use `/sf connect` for production, `/sf connect sandbox` for a sandbox, "
    "or your My Domain, e.g. `/sf connect acme.my.salesforce.com`."
)
CONNECT_NOT_CONFIGURED = (
    "Salesforce login is not set up for this app yet (SALESFORCE_CLIENT_ID and "
    "SALESFORCE_CLIENT_SECRET are missing). Please ask your Slack admin."
)
TOO_MANY_ORGS = (
    "You are already connected to {limit} Salesforce orgs, the most allowed. "
    "Disconnect one first with `/sf disconnect <org>` (yours: {orgs})."
)
UNKNOWN_ORG = "You have no connected Salesforce org called `{name}`. Yours: {orgs}."
NO_ORGS = "none yet; `/sf connect` adds one"
USE_USAGE = "Say which org should be your default: `/sf use <org>`. Yours: {orgs}."
USE_DONE = "Your commands now go to *{org}* by default."
DISCONNECT_NONE = "You are not connected to Salesforce, so there is nothing to disconnect."
DISCONNECTED = (
    "Disconnected from *{org}*: access was revoked at Salesforce and the tokens are deleted."
)
DISCONNECTED_NOT_REVOKED = (
    "Disconnected from *{org}*: the tokens are deleted here, but Salesforce could not confirm "
    "revoking them. To be sure, remove sfbot under Settings → Connected Apps in Salesforce."
)
WHOAMI_NONE = "You are not connected to Salesforce. Type `/sf connect` to link your account."
WHOAMI_INTEGRATION = (
    "You have no Salesforce account of your own connected, so your changes are made as this "
    "workspace's integration user and marked with your Slack name. `/sf connect` links your own."
)
WHOAMI_TITLE = "*Your Salesforce connections* ({count} of at most {limit}):"
WHOAMI_DEFAULT = "*default*"
WHOAMI_BROKEN = ":warning: needs reconnecting (`/sf connect`)"
WHOAMI_REFRESHED = "token refreshed {when}"
WHOAMI_SCOPES = "scopes {scopes}"
WHOAMI_HINT = (
    "`/sf use <org>` changes the default · `org=<name>` picks one for a single command · "
    "`/sf disconnect <org>` unlinks one"
)

# Records: /sf create | update | delete | show | find | new (bot/slack/records/).
WORKING = ":hourglass_flowing_sand: Working on it…"
STILL_WORKING = ":hourglass_flowing_sand: Still working on that; the result will appear here."
RECORD_CREATED = ":white_check_mark: Created {object} {name}."
RECORD_UPDATED = ":white_check_mark: Updated {object} {name}."
RECORD_DELETED = ":wastebasket: Deleted {object} {name}. It is in the Salesforce Recycle Bin."
RECORD_UNDELETED = ":white_check_mark: Restored {object} {name} from the Recycle Bin."
UNDONE_CREATE = ":leftwards_arrow_with_hook: Undone: the new {object} {name} was deleted."
UNDONE_UPDATE = ":leftwards_arrow_with_hook: Undone: {object} {name} has its previous values back."
UNDONE_DELETE = ":leftwards_arrow_with_hook: Undone: {object} {name} was restored."
UNDO_FAILED = ":x: I couldn't undo that: {reason}"
UNDOING = ":hourglass_flowing_sand: Undoing…"
UNDO_BUTTON = "Undo"
OPEN_BUTTON = "Open in Salesforce"
UNDO_NOTE = "Only you can see this. Undo works for {minutes} minutes."
UNDO_REFUSED = {
    "not_found": "I can't find that change any more.",
    "other_user": "Only the person who made this change can undo it.",
    "not_undoable": "This change can't be undone from Slack.",
    "not_succeeded": "That change didn't go through, so there is nothing to undo.",
    "expired": "Undo is only available for {minutes} minutes after a change; this one is older.",
}
WRITE_FAILED = ":x: Salesforce didn't {verb} the {object} {name}:"
WRITE_NEEDS_CONNECTION = (
    ":warning: Your Salesforce connection needs renewing before I can {verb} the {object} "
    "{name}. Type `/sf connect`; the change is kept and sent once you are connected."
)
SAVE_ANYWAY_BUTTON = "Save anyway"
EDIT_BUTTON = "Edit"
DUPLICATE_OFFER = "If it really is a different record, you can save it anyway."
PROBLEMS_TITLE = "I didn't {verb} the {object}. Please fix:"
PROBLEMS_TITLE_ONE = "I didn't {verb} the {object}:"
PROBLEM_VALID = "Valid: {values}"
PROBLEM_EXAMPLE = "e.g. {example}"
PICK_PROMPT = "Several records match {typed} for {label}. Which one did you mean?"
PICK_TARGET_PROMPT = "Several records match {typed}. Which one did you mean?"
PICK_DONE = "You picked {name}."
PICK_STALE = "That choice was already made or has expired; nothing else was changed."
DELETE_CONFIRM = (
    "Delete {object} {name}? It goes to the Salesforce Recycle Bin, and you can undo it for "
    "{minutes} minutes."
)
DELETE_BUTTON = "Delete"
CANCEL_BUTTON = "Cancel"
DELETE_CANCELLED = "Cancelled: nothing was deleted."
FIND_TITLE = "Found {count} for {typed}:"
FIND_NONE = "Nothing found for {typed}."
FIND_OBJECT_TYPO = (
    "I don't know the object {typed}. Did you mean {fixed}? "
    "To search for {words} as typed, put it in quotes: {quoted}."
)
FIND_NEEDS_TEXT = (
    "Something is missing: what to look for among {label} records. "
    "Try `/sf find {word} lovelace` (a name, an email, a few words)."
)
FIND_MORE = "Showing the first {count}; type more words to narrow it down."
SHOW_EMPTY = "—"
MODAL_OPENED = "Some required fields are missing, so I opened a form with what you typed."
MODAL_NO_TRIGGER = "Some required fields are missing: {fields}. Try `/sf new {object}` for a form."
MODAL_SAVING = "Saving… the result will appear here in a moment."
MODAL_TITLE = "New {object}"
MODAL_EDIT_TITLE = "Edit {object}"
MODAL_SUBMIT = "Save"
MODAL_CLOSE = "Cancel"
MODAL_DONE_CLOSE = "Close"
MODAL_TOO_MANY = "This form shows the most used fields; set others with `/sf update`."
MODAL_LOOKUP_PLACEHOLDER = "Type to search {object}"
MODAL_SELECT_PLACEHOLDER = "Choose…"
NEW_USAGE = "Say which kind of record, e.g. `/sf new contact`."
CANT_DELETE = (
    "You can't delete {object} records in Salesforce (your profile doesn't allow it), so I "
    "haven't offered a Delete button. Ask your Salesforce admin if you need to."
)
CANT_CREATE = "You can't create {object} records in Salesforce (read-only for your profile)."
RECORD_NOT_UNDERSTOOD = "{problem}"
INTEGER_ONLY_FIELDS = "{label}: enter a whole number."

# Notes, activities and tags (bot/slack/notes.py, activities.py, write_results.py).
NOTE_WORKING = ":hourglass_flowing_sand: Adding the note…"
# Interim notices: the result replaces them. One coming after the result must not hide it.
PROGRESS_NOTICES = frozenset({WORKING, STILL_WORKING, NOTE_WORKING})
NOTE_ADDED = ":memo: Added the note {title} to {records}."
NOTE_ADDED_CLASSIC = (
    ":memo: Added the note {title} to {records}. Your org doesn't have enhanced notes turned "
    "on, so it is a classic note."
)
NOTE_FAILED = ":x: Salesforce didn't add the note {title}: {reason}"
NOTE_UNDONE = ":leftwards_arrow_with_hook: Undone: the note {title} was deleted."
NOTE_USAGE = 'Say which record and what to note, e.g. `/sf note Acme "Met the CFO"`.'
NOTE_NOT_AVAILABLE = (
    "Your Salesforce user can't create notes (neither enhanced notes nor classic notes)."
)
NOTE_MODAL_TITLE = "Log as note"
NOTE_MODAL_SUBMIT = "Add note"
NOTE_MODAL_CLOSE = "Cancel"
NOTE_TITLE_LABEL = "Title"
NOTE_BODY_LABEL = "Note"
NOTE_LINK_LABEL = "Include a link to the Slack message"
NOTE_RECORDS_LABEL = "Records"
NOTE_RECORDS_PLACEHOLDER = "Type 2+ letters of an account, contact, opportunity…"
NOTE_RECORDS_HINT = "The note is attached to every record you pick (up to {limit})."
NOTE_RECORDS_REQUIRED = "Pick at least one record to attach the note to."
NOTE_RECORDS_TOO_MANY = "A note can be attached to at most {limit} records; you picked {count}."
NOTE_BODY_CUT = "The message was longer than a form can hold; the note keeps its first part."
NOTE_FILES = "Files: {names}"
NOTE_PERMALINK = "View the message in Slack"
NOTE_SAVING = "Saving… the result will appear in the channel in a moment."
NOTE_SAVING_TITLE = "Saving"
NOTE_NEEDS_CONNECTION = (
    "Connect your Salesforce account first: type `/sf connect`, then use *Log as note* again."
)
NOTE_NEEDS_CONNECTION_TITLE = "Connect Salesforce"
WRITE_WAITING_FOR_CONNECTION = (
    ":warning: Your Salesforce connection needs renewing; type `/sf connect`. "
    "The change is kept and sent once you are connected."
)

# Admin commands: /sf api, user, transfer, bulk, export, import (bot/slack/admin/).
ADMIN_ONLY = (
    "`/sf {verb}` is for sfbot admins only. Ask whoever runs sfbot to add your Slack user id "
    "(`{user_id}`) to SFBOT_ADMINS if you need it; Salesforce's own permissions still apply."
)
ADMIN_NEEDS_OWN_CONNECTION = (
    "Admin commands run as your own Salesforce user, never as the shared integration user. "
    "Connect your account first with `/sf connect`."
)
API_USAGE = (
    "Say which method and path, e.g. `/sf api GET /limits` or "
    "`/sf api GET /query?q=SELECT Id, Name FROM Account LIMIT 5`."
)
API_PROBLEMS = {
    "usage": API_USAGE,
    "method": "`{detail}` isn't an HTTP method I can send. Use `GET` (e.g. `/sf api GET /limits`).",
    "write_disabled": (
        "`{detail}` requests are turned off: raw writes bypass sfbot's validation and can't be "
        "undone, so only `GET` is allowed. An operator can allow them with "
        "SFBOT_ADMIN_RAW_WRITES=true; for records, use `/sf update`, `/sf bulk update` and the "
        "other commands instead."
    ),
    "outside": (
        "`/sf api` only calls your org's REST API, under `/services/data/vXX.X/` "
        "(e.g. `/limits` or `/services/data/v62.0/sobjects`); `{detail}` is outside it."
    ),
    "bad_path": (
        "The path part `{detail}` can't be sent: use resource names, API names and ids only "
        "(letters, digits, `_`, `-` and `.`), e.g. `/sobjects/Account/describe`."
    ),
    "body": "A `{detail}` request takes no body; put parameters in the query string instead.",
    "body_json": "The request body isn't valid JSON ({detail}).",
}
API_RESULT = "`{request}` → *{status}*"
API_EMPTY = "(no content)"
API_TRIMMED = (
    "Showing the first {shown:,} of {total:,} characters (Slack limits message size). "
    "Ask for a narrower resource to see the rest."
)
API_UNREACHABLE = ":x: Salesforce did not answer `{request}` in time ({reason}). Try again."
API_WRITE_RESULT = (
    ":warning: Sent `{request}` as you; raw writes skip sfbot's checks and have no Undo. "
    "Salesforce answered *{status}*:"
)
API_WRITE_FAILED = ":x: `{request}` wasn't sent: {reason}"

ACTIVITY_LABELS = {"call": "call", "meeting": "meeting", "task": "task"}
ACTIVITY_DONE = {
    "call": ":telephone_receiver: Logged the call {subject} on {target}.",
    "meeting": ":calendar: Logged the meeting {subject} on {target}.",
    "task": ":white_check_mark: Created the task {subject} on {target}.",
}
ACTIVITY_WITH_CONTACTS = "({count} people are on it.)"
ACTIVITY_FAILED = ":x: Salesforce didn't save that: {reason}"
ACTIVITY_UNDONE = ":leftwards_arrow_with_hook: Undone: removed it from {target}."
ACTIVITY_NO_USER = (
    "I can't find an active Salesforce user for {typed}. Use a Slack mention or the email "
    "address of their Salesforce user."
)
ACTIVITY_NO_CONTACT = (
    "I can't find one contact for {typed}. Use their email address, their exact name, "
    "their id, or a Slack mention of someone whose email matches a contact."
)
TAG_USAGE = (
    'Say who and where, e.g. `/sf tag @ada "Acme renewal 2026" role="Decision Maker" primary`.'
)
TAG_CONTACTS_ONLY = "Only contacts can have a role on an opportunity."
TAG_DONE = "Added {person} as {role} on {target}."
TAG_PRIMARY = "They are now the primary contact."
OPP_MODAL_TITLE = "New opportunity"
OPP_MODAL_SUBMIT = "Create"
OPP_RECORD_TYPE_LABEL = "Record type"
OPP_NAME_LABEL = "Opportunity name"
OPP_ACCOUNT_LABEL = "Account"
OPP_ACCOUNT_PLACEHOLDER = "Type 2+ letters of the account name"
OPP_AMOUNT_LABEL = "Amount"
OPP_AMOUNT_PLACEHOLDER = "e.g. 50k or 1,200.50"
OPP_CLOSE_LABEL = "Close date"
OPP_STAGE_LABEL = "Stage"
OPP_NEXT_STEP_LABEL = "Next step"
OPP_CONTACTS_LABEL = "Contact roles"
OPP_CONTACTS_PLACEHOLDER = "Type 2+ letters of a contact's name"
OPP_CONTACTS_HINT = "The first contact becomes the primary contact."
OPP_ROLE_LABEL = "Their role"
OPP_CREATED = ":moneybag: Created the opportunity {name}{details}."
OPP_WITH_ROLES = " with {count} contact role(s)"
OPP_UNDONE = ":leftwards_arrow_with_hook: Undone: the opportunity {name} was deleted."
OPP_FAILED = ":x: Salesforce didn't create the opportunity {name}: {reason}"
OPP_CANT_CREATE = "You can't create opportunities in Salesforce (read-only for your profile)."
OPP_SAVING = "Saving… the result will appear in a moment."
NEW_RECORD_TITLE = "New Salesforce record"
NEW_RECORD_NEXT = "Next"
NEW_RECORD_OBJECT_LABEL = "What do you want to create?"
NEW_RECORD_OTHER = "For a new {object}, type `/sf new {command}` in a channel."
NEW_OPPORTUNITY_BUTTON = "New opportunity"
HOME_TITLE = "Salesforce from Slack"
HOME_CONNECTED = ":large_green_circle: Connected as *{user}* to *{org}*{default}."
HOME_BROKEN = ":warning: *{org}*: the session ended; connect again."
HOME_NOT_CONNECTED = ":white_circle: You are not connected to Salesforce yet."
HOME_CONNECT_BUTTON = "Connect Salesforce"
HOME_DISCONNECT_BUTTON = "Disconnect"
HOME_DEFAULT = " (default)"
HOME_QUICK_TITLE = "*Quick actions*"
HOME_LOG_CALL_BUTTON = "Log a call"
HOME_NEW_CONTACT_BUTTON = "New contact"
HOME_WRITES_TITLE = "*Your last changes*"
HOME_NO_WRITES = "Nothing yet: your creates, updates, notes and calls from Slack show up here."
HOME_WRITE_LINE = "{icon} {what} · {status} · {when}"
HOME_STATUS = {
    "pending": "queued", "running": "in progress", "succeeded": "done", "failed": "failed",
    "needs_connection": "waiting for you to reconnect", "undone": "undone",
}  # fmt: skip
HOME_HEALTH_TITLE = "*Configuration health* (admins only)"
HOME_HEALTH_QUEUE = "Write queue: {pending} waiting, {failed} failed in the last 24 hours."
HOME_CONNECT_MODAL_TITLE = "Connect Salesforce"
HOME_NEW_CONTACT_HINT = (
    "Type `/sf create contact first=Ada last=Lovelace email=ada@example.com account=Acme` in "
    "any channel; anything missing opens a form."
)
CALL_MODAL_TITLE = "Log a call"
CALL_MODAL_SUBMIT = "Log call"
CALL_RECORD_LABEL = "About"
CALL_SUBJECT_LABEL = "Subject"
CALL_DURATION_LABEL = "Duration"
CALL_DURATION_PLACEHOLDER = "e.g. 30m or 1h15m"
CALL_NOTES_LABEL = "Notes"
# Admin changes: previews with Confirm, results with Undo (user, transfer, bulk update).
ADMIN_PREVIEW = {
    "freeze": (
        "Freeze {user}? They won't be able to log in to Salesforce until unfrozen; their "
        "licence, records and settings stay as they are."
    ),
    "unfreeze": "Unfreeze {user}? They will be able to log in to Salesforce again.",
    "activate": "Activate {user}? They will be able to log in, and they use a Salesforce licence.",
    "deactivate": (
        "Deactivate {user}? They can no longer log in and their licence is freed; records they "
        "own keep them as owner."
    ),
    "transfer": "Change the owner of *{total} {noun}* from {source} to {target}{filter}?",
    "bulk_update": "Set {changes} on *{total} {noun}* where {filter}?",
}
ADMIN_CONFIRM_BUTTON = {
    "freeze": "Freeze",
    "unfreeze": "Unfreeze",
    "activate": "Activate",
    "deactivate": "Deactivate",
    "transfer": "Transfer {total}",
    "bulk_update": "Update {total}",
}
ADMIN_DONE = {
    "freeze": ":ice_cube: Froze {user}. They can't log in until you unfreeze them.",
    "unfreeze": ":white_check_mark: Unfroze {user}. They can log in again.",
    "activate": ":white_check_mark: Activated {user}.",
    "deactivate": ":no_entry: Deactivated {user}.",
    "transfer": ":white_check_mark: Moved {count} of {total} {noun} from {source} to {target}.",
    "bulk_update": ":white_check_mark: Updated {count} of {total} {noun}: {changes}.",
}
ADMIN_UNDONE = {
    "freeze": ":leftwards_arrow_with_hook: Undone: {user} is no longer frozen.",
    "unfreeze": ":leftwards_arrow_with_hook: Undone: {user} is frozen again.",
    "activate": ":leftwards_arrow_with_hook: Undone: {user} is inactive again.",
    "deactivate": ":leftwards_arrow_with_hook: Undone: {user} is active again.",
    "transfer": ":leftwards_arrow_with_hook: Undone: the previous owner is back on {count} {noun}.",
    "bulk_update": ":leftwards_arrow_with_hook: Undone: old values are back on {count} {noun}.",
}
ADMIN_PREVIEW_MORE = "…and {count} more."
ADMIN_PREVIEW_NOTE = (
    "Only you can see this. The change applies to exactly these records; Undo works for "
    "{minutes} minutes after it is done."
)
ADMIN_NOTHING_DONE = ":x: Nothing was changed: Salesforce refused every record."
ADMIN_FAILURES = "*{count} not changed:*"
ADMIN_FAILURE_LINE = "• {name}: {reason}"
ADMIN_CHANGE_FAILED = ":x: Salesforce didn't make the change: {reason}"
ADMIN_UNDO_FAILED = ":x: I couldn't undo that: {reason}"
ADMIN_CANCELLED = "Cancelled: nothing was changed."
ADMIN_DRAFT_REFUSED = {
    "not_found": "I can't find that change any more; run the command again.",
    "other_user": "Only the admin who asked for this change can confirm or cancel it.",
    "expired": (
        "This preview is more than {minutes} minutes old, so I didn't act on it. Run the "
        "command again to see the current records."
    ),
    "cancelled": "This change was cancelled; nothing was changed.",
}
USER_USAGE = (
    "Say what to do and to whom, e.g. `/sf user freeze rep@demo.example`. Actions: "
    "`freeze`, `unfreeze`, `activate`, `deactivate`; name the user by email, username or name."
)
USER_UNKNOWN_ACTION = "`{action}` isn't something I can do to a user. Use {actions}."
USER_NOT_FOUND = "I found no Salesforce user matching {typed} (by email, username or name)."
USER_AMBIGUOUS = "Several Salesforce users match {typed}: {users}. Use their email or username."
USER_NO_LOGIN = (
    "I can't see a login record for {user}, so I can't freeze or unfreeze them. Your "
    "Salesforce user may lack the permission to manage users."
)
USER_ALREADY = "{user} is already {state}; nothing to change."
USER_SELF = (
    "You can't {action} your own Salesforce user from here: you would lock yourself out. "
    "Ask another admin."
)
USER_SHOWN = "*{name}* ({username} · {profile})"
TRANSFER_USAGE = (
    "Say whose leads go to whom, e.g. `/sf transfer leads from rep@demo.example to "
    'sam@demo.example where status="Open - Not Contacted"`.'
)
TRANSFER_ONLY_LEADS = (
    "`/sf transfer` moves leads. For other records use `/sf bulk update <object> where "
    "owner=… set owner=…`."
)
TRANSFER_SAME_USER = "{user} is both the current and the new owner; nothing to transfer."
TRANSFER_INACTIVE = (
    "{user} is inactive, and Salesforce doesn't let inactive users own records. "
    "Activate them first (`/sf user activate …`) or pick someone else."
)
TRANSFER_NONE = "{source} owns no {noun}{filter}; nothing to transfer."
TRANSFER_FILTER = " where {conditions}"
ADMIN_TOO_MANY = (
    "That matches more than {limit:,} {noun}, more than I change from Slack in one go. "
    "Narrow it down with `where …`, or use a data loader."
)
ADMIN_FILTER_PROBLEMS = "I can't pick records that way. Please fix:"
PERSON_NOT_FOUND = "I found no Salesforce user matching {typed} for the {role}."
PERSON_AMBIGUOUS = "Several Salesforce users match {typed} for the {role}: {users}. Use an email."
ADMIN_STRAY_WORDS = (
    "I didn't expect {words} after `{clause}`. Conditions and changes are `field=value` pairs; "
    'quote values with spaces, e.g. `status="Open - Not Contacted"`.'
)
BULK_USAGE = (
    "Say which records and what to set, e.g. `/sf bulk update lead where "
    'status="Open - Not Contacted" set status="Working - Contacted"`.'
)
BULK_NEEDS_WHERE = (
    "Say which records to change with `where field=value` (at least one condition), e.g. "
    "`where industry=Energy`; I don't change every record of an object from Slack."
)
BULK_NEEDS_SET = "Say what to change with `set field=value`, e.g. `set rating=Hot`."
BULK_NONE = "No {noun} match {filter}; nothing to change."
BULK_AMBIGUOUS = "Several records match {typed} for {label}: {names}. Use the record's id."
EXPORT_USAGE = (
    "Say what to export: `/sf export contacts` or `/sf export leads`, optionally with "
    '`where field=value`, e.g. `/sf export leads where status="Open - Not Contacted"`.'
)
EXPORT_READY = (
    ":page_facing_up: Your CSV of {noun}{filter} is ready: <{url}|Download {filename}>. "
    "It is made when you open the link, as your Salesforce user."
)
EXPORT_LINK_NOTE = (
    "The link works once and expires in {minutes} minutes. Don't share it: until then, anyone "
    "who has it can download the file."
)
EXPORT_PAGES = {
    "expired": (
        410,
        "Link expired",
        "This download link has expired or isn't valid. Run "
        "/sf export again in Slack for a new one.",
    ),
    "used": (
        410,
        "Link already used",
        "This download link was already used: each link works once. Run /sf export again in "
        "Slack for a new one.",
    ),
    "not_admin": (403, "Not allowed", "Exports are for sfbot admins, and you are no longer one."),
    "connection": (
        409,
        "Connect Salesforce again",
        "Your Salesforce connection has ended. "
        "Type /sf connect in Slack, then run /sf export again.",
    ),
    "salesforce": (502, "Salesforce refused the export", "{detail}"),
}
IMPORT_USAGE = "Say what to import: `/sf import contacts` or `/sf import leads` opens a form."
IMPORT_NO_TRIGGER = "I couldn't open the import form (Slack sent no trigger); try again."
IMPORT_OPENED = "I opened the import form."
IMPORT_TITLE = "Import {noun}"
IMPORT_CHECK = "Check"
IMPORT_CSV_LABEL = "CSV with a header row"
IMPORT_CSV_HINT = (
    "Rows are matched on Email: a match updates the fields that differ (blank cells are left "
    "alone), other rows create a new record. Columns: {columns}. Up to {limit:,} characters."
)
IMPORT_PREVIEW_TITLE = "Check the import"
IMPORT_PREVIEW = (
    "*{creates}* to create, *{updates}* to update, {unchanged} unchanged, "
    "*{problems}* with problems (skipped)."
)
IMPORT_PREVIEW_CREATE = "*New:* {names}"
IMPORT_PREVIEW_UPDATE = "*Changed:* {names}"
IMPORT_PROBLEM_LINE = "• Row {row}: {message}"
IMPORT_SUBMIT = "Import {count}"
IMPORT_NOTHING = "Nothing to import: {reason}"
IMPORT_NOTHING_CHANGED = "every row matches what Salesforce already has."
IMPORT_ALL_BAD = "no row can be imported. {first}"
IMPORT_STARTED_TITLE = "Importing"
IMPORT_STARTED = "Importing… the result (with Undo) will appear in the conversation you typed in."
IMPORT_DONE = ":inbox_tray: Imported {noun}: {created} created, {updated} updated."
IMPORT_UNDONE = (
    ":leftwards_arrow_with_hook: Undone: deleted {deleted} created and restored {updated} "
    "updated {noun}."
)
IMPORT_FAILURE_LINE = "• Row {row} ({name}): {reason}"
IMPORT_EXPIRED = (
    "This check is more than {minutes} minutes old, so I didn't import it. Run the import again."
)
