"""``psoas run``: run a session in the full-screen app, or line by line with ``--plain``."""

from __future__ import annotations

import argparse
from typing import Any

from psoas_tui.audio import AUDIO_CHOICES, spoken_list
from psoas_tui.commands import completion
from psoas_tui.text.i18n import _


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("run", help=_("run a routine"))
    completion.routines(
        p.add_argument(
            "routine", metavar="ROUTINE", help=_("a routine's slug or a path to a .toml file")
        )
    )
    p.add_argument(
        "--plain",
        action="store_true",
        help=_("line-by-line output instead of the full-screen app (answers can be piped in)"),
    )
    p.add_argument("--mute", action="store_true", help=_("no sound"))
    p.add_argument(
        "--audio",
        metavar="NAME",
        choices=AUDIO_CHOICES,
        help=_("sound backend: {choices}").format(choices=spoken_list(AUDIO_CHOICES)),
    )
    p.add_argument(
        "--speak",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=_("speak step names, counts and cues (the default; needs espeak-ng), or not"),
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help=_("go on with this routine's session cut off in the last 12 hours, where it stopped"),
    )
    add_fit(p)
    p.set_defaults(handler=run_routine)


def add_fit(parser: argparse.ArgumentParser) -> None:
    """``--fit TIME`` (``8m``, ``5:30``, ``330s``), read as seconds; a bad time is a usage
    error saying how to write it."""
    from psoas_tui.text.i18n import _

    parser.add_argument(
        "--fit",
        metavar="TIME",
        type=fit_seconds,
        help=_("fit the routine to this much time: 8m, 5:30 or 330s (docs/coaching.md)"),
    )


def fit_seconds(text: str) -> int:
    from psoas_tui.coaching.fit import DurationError, parse_duration
    from psoas_tui.text.coaching import duration_error

    try:
        return parse_duration(text)
    except DurationError as error:
        raise argparse.ArgumentTypeError(duration_error(error)) from None


def run_routine(args: argparse.Namespace) -> int:
    import sys

    if args.plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
        # No terminal to draw on (a pipe, a screen reader's log): the plain runner.
        from psoas_tui.plain import run_plain

        return run_plain(args)
    from psoas_tui.tui.launch import run_routine as run_in_app

    return run_in_app(args)
