"""The crash report: what went wrong inside psoas, appended to crash.log in the data folder.

The one writer for both front ends: the command line's last line of defence (``cli``) and
the app's (its error console and the handlers that stop a session). A user sees one line
naming the file, never a traceback.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

CRASH_FILE = "crash.log"


def save_crash_text(folder: Path, text: str) -> Path | None:
    """Append ``text`` under a dated header to crash.log in ``folder`` (created if need be);
    the file's path, or None when the folder cannot be written."""
    from psoas_tui import __version__

    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / CRASH_FILE
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now():%Y-%m-%d %H:%M:%S} psoas {__version__}\n")
            handle.write(text)
        return path
    except OSError:
        return None


def save_crash_report(folder: Path, error: BaseException) -> Path | None:
    """:func:`save_crash_text` with ``error``'s traceback."""
    return save_crash_text(folder, "".join(traceback.format_exception(error)))


def report_crash(error: BaseException) -> Path | None:
    """Append ``error``'s traceback to crash.log in the user's data folder; where it went
    (None: nowhere, there is no writable data folder)."""
    from psoas_tui.locations import user_locations

    try:
        return save_crash_report(user_locations().data, error)
    except OSError:  # no home folder to find the data folder in
        return None
