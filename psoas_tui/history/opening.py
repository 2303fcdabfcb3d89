"""Opening the session log: where it is shown, and what happens when it cannot be opened:
a damaged file is moved aside by the session that finds it (``move_damaged``), never by a
query; a locked, full or read-only log is left as it is, and a newer psoas' log untouched
(docs/history.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from psoas_tui.history import schema
from psoas_tui.history.damage import LogDamaged, move_aside
from psoas_tui.history.store import SessionLog, Warn, stderr_warn
from psoas_tui.locations import Locations
from psoas_tui.text.i18n import _


def display_path(path: Path) -> str:
    """``~/.local/share/psoas/history.sqlite3`` when under the home folder."""
    try:
        home = Path.home()
        return "~/" + str(path.relative_to(home)) if path.is_relative_to(home) else str(path)
    except (RuntimeError, ValueError):
        return str(path)


def open_log(
    locations: Locations,
    *,
    warn: Warn = stderr_warn,
    path: Path | None = None,
    move_damaged: bool = False,
) -> SessionLog:
    """Open (creating or upgrading) the session log. Never raises.

    A damaged file (SQLite's corrupt or not-a-database errors, or a SQLite file that is not
    a psoas log) is left where it is by default: the log is ``damaged``, its queries raise
    :class:`LogDamaged`, and the first write of a recorder moves it aside and starts a new
    log. With ``move_damaged`` (a session is about to be recorded) it is moved aside at
    once (never deleted) and ``warn`` says where. A folder that cannot be created or
    written, a locked log or a log from a newer psoas gives a log with ``available=False``
    and a ``warning`` saying why: recording then does nothing. Those are never moved.
    """
    path = path or locations.log_file
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return SessionLog.unavailable(
            path,
            _(
                "cannot create the data folder {folder} ({reason}); this session is not "
                "logged. Set PSOAS_HOME to a writable folder."
            ).format(folder=path.parent, reason=error.strerror or error),
        )
    for _attempt in range(3):
        try:
            conn = schema.connect(path)
        except schema.CorruptLog as error:
            if not move_damaged:
                return SessionLog.damaged_at(path, str(error), warn=warn)
            try:
                moved = move_aside(path)
            except OSError as move_error:
                return SessionLog.unavailable(
                    path,
                    _(
                        "the log {path} cannot be read ({error}) and could not be moved aside "
                        "({reason}); this session is not logged. Move the file away by hand."
                    ).format(path=path, error=error, reason=move_error.strerror or move_error),
                )
            warn(
                _(
                    "the session log {path} could not be read ({error}); it was moved to "
                    "{moved} (nothing was deleted) and a new log was started."
                ).format(path=path, error=error, moved=moved)
            )
            continue
        except schema.NewerLog as error:
            return SessionLog.unavailable(
                path, _("not logging to {path}: {error}.").format(path=path, error=error)
            )
        except (sqlite3.Error, OSError) as error:
            return SessionLog.unavailable(
                path,
                _(
                    "cannot write the log {path} ({error}); this session is not logged. "
                    "Check that the folder is writable, or set PSOAS_HOME to one that is."
                ).format(path=path, error=error),
            )
        log = SessionLog(path, conn, warn=warn)
        try:
            log.mark_stale()
        except LogDamaged as error:  # damaged pages: the same as a corrupt file
            if not move_damaged:
                return log
            log.close()
            try:
                moved = move_aside(path)
            except OSError as move_error:
                return SessionLog.unavailable(
                    path,
                    _(
                        "the log {path} is damaged ({error}) and could not be moved aside "
                        "({reason}); this session is not logged."
                    ).format(
                        path=path, error=error.reason, reason=move_error.strerror or move_error
                    ),
                )
            warn(
                _(
                    "the session log {path} is damaged ({error}); it was moved to {moved} "
                    "(nothing was deleted) and a new log was started."
                ).format(path=path, error=error.reason, moved=moved)
            )
            continue
        except sqlite3.Error as error:  # locked, full, read-only: left as it is
            log.close()
            return SessionLog.unavailable(
                path,
                _("cannot write the log {path} ({error}); this session is not logged.").format(
                    path=path, error=error
                ),
            )
        return log
    return SessionLog.unavailable(
        path, _("the log {path} keeps failing to open; not logging.").format(path=path)
    )
