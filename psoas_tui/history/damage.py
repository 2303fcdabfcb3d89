"""A damaged log: what counts as damage, moving a file aside, and the check in the background.

Damage is SQLite's corrupt or not-a-database error (``sqlite_errorcode`` SQLITE_CORRUPT or
SQLITE_NOTADB, with any extended code). A locked log, a full disk or a read-only file is
not damage and never moves a log. A damaged log is renamed, never deleted.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from psoas_tui.errors import UserError

SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26
CORRUPTION_CODES = frozenset({SQLITE_CORRUPT, SQLITE_NOTADB})


class LogDamaged(UserError):
    """The log's file is damaged. Queries raise this; they never move the file: the next
    session does. ``str(error)`` says so, and where the file is."""

    def __init__(self, path: Path, reason: str) -> None:
        from psoas_tui.routine.text import clean_text  # only when there is damage to report

        super().__init__(
            clean_text(
                f"the session log {path} is damaged ({reason}). It was left as it is; the "
                "next session moves it aside (nothing is deleted) and starts a new log."
            )
        )
        self.path = path
        self.reason = reason


def is_corruption(error: BaseException) -> bool:
    """SQLite's corrupt or not-a-database errors (any extended code of those)."""
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in CORRUPTION_CODES


def move_aside(path: Path) -> Path:
    """Rename a bad log (and its -wal/-shm files) to ``NAME.corrupt-STAMP``; never delete."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            with contextlib.suppress(OSError):
                os.replace(extra, target.with_name(target.name + suffix))
    return target


def file_identity(path: Path) -> tuple[int, int] | None:
    """The file's device and inode: the same name may be a new file once it was moved."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


class DamageCheck:
    """``PRAGMA quick_check`` of the whole file on its own read-only connection, in a
    thread, while a session runs: damage that no write of the session touches is found
    too. ``found(reason)`` is called from the thread if the check finds damage."""

    def __init__(self, path: Path, found: Callable[[str], None]) -> None:
        self._found = found
        self._conn: sqlite3.Connection | None = None
        with contextlib.suppress(sqlite3.Error):
            self._conn = sqlite3.connect(
                f"{path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        self._thread = threading.Thread(target=self._run, name="psoas-log-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = self._conn
        if conn is None:
            return
        reason = None
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                reason = "; ".join(str(row[0]) for row in rows[:3])
        except sqlite3.Error as error:  # interrupted, busy: not damage
            if is_corruption(error):
                reason = str(error)
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        if reason:
            self._found(reason)

    def wait(self, timeout: float) -> None:
        """Let it finish for ``timeout`` seconds, then stop it."""
        self._thread.join(timeout)
        self.stop()

    def stop(self) -> None:
        if self._thread.is_alive() and self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.interrupt()
        self._thread.join()
