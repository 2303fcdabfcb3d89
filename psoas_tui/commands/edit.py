"""``psoas edit ROUTINE`` (the user's own editor, validated after) and ``psoas schema``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from psoas_tui.commands import completion, messages
from psoas_tui.errors import EXIT_INVALID, EXIT_OK, UserError
from psoas_tui.routine.text import clean_text
from psoas_tui.text.i18n import _, ngettext

REOPEN_PROMPT = "Reopen the editor? [Y/n] "


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "edit",
        help=_("open a routine in $VISUAL/$EDITOR and validate it after"),
        description=_(
            "Open a routine in $VISUAL or $EDITOR and validate it when the editor "
            "exits. A bundled routine is copied into your routines folder first and the copy is "
            "edited; bundled files are never changed."
        ),
    )
    completion.routines(
        p.add_argument(
            "routine", metavar="ROUTINE", help=_("a routine's slug or a path to a .toml file")
        )
    )
    p.set_defaults(handler=edit_routine)

    p = subparsers.add_parser(
        "schema",
        help=_("print the routine JSON Schema (for editors that validate TOML)"),
    )
    p.set_defaults(handler=print_schema)


def print_schema(args: argparse.Namespace) -> int:
    from psoas_tui.locations import bundled_schema

    try:
        text = bundled_schema().read_text(encoding="utf-8")
    except OSError as error:
        raise UserError(messages.SCHEMA_MISSING.format(error=error)) from None
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def edit_routine(args: argparse.Namespace) -> int:
    from psoas_tui.locations import user_locations
    from psoas_tui.output import console
    from psoas_tui.routine.catalog import RoutineNotFound, resolve
    from psoas_tui.routine.files import (
        copy_bundled,
        editor_command,
        run_editor,
        sweep_stale_temp_files,
    )
    from psoas_tui.routine.save import keep_backup

    locations = user_locations()
    try:
        entry = resolve(args.routine, locations)
    except RoutineNotFound as error:
        raise UserError(str(error)) from None
    if not entry.bundled and not entry.path.is_file():
        raise UserError(messages.NO_SUCH_ROUTINE_FILE.format(path=shown(entry.path)))
    terminal = sys.stdin.isatty()
    # Without a terminal (a script, git-style) only an editor the user named runs: an
    # interactive fallback such as vi would wait for keys that never come.
    _check_editor_exists(editor_command(entry.path, fallback=terminal))
    out = console()
    sweep_stale_temp_files(locations.routines)
    if not entry.bundled and entry.path.parent != locations.routines:
        sweep_stale_temp_files(entry.path.parent)
    copied: bytes | None = None
    path = entry.path
    if entry.bundled:
        path = copy_bundled(entry, locations)
        copied = path.read_bytes()
        out.print(
            _(
                "{slug} is a bundled routine, so it was copied to {path}; "
                "editing the copy (bundled files are never changed)."
            ).format(slug=entry.slug, path=shown(path)),
            soft_wrap=True,
        )
    else:
        keep_backup(path)
    while True:
        status = run_editor(path, fallback=terminal)
        if status != 0:
            failed = messages.EDITOR_FAILED.format(status=status)
            print(messages.WARNING.format(message=failed), file=sys.stderr)
        if copied is not None and _unchanged(path, copied):
            path.unlink(missing_ok=True)
            removed = clean_text(path.name)
            out.print(
                _("No changes: removed the copy {file} again.").format(file=removed),
                soft_wrap=True,
            )
            return EXIT_OK
        if _report(path, out):
            return EXIT_OK
        if not terminal or not _ask_reopen():
            out.print(
                _(
                    "Kept {path} as it is, with problems; it is listed as invalid until "
                    "they are fixed (psoas edit {slug})."
                ).format(path=shown(path), slug=clean_text(path.stem)),
                soft_wrap=True,
            )
            return EXIT_INVALID


def shown(path: Path) -> str:
    """A path as it may reach the terminal: file and folder names are untrusted text."""
    return clean_text(str(path))


def _check_editor_exists(command: list[str]) -> None:
    """Fail before copying anything when the editor named by $VISUAL/$EDITOR is not there."""
    import shutil

    if shutil.which(command[0]) is None:
        raise UserError(messages.EDITOR_NOT_FOUND.format(editor=command[0]))


def _unchanged(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _report(path: Path, out: Any) -> bool:
    """Validate ``path``; print the result; True when it is valid."""
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.load import load_routine
    from psoas_tui.text.durations import human

    result = load_routine(path)
    if result.routine is not None and not result.problems:
        plan = build_plan(result.routine)
        out.print(
            ngettext(
                "{path}: ok, {name}, {time}, {count} interval. Run it with: psoas run {slug}",
                "{path}: ok, {name}, {time}, {count} intervals. Run it with: psoas run {slug}",
                len(plan.intervals),
            ).format(
                path=shown(path),
                name=result.routine.name,
                time=human(plan.total_seconds),
                count=len(plan.intervals),
                slug=clean_text(path.stem),
            ),
            soft_wrap=True,
        )
        return True
    for problem in result.problems:
        out.print(str(problem), soft_wrap=True)
    count = len(result.problems)
    out.print(
        ngettext("{path}: {count} problem", "{path}: {count} problems", count).format(
            path=shown(path), count=count
        ),
        soft_wrap=True,
    )
    return False


def _ask_reopen() -> bool:
    """Ask on the terminal; an empty answer means yes, end of input means no."""
    sys.stdout.write(REOPEN_PROMPT)
    sys.stdout.flush()
    answer = sys.stdin.readline()
    if not answer:
        sys.stdout.write("\n")
        return False
    return answer.strip().lower() in ("", "y", "yes")
