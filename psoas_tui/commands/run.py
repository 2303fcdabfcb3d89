"""``psoas run``: run a session (the plain, line-by-line runner for now)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("run", help="run a routine")
    p.add_argument("routine", metavar="ROUTINE", help="a routine's slug or a path to a .toml file")
    p.add_argument(
        "--plain", action="store_true", help="line-by-line output instead of the full-screen app"
    )
    p.add_argument("--mute", action="store_true", help="no sound")
    p.add_argument(
        "--audio",
        metavar="NAME",
        choices=("auto", "simpleaudio", "miniaudio", "system", "bell", "off"),
        help="sound backend: auto, simpleaudio, miniaudio, system, bell or off",
    )
    p.add_argument("--speak", action="store_true", help="speak step names (needs espeak-ng)")
    p.set_defaults(handler=run_routine)


def run_routine(args: argparse.Namespace) -> int:
    from psoas_tui.plain import run_plain

    return run_plain(args)
