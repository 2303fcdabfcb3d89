"""Durations as people read them."""

from __future__ import annotations

import math


def clock(seconds: float) -> str:
    """``m:ss`` (or ``h:mm:ss``), rounding up so a countdown shows 0:01 until it ends."""
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed(seconds: float) -> str:
    """Like :func:`clock` but rounding down, for time already spent."""
    return clock(math.floor(max(0.0, seconds) + 1e-9))


def human(seconds: float) -> str:
    """``6 min 41 s``, ``45 s``, ``1 h 5 min``."""
    whole = round(max(0.0, seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"
