"""Safe saves: a crash at any moment leaves either the old file or the new one, whole.

The new text goes to a temporary file in the same folder, is flushed to disk, and then
replaces the file with ``os.replace`` (atomic on POSIX and Windows); the folder is synced
so the rename itself survives a power cut. The previous version is kept as ``PATH.bak``,
written the same way. Text is saved exactly as given: never re-dumped through tomli-w,
which would drop the user's comments.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from pathlib import Path

from psoas_tui.processes import pid_alive

# Temporary files are named ``.NAME.PID.RANDOM.psoas-tmp`` (RANDOM: 8 hex digits), so that
# a later reader of the folder can find and sweep the ones a killed save left behind, and
# only those: a file named otherwise is not psoas' own and is never touched.
TEMP_SUFFIX = ".psoas-tmp"
BACKUP_SUFFIX = ".bak"
_TEMP_NAME = re.compile(
    r"\A\.(?P<name>.+)\.(?P<pid>[0-9]{1,10})\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + r"\Z",
    re.DOTALL,
)
# When a temporary file is stale, by age and by its saver's PID (no lock): a save is over in
# milliseconds, and it is in progress only while the process named in the file name runs.
# A file is stale when that process is gone and the file is untouched for FRESH_SECONDS (the
# margin covers a saver this machine cannot see, in another PID namespace or on another
# host sharing the folder), or when it is untouched for STALE_AFTER_SECONDS whoever made it.
FRESH_SECONDS = 60.0
STALE_AFTER_SECONDS = 3600.0


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def save_text(path: Path, text: str) -> None:
    """Save ``text`` (UTF-8, newlines exactly as given) to ``path`` safely, keeping ``.bak``."""
    save_bytes(path, text.encode("utf-8", "surrogatepass"))


def save_bytes(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically; the old version becomes ``PATH.bak``."""
    target = _real_target(path)
    folder = target.parent
    old_mode = _mode_of(target)
    if keep_backup and old_mode is not None:
        _write_backup(target)
    temp = _write_temp(folder, target.name, data, old_mode)
    try:
        os.replace(temp, target)
    except BaseException:
        _remove_quietly(temp)
        raise
    fsync_folder(folder)


def keep_backup(path: Path) -> None:
    """Keep the current version of ``path`` as ``PATH.bak`` (before an editor changes it)."""
    target = _real_target(path)
    if _mode_of(target) is not None:
        _write_backup(target)


def create_bytes(path: Path, data: bytes) -> None:
    """Write a new file atomically; raises ``FileExistsError`` if ``path`` exists already.

    The file appears whole or not at all: the data is synced in a temporary file that is then
    hard-linked to its name (a link never replaces an existing file).
    """
    folder = path.parent
    temp = _write_temp(folder, path.name, data, None)
    try:
        try:
            os.link(temp, path)
        except FileExistsError:
            raise
        except OSError:
            # A file system without hard links: claim the name first, then replace it whole.
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            os.close(descriptor)
            os.replace(temp, path)
    finally:
        _remove_quietly(temp)
    fsync_folder(folder)


def sweep_stale_temp_files(folder: Path) -> int:
    """Remove temporary files that killed saves left in ``folder``; returns how many.

    Only psoas' own temporary files (by name, and regular files) and only stale ones (see
    FRESH_SECONDS above): a save in progress in another process keeps its file.
    """
    removed = 0
    try:
        candidates = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return 0
    now = time.time()
    for candidate in candidates:
        owner = _owner_pid(candidate.name)
        if owner is None:
            continue  # not a name psoas makes: someone else's file
        try:
            info = candidate.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        age = now - info.st_mtime
        saver_may_run = owner == os.getpid() or pid_alive(owner)
        if age <= FRESH_SECONDS or (age <= STALE_AFTER_SECONDS and saver_may_run):
            continue  # a save that may still be in progress
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed += 1
    return removed


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable. Not possible (nor needed) on Windows."""
    if os.name == "nt":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _real_target(path: Path) -> Path:
    """Save through a symbolic link (routines kept in a dotfiles repo) rather than over it."""
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _mode_of(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None


def _write_backup(target: Path) -> None:
    """Copy the current file to ``.bak`` (a copy, not a hard link: editors write in place)."""
    try:
        current = target.read_bytes()
    except OSError:
        return  # unreadable now: nothing to keep, and the save itself will say what is wrong
    backup = backup_path(target)
    temp = _write_temp(target.parent, backup.name, current, _mode_of(target))
    try:
        os.replace(temp, backup)
    except BaseException:
        _remove_quietly(temp)
        raise


def _write_temp(folder: Path, name: str, data: bytes, mode: int | None) -> Path:
    temp = folder / f".{name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    # A new file gets the usual permissions (0o666 less the umask); a replaced one keeps its own.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY
    descriptor = os.open(temp, flags, 0o666 if mode is None else 0o600)
    try:
        if mode is not None and os.name != "nt":
            os.fchmod(descriptor, mode)
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
        os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        _remove_quietly(temp)
        raise
    os.close(descriptor)
    return temp


_O_BINARY = getattr(os, "O_BINARY", 0)


def _owner_pid(name: str) -> int | None:
    """The saver's PID in a psoas temporary file's name; None for any other name."""
    match = _TEMP_NAME.match(name)
    return int(match.group("pid")) if match else None


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


__all__ = [
    "BACKUP_SUFFIX",
    "TEMP_SUFFIX",
    "backup_path",
    "create_bytes",
    "fsync_folder",
    "keep_backup",
    "save_bytes",
    "save_text",
    "sweep_stale_temp_files",
]
