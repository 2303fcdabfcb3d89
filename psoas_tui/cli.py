"""The ``psoas`` command. Imports stay lazy: only the TUI command imports Textual."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from psoas_tui import __version__
from psoas_tui.errors import EXIT_INTERRUPTED, EXIT_INVALID, UserError
from psoas_tui.text.i18n import _

if TYPE_CHECKING:
    import argparse

# Each module defines ``register(subparsers)``, which adds its commands and sets
# ``handler`` (a function of the parsed arguments returning an exit code).
COMMAND_MODULES = (
    "psoas_tui.commands.routines",
    "psoas_tui.commands.run",
    "psoas_tui.commands.history",
    "psoas_tui.commands.edit",
    "psoas_tui.commands.remind",
    "psoas_tui.commands.completion",
)


def build_parser() -> argparse.ArgumentParser:
    import argparse

    from psoas_tui.text.argparse_words import translate_argparse

    translate_argparse()
    parser = argparse.ArgumentParser(
        prog="psoas",
        description=_("A guided hip-flexor workout timer. With no command, opens the app."),
        epilog=_(
            "User state lives under PSOAS_HOME when it is set. "
            "PSOAS_TIME_SCALE=N runs every timer N times faster."
        ),
    )
    parser.add_argument("--version", action="version", version=f"psoas {__version__}")
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help=_("the language psoas shows: nl or en (also after the command)"),
    )
    subparsers = parser.add_subparsers(title=_("commands"), metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list, language = take_language_option(list(sys.argv[1:] if argv is None else argv))
    try:
        choose_language(language)
        if not args_list:
            # Plain ``psoas``: the app. Building the parser would import every command
            # module first, time the user spends looking at an empty terminal.
            return _open_app(SimpleNamespace())
        parser = build_parser()
        args = parser.parse_args(args_list)
        handler = getattr(args, "handler", None)
        if handler is None:
            return _open_app(args)
        return int(handler(args) or 0)
    except UserError as error:
        _print_error(str(error))
        return error.code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``psoas log | head``): nothing more to say.
        _silence_stdout()
        return 0
    except Exception as error:  # the last line of defence: no traceback reaches a user
        from psoas_tui.commands import messages

        where = save_crash_report(error)
        kind = type(error).__name__
        _print_error(messages.INTERNAL_ERROR.format(kind=kind, error=error, where=where))
        return EXIT_INVALID


def take_language_option(args: list[str]) -> tuple[list[str], str | None]:
    """``args`` without ``--lang X`` / ``--lang=X`` (before or after the command), and X.

    Taken out before argparse sees the line, so that ``psoas list --lang nl`` works like
    ``psoas --lang nl list`` and so that argparse's own words (``--help``) are in it."""
    rest: list[str] = []
    language = None
    index = 0
    while index < len(args):
        item = args[index]
        if item == "--":
            rest.extend(args[index:])
            break
        if item == "--lang" and index + 1 < len(args):
            language = args[index + 1]
            index += 2
            continue
        if item.startswith("--lang="):
            language = item.partition("=")[2]
        else:
            rest.append(item)
        index += 1
    return rest, language


def choose_language(option: str | None) -> str:
    """Show psoas in the language ``option`` (``--lang``), settings.toml or the environment
    name (i18n.choose_language); a language psoas has no words for is said once, on stderr."""
    import os

    from psoas_tui.text import i18n

    setting = None
    if not option:
        setting = _language_setting()
    choice = i18n.choose_language(option, setting, os.environ)
    i18n.set_language(choice.language)
    if choice.unsupported:
        from psoas_tui.commands import messages

        _print_error(messages.LANGUAGE_UNSUPPORTED.format(language=choice.unsupported))
    return choice.language


def _language_setting() -> str | None:
    """``language`` in settings.toml, read cheaply (tomllib alone: settings.py and the
    routine loader it imports are for the commands that need them); None when there is none
    or the file cannot be read (load_settings reports why, in the chosen language)."""
    from psoas_tui.locations import user_locations

    try:
        with open(user_locations().settings_file, "rb") as handle:
            raw = handle.read(64 * 1024)
        if b"language" not in raw:  # most files: no TOML parser to import at start
            return None
        import tomllib

        value = tomllib.loads(raw.decode("utf-8")).get("language")
    except (OSError, ValueError, RecursionError):  # no home folder, no file, not TOML
        return None
    return value if isinstance(value, str) and len(value) <= 40 else None


def _open_app(args: Any) -> int:
    from importlib.util import find_spec

    if find_spec("textual") is None:  # an install without the app: list the routines
        from psoas_tui.commands.routines import list_routines

        return list_routines(SimpleNamespace(json=False))  # type: ignore[arg-type]
    return int(importlib.import_module("psoas_tui.tui.launch").launch(args))


def _print_error(message: str) -> None:
    from psoas_tui.commands import messages
    from psoas_tui.routine.text import clean_text

    print(messages.WARNING.format(message=clean_text(message, multiline=True)), file=sys.stderr)


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def save_crash_report(error: BaseException) -> str:
    """Append ``error``'s traceback to crash.log in the data folder; where it went."""
    from psoas_tui.commands import messages
    from psoas_tui.crash import report_crash

    path = report_crash(error)
    return str(path) if path else messages.CRASH_REPORT_NOWHERE.format()


if __name__ == "__main__":
    raise SystemExit(main())
