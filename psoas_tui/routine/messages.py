"""Every problem text about a routine file, as a template with named placeholders.

The Dutch issue marks these templates for translation (``N_`` from psoas_tui.text.i18n).
Each is used as ``messages.NAME.format(...)`` (also without placeholders, so that ``{{``
stays one brace); tests/test_messages.py checks that every placeholder is named and that
every template is used somewhere.
"""

from __future__ import annotations

from psoas_tui.text.i18n import N_

# -- reading the file ---------------------------------------------------------------------

FOLDER_NOT_FILE = N_("this is a folder, not a routine file: give the path of a .toml file")
NO_SUCH_FILE = N_("no such file: check the path or run `psoas list` for routine names")
LINK_LOOP = N_(
    "symbolic link loop: this link leads back to itself through other links, so "
    "there is no file to read; remove the link or point it at a routine file"
)
BROKEN_LINK = N_(
    'broken symbolic link: it points to "{target}", which does not exist; '
    "restore that file or remove the link"
)
UNKNOWN_LINK_TARGET = N_("a file")
CANNOT_READ = N_("cannot read the file ({reason}): check its permissions")
TOO_LARGE = N_(
    "file is larger than {kib} KiB: a routine file should be a "
    "few kilobytes; check that this is the right file"
)
NOT_UTF8 = N_("the file is not UTF-8 text (byte 0x{byte:02x}): save it as UTF-8")

# -- TOML syntax ----------------------------------------------------------------------------

NESTED_TOO_DEEPLY = N_(
    "values are nested too deeply: a routine needs at most a few levels of "
    "[ ] and {{ }}; remove the extra brackets"
)
HUGE_NUMBER = N_(
    "a number has far too many digits: use a plain number such as 30 "
    "(durations are at most 3600 seconds)"
)
NOT_TOML = N_("the file cannot be read as TOML ({reason}); fix that value")
UNCLOSED_STRING = N_(
    "TOML syntax error: a quoted text is not closed on this line; add the closing "
    'quote, or use """...""" for text over several lines'
)
TOML_SYNTAX = N_("TOML syntax error: {reason}; fix the syntax on this line")
MORE_PROBLEMS = N_(
    "and {count} more problem(s) not shown: fix these first, then check the file again"
)

# -- keys -----------------------------------------------------------------------------------

KEY_NOT_HERE = N_("{key} does not apply {where}; remove it (keys that fit here: {keys})")
UNKNOWN_KEY = N_("unknown key {key} {where}{hint}")
DID_YOU_MEAN = N_('; did you mean "{match}"?')
EXPECTED_ONE_OF = N_("; expected one of: {keys}")

# Who owns a key and where it stands, for the messages above and below.
OWNER_ROUTINE = N_("the routine")
OWNER_DEFAULTS = N_("[defaults]")
OWNER_STEP = N_("step {number}")
OWNER_NAMED_STEP = N_("step {number} {name}")
OWNER_SIDE = N_("{owner}, {side} side")
WHERE_TOP = N_("at the top of a routine")
WHERE_DEFAULTS = N_("in [defaults]")
WHERE_STEP = N_("to a {kind} step ({owner})")
WHERE_SIDE = N_("in {owner}'s {side} side")

# -- the routine ----------------------------------------------------------------------------

SCHEMA = N_(
    "schema must be {version}, found {found}: this psoas reads "
    "schema {version} routines; write schema = {version}"
)
LANGUAGE = N_('language must be a language code such as "en" or "nl", found {found}')
TAGS_NOT_WORDS = N_('tags must be a list of words such as ["pre-run"], found {found}')
TOO_MANY_TAGS = N_("at most 20 tags fit, found {count}; remove some")
TOO_MANY_INTERVALS = N_(
    "the routine expands to {count} intervals, more than {limit}: use fewer sets, rounds or steps"
)
ROUTINE_ID = N_(
    "id must be a slug of lowercase letters, digits and single hyphens, such as "
    '"pre-run-warm-up" (at most {limit} characters), found {found}'
)
DEFAULTS_NOT_TABLE = N_(
    "defaults must be a table, found {found}; write a [defaults] "
    "section with get_ready, switch, rest or start_side"
)

# -- values ---------------------------------------------------------------------------------

TEXT_NEEDED = N_('{owner} needs a {key} = "..." line')
TEXT_NOT_TEXT = N_("{owner}: {key} must be text in quotes, found {found}")
TEXT_EMPTY = N_('{owner}: {key} must not be empty; write {key} = "..."')
TEXT_TOO_LONG = N_("{owner}: {key} is {length} characters long, at most {limit} fit; shorten it")
WHOLE_NUMBER_OF = N_("a whole number of {unit}")
NUMBER_OF = N_("a number of {unit}")
FIX_ROUND = N_("round it to a whole number such as {key} = {example}")
FIX_UNQUOTE = N_("write the number without quotes, such as {key} = {example}")
FIX_PLAIN = N_("write a plain number such as {key} = {example}")
FIX_AT_MOST = N_("use at most {high}")
FIX_AT_LEAST = N_("use at least {low}")
NUMBER_TYPE = N_("{owner}: {key} must be {expected} ({low} to {high}), found {found}; {fix}")
NUMBER_RANGE = N_("{owner}: {key} must be {low} to {high} {unit}, found {found}; {fix}")
NUMBER_NEEDED = N_("{owner}: a {kind} step needs {key} = N ({low} to {high} {unit})")
FLAG = N_("{owner}: {key} must be true or false, found {found}")
START_SIDE = N_('{owner}: start_side must be "left", "right" or "alternate", found {found}')

# -- steps ----------------------------------------------------------------------------------

ROUTINE_NEEDS_STEPS = N_("a routine needs at least one step: add a [[steps]] table")
BLOCK_NEEDS_STEPS = N_("a block needs at least one step: add a [[steps]] table")
STEPS_NOT_TABLES = N_(
    "steps must be tables, found {found}; write each step as its own [[steps]] section"
)
STEPS_EMPTY = N_("steps is empty: add at least one [[steps]] table")
KIND = N_('{owner}: kind must be "timed", "reps", "rest", "check" or "block", found {found}{hint}')
BLOCK_IN_BLOCK = N_(
    "{owner}: a block cannot hold another block; "
    "list its steps in the outer block instead, or make it a top-level step"
)
SIDE_NOT_TABLE = N_(
    "{owner}: {side} must be a table such as {side} = {{ duration = 50 }}, found {found}"
)
SIDE_WITHOUT_PER_SIDE = N_(
    "{owner}: {side} only applies when per_side = true; add per_side = true or remove {side}"
)
ANSWERS_NEEDED = N_('{owner}: a check step needs answers = ["...", "..."] (2 to 9 answers)')
ANSWERS_NOT_TEXTS = N_(
    "{owner}: answers must be a list of texts, found {found}; "
    'write them in quotes, such as answers = ["no", "a little", "clearly"]'
)
ANSWERS_COUNT = N_(
    "{owner}: a check needs 2 to 9 non-empty answers "
    "(one number key each), found {count}; add or remove answers"
)

# -- coaching keys (docs/coaching.md) -------------------------------------------------------

ESTIMATE_WITH_TEMPO = N_(
    "{owner}: estimate applies only to reps without a tempo (with a tempo the step "
    "takes reps × tempo seconds); remove estimate or tempo"
)
MEASURES = N_("{owner}: measures must be {choices}, found {found}")
MEASURES_NEEDS_PER_SIDE = N_(
    '{owner}: measures = "{measure}" needs per_side = true (each answer is about one '
    "side); add per_side = true or remove measures"
)
MEASURES_NEEDS_SCORES = N_(
    '{owner}: measures = "{measure}" needs scores = [...], one whole number '
    "{low} to {high} per answer, in the order of the answers, such as scores = {example}"
)
NEEDS_MEASURES = N_(
    '{owner}: {key} only applies to a check with measures = "tightness"; '
    "add measures or remove {key}"
)
SCORES_NOT_NUMBERS = N_(
    "{owner}: scores must be a list of whole numbers {low} to {high}, one per answer, "
    "such as scores = {example}; found {found}"
)
SCORES_COUNT = N_(
    "{owner}: scores has {scores} number(s) but answers has {answers}: give one score "
    "per answer, in the order of the answers"
)
ANSWER_SIDE = N_(
    '{owner}: side must be "same" (the answer is about the side being tested) or '
    '"other" (about the other side), found {found}'
)

# -- finding routines (catalog.py) ------------------------------------------------------------

ROUTINE_NOT_FOUND = N_(
    "no routine named {name!r}{hint} Run `psoas list` to see them all, "
    "or give the path of a .toml file."
)
NO_HINT = N_(".")

# -- routine files on disk (files.py, template.py) --------------------------------------------

BUNDLED_NOT_DELETABLE = N_(
    "{slug} is a bundled routine and cannot be deleted; duplicate it to make your own version"
)
GONE_ALREADY = N_("{path} is gone already: nothing to delete")
CANNOT_MOVE = N_("cannot move {path} to {folder}: {reason}; check the folders' permissions")
CANNOT_READ_ROUTINE = N_("cannot read {path}: {reason}")
CANNOT_WRITE_INTO = N_(
    "cannot write into {folder}: {reason}; check the folder's permissions or set PSOAS_HOME"
)
CANNOT_WRITE = N_("cannot write {path}: {reason}; check the folder's permissions")
TOO_MANY_NAMED = N_("too many routines named {base}* in {folder}: delete a few and try again")
NEW_NEEDS_NAME = N_('give the new routine a name, e.g. psoas new "Evening stretch"')
NEW_EXISTS = N_("{path} already exists: choose another name, or edit it with psoas edit {slug}")

# -- the editor (files.py) ----------------------------------------------------------------------

EDITOR_VARIABLE = N_(
    "${variable} cannot be read as a command ({error}): fix it, e.g. export {variable}=nano"
)
EDITOR_NOT_NAMED = N_(
    "standard input is not a terminal, so psoas runs only an editor you name: set "
    "$VISUAL or $EDITOR to a command that edits the file it is given, or edit "
    "{path} with any editor and check it with: psoas check PATH"
)
NO_EDITOR = N_(
    "no editor found: set $VISUAL or $EDITOR (e.g. export EDITOR=nano) and try again, "
    "or edit {path} with any text editor"
)
CANNOT_RUN_EDITOR = N_(
    "cannot run the editor {editor!r}: {reason}; "
    "set $VISUAL or $EDITOR to an editor you have (e.g. export EDITOR=vi)"
)
