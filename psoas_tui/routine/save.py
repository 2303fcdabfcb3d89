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
import secrets
import stat
import time
from pathlib import Path

from psoas_tui.processes import pid_alive

# Temporary files end with this suffix so that a later start can find and sweep the ones
# a killed process left behind: ``.NAME.PID.RANDOM.psoas-tmp``.
TEMP_SUFFIX = ".psoas-tmp"
BACKUP_SUFFIX = ".bak"
# A temporary file of a process that is still running is left alone unless it is this old.
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
    """Remove temporary files that killed saves left in ``folder``; returns how many."""
    removed = 0
    try:
        candidates = [p for p in folder.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    except OSError:
        return 0
    now = time.time()
    for candidate in candidates:
        try:
            info = candidate.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        owner = _owner_pid(candidate.name)
        old = now - info.st_mtime > STALE_AFTER_SECONDS
        if owner is not None and owner != os.getpid() and pid_alive(owner) and not old:
            continue  # another psoas is saving right now
        if owner == os.getpid() and not old:
            continue  # one of ours, still in flight
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
    temp = folder / f".{name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
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
    parts = name[: -len(TEMP_SUFFIX)].rsplit(".", 2)
    if len(parts) != 3:
        return None
    try:
        return int(parts[1])
    except ValueError:
        return None


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
