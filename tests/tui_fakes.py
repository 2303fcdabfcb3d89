"""Fakes for the TUI tests: a clock moved by hand, a player that records, a fixed log."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from psoas_tui.locations import Locations
from psoas_tui.plan import Plan
from psoas_tui.session import Event

FIXED_NOW = datetime(2026, 11, 24, 18, 30)

# A routine with every kind of step; its name holds markup that must show as plain text.
ROUTINE = """\
schema = 1
name = "Test [bold]routine[/bold]"
summary = "A routine for tests: every kind of step."
tags = ["test"]

[defaults]
get_ready = 5
switch = 5
rest = 10

[[steps]]
name = "Lunge stretch"
kind = "timed"
duration = 30
per_side = true
how = "Kneel and lean forward."

[[steps]]
name = "Knee drive"
kind = "reps"
reps = 10
get_ready = 0

[[steps]]
name = "Thomas test"
kind = "check"
question = "Does the other leg lift?"
answers = ["no", "a little", "clearly"]
per_side = true
get_ready = 0
switch = 0

[[steps]]
name = "Breathe"
kind = "rest"
duration = 20
"""


def pilot_test(body: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async pilot test body on its own event loop (no async plugin needed); its
    fixtures are those of ``body``."""

    @functools.wraps(body)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(body(*args, **kwargs))

    return run


async def flash_over(pilot: Any, band: Any, within: float | None = None) -> None:
    """Wait for the phase band's flash to end (a flash lasts ``FLASH_SECONDS``; waiting
    stops after ``within`` seconds, by default that and 0.1 s), then for the redraw: a
    condition, not a fixed pause, so a test waits only as long as the flash still runs.
    The caller asserts ``not band.flashing`` where the flash's end is what it checks."""
    from psoas_tui.tui.widgets.band import FLASH_SECONDS

    loop = asyncio.get_running_loop()
    deadline = loop.time() + (FLASH_SECONDS + 0.1 if within is None else within)
    await pilot.pause()  # a cue's flash starts with call_later: let it start first
    while band.flashing and loop.time() < deadline:
        await pilot.pause(0.02)
    await pilot.pause()


def on_screen(widget: Any) -> list[Any]:
    """The strips on screen where ``widget`` is: what the compositor shows, which is what
    counts for a widget that draws with children of its own (the clock's glyphs)."""
    region = widget.region
    strips = widget.screen._compositor.render_strips()
    return [strip.crop(region.x, region.right) for strip in strips[region.y : region.bottom]]


class FakeClock:
    """Routine seconds that pass only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class RecordingPlayer:
    """Records every event it is given; says it is a test player."""

    description: str = "test player (no sound)"
    muted: bool = False
    bell_hook: Callable[[], None] | None = None
    events: list[Event] = field(default_factory=list)
    prepared: list[Plan] = field(default_factory=list)
    closed: bool = False

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def prepare(self, plan: Plan, clock: Callable[[], float]) -> None:
        self.prepared.append(plan)

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def close(self) -> None:
        self.closed = True


def locations_at(home: Path) -> Locations:
    return Locations(config=home, data=home)


class FixedLog:
    """A session log with a fixed history (fixed dates), for deterministic snapshots."""

    available = True
    warning: str | None = None

    def __init__(self) -> None:
        from psoas_tui.history.model import (
            AnswerRow,
            AnswerStats,
            IntervalRow,
            SessionDetail,
            SessionRow,
            Stats,
            TightnessStats,
            WeekStats,
        )

        tz = timezone(timedelta(hours=1))
        self.saved: list[tuple[Any, str, dict[str, int | None]]] = []
        self.rows = []
        for day in range(40):
            started = datetime(2026, 11, 24, 7, 15, tzinfo=tz) - timedelta(days=day * 2)
            completed = day % 5 != 3
            self.rows.append(
                SessionRow(
                    id=f"s{day:03d}",
                    routine_slug="pre-run-warm-up",
                    routine_name="Pre-run hip flexor warm-up",
                    content_hash="x",
                    started=started,
                    ended=started + timedelta(minutes=8),
                    status="completed" if completed else "abandoned",
                    active_seconds=481.0 if completed else 200.0,
                    planned_seconds=481.0,
                    planned_intervals=30,
                    planned_exercises=12,
                    done_exercises=12 if completed else 5,
                    left_seconds=150.0,
                    right_seconds=140.0,
                    time_scale=1.0,
                    psoas_version="0.1.0",
                    first_side="left",
                    note="felt good" if day == 0 else None,
                    answers=(
                        AnswerRow(1, "2", "Thomas test", "left", "Does the leg lift?", "a little"),
                    ),
                    tightness={"left": 4, "right": 6},
                )
            )
        self.detail = SessionDetail(
            self.rows[0],
            (
                IntervalRow(
                    1,
                    0,
                    "1",
                    "Marching in place",
                    "Get ready",
                    "get_ready",
                    None,
                    1,
                    1,
                    None,
                    5.0,
                    5.0,
                    False,
                    0.0,
                    0.0,
                ),
                IntervalRow(
                    2,
                    1,
                    "1",
                    "Marching in place",
                    "Marching in place",
                    "work",
                    None,
                    1,
                    1,
                    None,
                    45.0,
                    55.0,
                    False,
                    10.0,
                    5.0,
                ),
                IntervalRow(
                    3,
                    2,
                    "2",
                    "Leg swings",
                    "Leg swings",
                    "reps",
                    "left",
                    1,
                    1,
                    12,
                    24.0,
                    12.0,
                    True,
                    0.0,
                    60.0,
                ),
            ),
        )
        today = date(2026, 11, 24)
        monday = today - timedelta(days=today.weekday())
        weeks = tuple(
            WeekStats(
                year=(monday - timedelta(weeks=11 - n)).isocalendar()[0],
                week=(monday - timedelta(weeks=11 - n)).isocalendar()[1],
                monday=monday - timedelta(weeks=11 - n),
                sessions=n % 4 + 1,
                completed=n % 4,
                minutes=float((n * 7) % 30 + 5),
                left_seconds=300.0,
                right_seconds=280.0,
            )
            for n in range(12)
        )
        self.fixed_stats = Stats(
            today=today,
            current_streak=1,
            longest_streak=3,
            days_done=32,
            total_sessions=40,
            completed_sessions=32,
            total_minutes=300.0,
            left_seconds=6000.0,
            right_seconds=5600.0,
            weeks=weeks,
            routines=(),
            steps=(),
            answers=tuple(
                AnswerStats(
                    "Thomas test",
                    "Does the leg lift?",
                    side,
                    f"{w.year}-W{w.week:02d}",
                    {"no": 1, "a little": 2},
                )
                for w in weeks[-2:]
                for side in ("left", "right")
            ),
            tightness=tuple(
                TightnessStats(
                    f"{w.year}-W{w.week:02d}", side, 3.0 + (n % 4) + (side == "right"), 2
                )
                for n, w in enumerate(weeks)
                for side in ("left", "right")
            ),
        )

    def recorder(self, plan: Plan, *, time_scale: float = 1.0) -> Any:
        class _Recorder:
            session_id = "new-session"

            def __call__(self, event: Event) -> None:
                pass

            def close(self) -> None:
                pass

        return _Recorder()

    def alternate_first_side(self, slug: str) -> str:
        return "left"

    def side_results(self, *, sessions: int = 30) -> list[Any]:
        return []

    def last_done(self) -> dict[str, datetime]:
        return {"pre-run-warm-up": datetime(2026, 11, 22, 7, 15, tzinfo=UTC)}

    def save_summary(
        self, session_id: Any, *, note: str | None, tightness: dict[str, int | None]
    ) -> None:
        self.saved.append((session_id, note or "", tightness))

    def sessions(
        self,
        *,
        offset: int = 0,
        limit: int | None = 50,
        since: date | None = None,
        routine: str | None = None,
    ) -> list[Any]:
        rows = [r for r in self.rows if since is None or r.local_date >= since]
        end = None if limit is None else offset + limit
        return rows[offset:end]

    def session_detail(self, session_id: Any) -> Any:
        return self.detail if session_id == self.detail.session.id else None

    def stats(self, *, today: date | None = None) -> Any:
        return self.fixed_stats


def run_script_on_a_terminal(
    script: str, args: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)
) -> int:
    """Run ``python -c script *args`` with a pty of ``size`` (columns, rows) as its terminal,
    drain what it draws until it has gone, and return its exit code."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    columns, rows = size
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    try:
        done = subprocess.Popen(
            [sys.executable, "-c", script, *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**env, "TERM": "xterm-256color"},
            start_new_session=True,
        )
        os.close(slave)
        while True:  # drain the terminal until the app has gone
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        return done.wait(timeout=60)
    finally:
        os.close(master)
