"""Routine files on disk: copy-on-edit, duplicate, delete to the trash, the external editor.

Bundled routines are never changed: editing one first copies its file byte for byte into
the user's routines folder under a new slug.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

from psoas_tui.errors import EXIT_INVALID, UserError
from psoas_tui.locations import Locations
from psoas_tui.routine import messages
from psoas_tui.routine.catalog import Entry, all_entries
from psoas_tui.routine.save import backup_path, create_bytes, sweep_stale_temp_files
from psoas_tui.routine.template import ensure_schema_copy
from psoas_tui.routine.text import clean_text, slugify

MAX_SLUG_TRIES = 1000


class RoutineFileError(UserError, OSError):
    """A routine file could not be copied, created or moved; the message says what to do.

    A UserError (the CLI prints it and exits 1) that is also an OSError, so callers that
    guard file operations with ``except OSError`` show it instead of crashing. The message
    names files and folders, so it is cleaned like any untrusted text.
    """

    def __init__(self, message: str, code: int = EXIT_INVALID) -> None:
        super().__init__(clean_text(message, multiline=True), code)


PARENT_SCHEMA_LINE = b"#:schema ../routine.schema.json"
DEFAULT_EDITORS = ("sensible-editor", "editor", "nano", "vi", "vim")


def copy_bundled(entry: Entry, locations: Locations) -> Path:
    """Copy a (bundled) routine byte for byte into the user folder as ``<slug>-mine``."""
    return _copy(entry, locations, "mine")


def duplicate(entry: Entry, locations: Locations) -> Path:
    """Copy any routine byte for byte into the user folder as ``<slug>-copy``."""
    return _copy(entry, locations, "copy")


def editable_path(entry: Entry, locations: Locations) -> tuple[Path, bool]:
    """The file to edit for ``entry``: a user file in place, a bundled one as a fresh copy.

    Returns the path and whether a copy was made.
    """
    if entry.bundled:
        return copy_bundled(entry, locations), True
    return entry.path, False


def delete_to_trash(entry: Entry, locations: Locations) -> Path:
    """Move a user routine (and its ``.bak``) into the trash folder; returns its new path."""
    if entry.bundled:
        raise RoutineFileError(messages.BUNDLED_NOT_DELETABLE.format(slug=entry.slug))
    trash = locations.trash
    try:
        trash.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = _free_name(trash, f"{entry.slug}.{stamp}", entry.path.suffix or ".toml")
        shutil.move(str(entry.path), str(target))
        backup = backup_path(entry.path)
        if backup.is_file():
            shutil.move(str(backup), str(backup_path(target)))
    except FileNotFoundError:
        raise RoutineFileError(messages.GONE_ALREADY.format(path=entry.path)) from None
    except OSError as error:
        raise RoutineFileError(
            messages.CANNOT_MOVE.format(path=entry.path, folder=trash, reason=error.strerror)
        ) from None
    return target


def editor_command(path: Path, *, fallback: bool = True) -> list[str]:
    """The command that edits ``path``: $VISUAL, else $EDITOR, else an editor on PATH.

    ``fallback=False`` (no terminal) takes only an editor the user named.
    """
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError as error:
                raise UserError(
                    messages.EDITOR_VARIABLE.format(variable=variable, error=error)
                ) from None
            if words:
                return [*words, str(path)]
    if not fallback:
        raise UserError(messages.EDITOR_NOT_NAMED.format(path=clean_text(str(path))))
    if os.name == "nt":
        return ["notepad", str(path)]
    for name in DEFAULT_EDITORS:
        found = shutil.which(name)
        if found:
            return [found, str(path)]
    raise UserError(messages.NO_EDITOR.format(path=path))


def run_editor(path: Path, *, fallback: bool = True) -> int:
    """Run the user's editor (:func:`editor_command`) on ``path`` and wait for it.

    The one way psoas launches $VISUAL/$EDITOR (``psoas edit`` and the app). Returns the
    editor's exit status; raises UserError when no editor can be started.
    """
    command = editor_command(path, fallback=fallback)
    try:
        return subprocess.run(command, check=False).returncode
    except OSError as error:
        raise UserError(
            messages.CANNOT_RUN_EDITOR.format(editor=command[0], reason=error.strerror)
        ) from None


def create_user_routine(data: bytes, stem: str, locations: Locations) -> Path:
    """Write ``data`` as a new user routine named ``<stem>.toml`` (or ``<stem>-2`` …).

    A slug already used by any routine, bundled or not, is skipped, so the new file never
    shadows another routine and never overwrites a file.
    """
    return _create(data, slugify(stem), locations)


def _copy(entry: Entry, locations: Locations, tag: str) -> Path:
    try:
        data = entry.path.read_bytes()
    except OSError as error:
        raise RoutineFileError(
            messages.CANNOT_READ_ROUTINE.format(path=entry.path, reason=error.strerror)
        ) from None
    return _create(data, f"{_strip_tag(entry.slug, tag)}-{tag}", locations)


def _create(data: bytes, base: str, locations: Locations) -> Path:
    folder = locations.routines
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_stale_temp_files(folder)
        ensure_schema_copy(folder)
        if data.startswith(PARENT_SCHEMA_LINE):
            # Bundled files point one folder up; a byte-for-byte copy keeps that line.
            ensure_schema_copy(folder.parent)
    except OSError as error:
        raise RoutineFileError(
            messages.CANNOT_WRITE_INTO.format(folder=folder, reason=error.strerror)
        ) from None
    taken = {e.slug for e in all_entries(locations)}
    for number in range(1, MAX_SLUG_TRIES + 1):
        slug = base if number == 1 else f"{base}-{number}"
        if slug in taken:
            continue
        path = folder / f"{slug}.toml"
        try:
            create_bytes(path, data)
        except FileExistsError:
            continue
        except OSError as error:
            raise RoutineFileError(
                messages.CANNOT_WRITE.format(path=path, reason=error.strerror)
            ) from None
        return path
    raise RoutineFileError(messages.TOO_MANY_NAMED.format(base=base, folder=folder))


def _strip_tag(slug: str, tag: str) -> str:
    """``foo-mine-2`` copied again becomes ``foo-mine-3``, not ``foo-mine-2-mine``."""
    marker = f"-{tag}"
    if slug.endswith(marker):
        return slug[: -len(marker)]
    head, _, number = slug.rpartition("-")
    if number.isdigit() and head.endswith(marker):
        return head[: -len(marker)]
    return slug


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    candidate = folder / f"{stem}{suffix}"
    number = 2
    while candidate.exists() or backup_path(candidate).exists():
        candidate = folder / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


__all__ = [
    "RoutineFileError",
    "copy_bundled",
    "create_user_routine",
    "delete_to_trash",
    "duplicate",
    "editable_path",
    "editor_command",
    "run_editor",
    "sweep_stale_temp_files",
]
