"""The session screen's share of rows, as plain arithmetic (tui/screens/session_layout.py)."""

from __future__ import annotations

import math

import pytest

from psoas_tui.tui.screens.session_layout import MIN_SLEEP, face_layout, wake_delay


@pytest.mark.parametrize("rows", [24, 30, 40, 48, 60])
def test_the_clock_takes_what_the_issue_asks_and_is_the_largest_part(rows: int) -> None:
    face = face_layout(rows, sides=True, reason=True)
    least = max(10, math.ceil(0.45 * rows)) if rows >= 30 else 8
    assert face.clock >= least
    assert face.clock > face.side


def test_what_does_not_fit_hides_how_to_first_then_next_then_progress() -> None:
    shown = [face_layout(rows, sides=True, reason=False) for rows in range(40, 20, -1)]
    order = [(face.how > 0, face.next, face.progress) for face in shown]
    # Going down in height, each part goes once and in this order, never coming back.
    assert order[0] == (True, True, True)
    assert order[-1] == (False, False, False)
    ranks = [sum(parts) for parts in order]
    assert ranks == sorted(ranks, reverse=True)
    assert all(not how or nxt for how, nxt, _ in order)  # how-to never without "next"
    assert all(not nxt or progress for _, nxt, progress in order)  # "next" never alone


def test_the_alarm_rings_just_after_the_next_moment_in_real_seconds() -> None:
    # A cue due in 0.25 s of routine time: the alarm, at most a millisecond after it.
    assert 0.25 < wake_delay([1.0, 0.25, 0.6], 1.0) <= 0.251
    # Twenty times faster (PSOAS_TIME_SCALE=20): 0.25 s of routine time is 12.5 ms.
    assert 0.0125 < wake_delay([0.25, 1.0], 20.0) <= 0.0135
    # Never busier than MIN_SLEEP: a moment already (or nearly) reached waits that long.
    assert wake_delay([0.0, 1.0], 1.0) == MIN_SLEEP
    assert wake_delay([0.25], 1000.0) == MIN_SLEEP
