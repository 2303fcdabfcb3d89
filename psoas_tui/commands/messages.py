"""Every error and warning text of the ``psoas`` command line, as a template with named
placeholders.

The Dutch issue marks these templates for translation (``N_`` from psoas_tui.text.i18n).
Each is used as ``messages.NAME.format(...)``; tests/test_messages.py checks that every
placeholder is named, that every template is used, and that commands build no UserError
from a literal of their own. Problems with a routine file itself are worded in
psoas_tui.routine.messages.
"""

from __future__ import annotations

from psoas_tui.text.i18n import N_

# -- every command (cli.py) -------------------------------------------------------------------

WARNING = N_("psoas: {message}")
INTERNAL_ERROR = N_(
    "internal error: {kind}: {error}. This is a bug in psoas; details were saved to {where}."
)
CRASH_REPORT_NOWHERE = N_("nowhere (the data folder is not writable)")

# -- psoas show / check (commands/routines.py) --------------------------------------------------

ROUTINE_HAS_PROBLEMS = N_("the routine has problems; fix them and try again:\n{problems}")
NO_ROUTINE_FILES = N_(
    "{name}: no .toml files in this folder; give routine files or a folder that holds them"
)

# -- psoas edit / schema (commands/edit.py) -----------------------------------------------------

SCHEMA_MISSING = N_(
    "the routine schema is missing from the installed package ({error}); reinstall psoas"
)
NO_SUCH_ROUTINE_FILE = N_(
    "{path}: no such file; start one with psoas new NAME, or give an existing path"
)
EDITOR_NOT_FOUND = N_(
    "the editor {editor!r} was not found: set $VISUAL or $EDITOR to an editor "
    "you have (e.g. export EDITOR=vi)"
)
EDITOR_FAILED = N_("the editor exited with status {status}; checking the file as it is now")

# -- psoas log / stats / import / export (commands/history.py) ------------------------------------

BAD_DATE = N_("expected a date like 2026-11-01, not {text!r}")
BAD_COUNT = N_("expected a whole number, not {text!r}")
NEGATIVE_COUNT = N_("expected 0 or more, not {value}")
LOG_UNAVAILABLE = N_("the session log cannot be opened")
LOG_UNREADABLE = N_(
    "the session log {path} could not be read ({error}). Move it aside (rename it) "
    "and psoas starts a new one; `psoas import` can bring back an export."
)
UNKNOWN_ROUTINE = N_(
    '"{routine}" is neither a routine nor in the log; {hint}`psoas list` shows the routines.'
)
ROUTINE_HINT = N_('did you mean "{match}"? ')
IMPORT_NO_FILE = N_("{path}: no such file; give the file written by `psoas export`.")
IMPORT_CANNOT_READ = N_("{path}: cannot read it ({reason}).")
IMPORT_NOT_UTF8 = N_("{path}: not UTF-8 text ({reason}).")

# -- choosing the language (cli.py) --------------------------------------------------------------

LANGUAGE_UNSUPPORTED = N_('psoas has no translation for "{language}"; using English')

# -- psoas run --resume (resume.py) -------------------------------------------------------------

RESUME_NOTHING = N_(
    "{routine}: no session of it was cut off in the last 12 hours; there is nothing to "
    "resume. Run it without --resume to start it."
)
RESUME_ROUTINE_CHANGED = N_(
    "{routine}: the routine file changed since its session was cut off at {when}, so that "
    "session cannot be resumed. Run it without --resume for a fresh start."
)
RESUMING = N_("resuming the session cut off at {when}: interval {number} of {total}")
