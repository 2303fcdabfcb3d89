"""What a session needs besides the engine, for the plain runner: sound and the log.

Each ``attach_*`` function subscribes one service to a session and returns the header
line that says what it is doing (or why it is off) and a function that closes it.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field

from psoas_tui.locations import Locations
from psoas_tui.routine.model import Routine, Side
from psoas_tui.session import Session, State

Warn = Callable[[str], None]


@dataclass
class Attached:
    header: list[str] = field(default_factory=list)
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for closer in reversed(self.closers):
            closer()


def alternate_first_side(routine: Routine, locations: Locations, warn: Warn) -> Side:
    """The side that steps with start_side = "alternate" start on this session: the other
    side from the last logged session of this routine (left when there is none)."""
    if not routine.has_alternating_sides():
        return "left"
    from psoas_tui.history import LogDamaged, open_log

    with open_log(locations, warn=warn) as log:
        try:
            return log.alternate_first_side(routine.slug)
        except LogDamaged:  # the log is moved aside (and says so) when it is attached
            return "left"


def attach_sound(
    session: Session, args: argparse.Namespace, locations: Locations, warn: Warn
) -> tuple[str, Callable[[], None] | None]:
    """Open the sound player from settings and the command line; subscribe it to the session."""
    from psoas_tui.cues import open_player
    from psoas_tui.settings import load_settings

    settings, problems = load_settings(locations)
    for problem in problems:
        warn(str(problem))
    if session.state is State.READY:
        session.countdown = settings.countdown  # the 3-2-1 cues: settings' countdown length
    player = open_player(
        settings,
        backend=getattr(args, "audio", None),
        mute=True if getattr(args, "mute", False) else None,
        speech=True if getattr(args, "speak", False) else None,
        warn=warn,
        cache_dir=locations.cache / "speech",
    )
    player.prepare(session.plan, session.clock)
    session.subscribe(player)
    return player.description, player.close


def attach_log(
    session: Session, scale: float, locations: Locations, warn: Warn
) -> tuple[str, Callable[[], None] | None]:
    """Record the session in the log as it happens; a log that cannot be written is off.
    A damaged log is moved aside (now, or when the session finds the damage)."""
    from psoas_tui.history import display_path, open_log

    log = open_log(locations, warn=warn, move_damaged=True)
    if not log.available:
        return f"log: OFF: {log.warning}", log.close
    recorder = log.recorder(session.plan, time_scale=scale)
    session.subscribe(recorder)

    def close() -> None:
        recorder.close()
        log.close()

    return f"log: {display_path(log.path)}", close


def attach_all(
    session: Session, args: argparse.Namespace, scale: float, locations: Locations, warn: Warn
) -> Attached:
    attached = Attached()
    for line, closer in (
        attach_sound(session, args, locations, warn),
        attach_log(session, scale, locations, warn),
    ):
        attached.header.append(line)
        if closer is not None:
            attached.closers.append(closer)
    return attached
