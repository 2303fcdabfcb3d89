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
    p.add_argument("--speak", action="store_true", help=_("speak step names (needs espeak-ng)"))
    p.set_defaults(handler=run_routine)


def run_routine(args: argparse.Namespace) -> int:
    import sys

    if args.plain or not (sys.stdin.isatty() and sys.stdout.isatty()):
        # No terminal to draw on (a pipe, a screen reader's log): the plain runner.
        from psoas_tui.plain import run_plain

        return run_plain(args)
    from psoas_tui.tui.launch import run_routine as run_in_app

    return run_in_app(args)
