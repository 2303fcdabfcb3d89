"""The plain runner: ``psoas run ROUTINE --plain``, one line per interval, no TUI.

For pipes, screen readers and ssh. On a terminal it reads single keys; with no terminal on
stdin it reads answers from it a line at a time (:mod:`psoas_tui.plain.answers`), and at
the end of that input runs straight through (checks are logged unanswered, untimed reps are
not waited for). Without a keyboard, a pause caused by a sleep resumes at once, since nobody
could press a key.
Ctrl-C abandons the session (what was done stays logged) and exits 130; SIGTERM and SIGHUP
(the terminal went away) abandon it too and exit 128 + the signal's number.

The clock is :func:`psoas_tui.timebase.scaled_clock` (CLOCK_BOOTTIME: a machine sleep shows
up as a gap, and the session pauses itself).

Ctrl-Z: the SIGTSTP handler puts the terminal back as it found it before the process
stops, and on ``fg`` (SIGCONT) re-enters cbreak mode and tells the engine that time stopped
(:meth:`Session.suspend`) before anything looks at the clock again, so the session is
paused on return, says so, and counts none of the stopped time, however short the stop.

Its parts: :mod:`.printer` (events to lines), :mod:`.terminal` (keys, cbreak mode and
signals), :mod:`.answers` (answers piped in) and :mod:`.runner` (the loop and the command).
"""

from psoas_tui.plain.runner import apply_key, drive, run_plain

__all__ = ["apply_key", "drive", "run_plain"]
