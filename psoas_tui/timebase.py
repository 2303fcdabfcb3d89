"""The session clock: monotonic seconds that keep counting while the machine sleeps.

On Linux ``time.monotonic()`` (CLOCK_MONOTONIC) stops while the machine is
suspended, so a laptop that sleeps mid-hold would wake with the hold carrying on as if no
time had passed, and the engine could never notice. :func:`base_clock` therefore reads
CLOCK_BOOTTIME, which is monotonic too but keeps counting through suspend, so a sleep
shows up as a gap between two ticks and the engine's ``suspend_gap`` pauses the session
as of the last tick, counting none of the sleep. On macOS ``clock_gettime(CLOCK_MONOTONIC)``
counts sleep as well (unlike ``time.monotonic()`` there); elsewhere it falls back to
``time.monotonic()``. :func:`scaled_clock` runs that clock ``PSOAS_TIME_SCALE`` times
faster; the plain runner and the TUI both use it.

Names: this module is the time base; a ``clock`` anywhere in psoas is the callable that
returns these seconds (``Clock = Callable[[], float]``), never a module or a formatter.

A module of its own (no psoas imports) so that the TUI can make its clock without loading
the plain runner or the engine before its first frame.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

__all__ = ["base_clock", "scaled_clock"]


def _clock_id() -> int | None:
    """The clock_gettime id that keeps counting through suspend, if this system has one."""
    if sys.platform.startswith("linux") and hasattr(time, "CLOCK_BOOTTIME"):
        try:
            time.clock_gettime(time.CLOCK_BOOTTIME)
        except OSError:  # a kernel too old for it
            return None
        return int(time.CLOCK_BOOTTIME)
    if sys.platform == "darwin" and hasattr(time, "CLOCK_MONOTONIC"):
        return int(time.CLOCK_MONOTONIC)
    return None


def base_clock() -> Callable[[], float]:
    """Monotonic seconds that keep counting while the machine sleeps (see the module doc)."""
    clock_id = _clock_id()
    if clock_id is None:
        return time.monotonic
    return lambda: time.clock_gettime(clock_id)


def scaled_clock(scale: float) -> Callable[[], float]:
    """Routine seconds: :func:`base_clock`, ``scale`` times faster (PSOAS_TIME_SCALE).

    A scaled clock counts from zero at its creation so that large scales keep their
    precision."""
    base = base_clock()
    if scale == 1.0:
        return base
    origin = base()
    return lambda: (base() - origin) * scale
