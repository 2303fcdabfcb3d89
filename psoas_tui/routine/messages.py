"""Every problem text about a routine file, as a template with named placeholders.

The Dutch issue marks these templates for translation (``N_`` from psoas_tui.text.i18n).
Each is used as ``messages.NAME.format(...)`` (also without placeholders, so that ``{{``
stays one brace); tests/test_messages.py checks that every placeholder is named and that
every template is used somewhere.
"""

from __future__ import annotations

# -- reading the file ---------------------------------------------------------------------

FOLDER_NOT_FILE = "this is a folder, not a routine file: give the path of a .toml file"
NO_SUCH_FILE = "no such file: check the path or run `psoas list` for routine names"
LINK_LOOP = (
    "symbolic link loop: this link leads back to itself through other links, so "
    "there is no file to read; remove the link or point it at a routine file"
)
BROKEN_LINK = (
    'broken symbolic link: it points to "{target}", which does not exist; '
    "restore that file or remove the link"
)
UNKNOWN_LINK_TARGET = "a file"
CANNOT_READ = "cannot read the file ({reason}): check its permissions"
TOO_LARGE = (
    "file is larger than {kib} KiB: a routine file should be a "
    "few kilobytes; check that this is the right file"
)
NOT_UTF8 = "the file is not UTF-8 text (byte 0x{byte:02x}): save it as UTF-8"

# -- TOML syntax ----------------------------------------------------------------------------

NESTED_TOO_DEEPLY = (
    "values are nested too deeply: a routine needs at most a few levels of "
    "[ ] and {{ }}; remove the extra brackets"
)
HUGE_NUMBER = (
    "a number has far too many digits: use a plain number such as 30 "
    "(durations are at most 3600 seconds)"
)
NOT_TOML = "the file cannot be read as TOML ({reason}); fix that value"
UNCLOSED_STRING = (
    "TOML syntax error: a quoted text is not closed on this line; add the closing "
    'quote, or use """...""" for text over several lines'
)
TOML_SYNTAX = "TOML syntax error: {reason}; fix the syntax on this line"
MORE_PROBLEMS = "and {count} more problem(s) not shown: fix these first, then check the file again"

# -- keys -----------------------------------------------------------------------------------

KEY_NOT_HERE = "{key} does not apply {where}; remove it (keys that fit here: {keys})"
UNKNOWN_KEY = "unknown key {key} {where}{hint}"
DID_YOU_MEAN = '; did you mean "{match}"?'
EXPECTED_ONE_OF = "; expected one of: {keys}"

# Who owns a key and where it stands, for the messages above and below.
OWNER_ROUTINE = "the routine"
OWNER_DEFAULTS = "[defaults]"
OWNER_STEP = "step {number}"
OWNER_NAMED_STEP = "step {number} {name}"
OWNER_SIDE = "{owner}, {side} side"
WHERE_TOP = "at the top of a routine"
WHERE_DEFAULTS = "in [defaults]"
WHERE_STEP = "to a {kind} step ({owner})"
WHERE_SIDE = "in {owner}'s {side} side"

# -- the routine ----------------------------------------------------------------------------

SCHEMA = (
    "schema must be {version}, found {found}: this psoas reads "
    "schema {version} routines; write schema = {version}"
)
LANGUAGE = 'language must be a language code such as "en" or "nl", found {found}'
TAGS_NOT_WORDS = 'tags must be a list of words such as ["pre-run"], found {found}'
TOO_MANY_TAGS = "at most 20 tags fit, found {count}; remove some"
TOO_MANY_INTERVALS = (
    "the routine expands to {count} intervals, more than {limit}: use fewer sets, rounds or steps"
)
ROUTINE_ID = (
    "id must be a slug of lowercase letters, digits and single hyphens, such as "
    '"pre-run-warm-up" (at most {limit} characters), found {found}'
)
DEFAULTS_NOT_TABLE = (
    "defaults must be a table, found {found}; write a [defaults] "
    "section with get_ready, switch, rest or start_side"
)

# -- values ---------------------------------------------------------------------------------

TEXT_NEEDED = '{owner} needs a {key} = "..." line'
TEXT_NOT_TEXT = "{owner}: {key} must be text in quotes, found {found}"
TEXT_EMPTY = '{owner}: {key} must not be empty; write {key} = "..."'
TEXT_TOO_LONG = "{owner}: {key} is {length} characters long, at most {limit} fit; shorten it"
WHOLE_NUMBER_OF = "a whole number of {unit}"
NUMBER_OF = "a number of {unit}"
FIX_ROUND = "round it to a whole number such as {key} = {example}"
FIX_UNQUOTE = "write the number without quotes, such as {key} = {example}"
FIX_PLAIN = "write a plain number such as {key} = {example}"
FIX_AT_MOST = "use at most {high}"
FIX_AT_LEAST = "use at least {low}"
NUMBER_TYPE = "{owner}: {key} must be {expected} ({low} to {high}), found {found}; {fix}"
NUMBER_RANGE = "{owner}: {key} must be {low} to {high} {unit}, found {found}; {fix}"
NUMBER_NEEDED = "{owner}: a {kind} step needs {key} = N ({low} to {high} {unit})"
FLAG = "{owner}: {key} must be true or false, found {found}"
START_SIDE = '{owner}: start_side must be "left", "right" or "alternate", found {found}'

# -- steps ----------------------------------------------------------------------------------

ROUTINE_NEEDS_STEPS = "a routine needs at least one step: add a [[steps]] table"
BLOCK_NEEDS_STEPS = "a block needs at least one step: add a [[steps]] table"
STEPS_NOT_TABLES = (
    "steps must be tables, found {found}; write each step as its own [[steps]] section"
)
STEPS_EMPTY = "steps is empty: add at least one [[steps]] table"
KIND = '{owner}: kind must be "timed", "reps", "rest", "check" or "block", found {found}{hint}'
BLOCK_IN_BLOCK = (
    "{owner}: a block cannot hold another block; "
    "list its steps in the outer block instead, or make it a top-level step"
)
SIDE_NOT_TABLE = (
    "{owner}: {side} must be a table such as {side} = {{ duration = 50 }}, found {found}"
)
SIDE_WITHOUT_PER_SIDE = (
    "{owner}: {side} only applies when per_side = true; add per_side = true or remove {side}"
)
ANSWERS_NEEDED = '{owner}: a check step needs answers = ["...", "..."] (2 to 9 answers)'
ANSWERS_NOT_TEXTS = (
    "{owner}: answers must be a list of texts, found {found}; "
    'write them in quotes, such as answers = ["no", "a little", "clearly"]'
)
ANSWERS_COUNT = (
    "{owner}: a check needs 2 to 9 non-empty answers "
    "(one number key each), found {count}; add or remove answers"
)

# -- coaching keys (docs/coaching.md) -------------------------------------------------------

ESTIMATE_WITH_TEMPO = (
    "{owner}: estimate applies only to reps without a tempo (with a tempo the step "
    "takes reps × tempo seconds); remove estimate or tempo"
)
MEASURES = "{owner}: measures must be {choices}, found {found}"
MEASURES_NEEDS_PER_SIDE = (
    '{owner}: measures = "{measure}" needs per_side = true (each answer is about one '
    "side); add per_side = true or remove measures"
)
MEASURES_NEEDS_SCORES = (
    '{owner}: measures = "{measure}" needs scores = [...], one whole number '
    "{low} to {high} per answer, in the order of the answers, such as scores = {example}"
)
NEEDS_MEASURES = (
    '{owner}: {key} only applies to a check with measures = "tightness"; '
    "add measures or remove {key}"
)
SCORES_NOT_NUMBERS = (
    "{owner}: scores must be a list of whole numbers {low} to {high}, one per answer, "
    "such as scores = {example}; found {found}"
)
SCORES_COUNT = (
    "{owner}: scores has {scores} number(s) but answers has {answers}: give one score "
    "per answer, in the order of the answers"
)
ANSWER_SIDE = (
    '{owner}: side must be "same" (the answer is about the side being tested) or '
    '"other" (about the other side), found {found}'
)

# -- finding routines (catalog.py) ------------------------------------------------------------

ROUTINE_NOT_FOUND = (
    "no routine named {name!r}{hint} Run `psoas list` to see them all, "
    "or give the path of a .toml file."
)
NO_HINT = "."

# -- routine files on disk (files.py, template.py) --------------------------------------------

BUNDLED_NOT_DELETABLE = (
    "{slug} is a bundled routine and cannot be deleted; duplicate it to make your own version"
)
GONE_ALREADY = "{path} is gone already: nothing to delete"
CANNOT_MOVE = "cannot move {path} to {folder}: {reason}; check the folders' permissions"
CANNOT_READ_ROUTINE = "cannot read {path}: {reason}"
CANNOT_WRITE_INTO = (
    "cannot write into {folder}: {reason}; check the folder's permissions or set PSOAS_HOME"
)
CANNOT_WRITE = "cannot write {path}: {reason}; check the folder's permissions"
TOO_MANY_NAMED = "too many routines named {base}* in {folder}: delete a few and try again"
NEW_NEEDS_NAME = 'give the new routine a name, e.g. psoas new "Evening stretch"'
NEW_EXISTS = "{path} already exists: choose another name, or edit it with psoas edit {slug}"

# -- the editor (files.py) ----------------------------------------------------------------------

EDITOR_VARIABLE = (
    "${variable} cannot be read as a command ({error}): fix it, e.g. export {variable}=nano"
)
EDITOR_NOT_NAMED = (
    "standard input is not a terminal, so psoas runs only an editor you name: set "
    "$VISUAL or $EDITOR to a command that edits the file it is given, or edit "
    "{path} with any editor and check it with: psoas check PATH"
)
NO_EDITOR = (
    "no editor found: set $VISUAL or $EDITOR (e.g. export EDITOR=nano) and try again, "
    "or edit {path} with any text editor"
)
CANNOT_RUN_EDITOR = (
    "cannot run the editor {editor!r}: {reason}; "
    "set $VISUAL or $EDITOR to an editor you have (e.g. export EDITOR=vi)"
)
