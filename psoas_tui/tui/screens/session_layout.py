"""How the session screen shares its rows: the clock as large as the terminal allows, read
from the floor across a room, and what gives way when it does not all fit.

Plain arithmetic (no Textual), so that it can be read and tested on its own.
"""

from __future__ import annotations

import math
from typing import NamedTuple

FIXED_ROWS = 8  # the band (3), the step row, the caption, the counts, the status, the keys
SIDE_ROWS = 5  # the side word's height at least (the clock's third on a tall terminal)
MIN_CLOCK_ROWS = 8
OPTIONAL_ROWS = 2  # the progress line and "next"


class FaceLayout(NamedTuple):
    clock: int  # rows of the big digits
    side: int  # rows of the side word (0: the plan has no sides)
    how: int  # rows the how-to text may take (0: hidden)
    next: bool  # the "Next:" line shows
    progress: bool  # the progress line shows


def face_layout(rows: int, *, sides: bool, reason: bool) -> FaceLayout:
    """At least 45 % of the height for the clock from 30 rows, 8 rows below that; the side
    word a third of it; what does not fit then hides: the how-to text first, then "next",
    then the progress line."""
    fixed = FIXED_ROWS + (1 if reason else 0)
    least = math.ceil(0.45 * rows) if rows >= 30 else MIN_CLOCK_ROWS
    side = max(SIDE_ROWS, least // 3) if sides else 0
    clock = max(least, min(math.ceil(0.5 * rows), rows - fixed - side - OPTIONAL_ROWS))
    room = rows - fixed - side - clock
    how = room - OPTIONAL_ROWS - 1 if room >= OPTIONAL_ROWS + 2 else 0  # 1: its margin above
    return FaceLayout(clock, side, how, room >= 2, room >= 1)


def reflow(text: str) -> str:
    """Join the lines of each paragraph so the text wraps to the screen, not the file."""
    paragraphs = [
        " ".join(line.strip() for line in part.splitlines() if line.strip())
        for part in text.strip().split("\n\n")
    ]
    return "\n\n".join(p for p in paragraphs if p)


MIN_SLEEP = 0.01  # real seconds: never a busier alarm than this (a sped-up clock in tests)
WAKE_MARGIN = 0.0005  # real seconds after the moment, so that the clock has passed it


def wake_delay(waits: list[float], scale: float) -> float:
    """Real seconds until the session screen looks at the clock again: the nearest of
    ``waits`` (clock units; ``scale`` of them a real second), just after it. The event
    loop wakes no earlier than asked (its timeout is rounded up to the millisecond), so
    a cue is at most about a millisecond late from the alarm (it was 2 ms)."""
    return max(MIN_SLEEP, min(waits) / scale + WAKE_MARGIN)


def to_next_second(remaining: float) -> float:
    """Clock units until ``clock(remaining)`` shows a different second."""
    fraction = remaining - math.floor(remaining)
    return fraction if fraction > 1e-6 else 1.0
