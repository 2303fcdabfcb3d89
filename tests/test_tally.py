"""The summary's tally counts each planned interval once, however often it was visited."""

from __future__ import annotations

from test_session_support import FakeClock, check, plan_of, timed

from psoas_tui.session import Session
from psoas_tui.tally import Tally


def test_stepping_back_and_redoing_counts_each_interval_once() -> None:
    clock = FakeClock()
    plan = plan_of(timed("A", 10), timed("B", 10), timed("C", 10))
    session = Session(plan, clock)
    tally = Tally()
    session.subscribe(tally)
    session.start()
    clock.advance(10)
    session.tick()  # A done, B running
    clock.advance(3)
    session.back()  # B left (skipped), A again
    session.back()  # A left again, A restarts (first interval)
    clock.advance(10)
    session.tick()  # A done again
    clock.advance(10)
    session.tick()  # B done
    session.skip()  # C skipped
    assert tally.ended and tally.finished
    assert (tally.done, tally.skipped) == (2, 1)


def test_a_check_keeps_its_last_answer() -> None:
    clock = FakeClock()
    plan = plan_of(check(), timed("A", 5))
    session = Session(plan, clock)
    tally = Tally()
    session.subscribe(tally)
    session.start()
    session.answer(0)
    session.back()  # back to the check: answer it again
    session.answer(1)
    clock.advance(5)
    session.tick()
    assert [c.answer for c in tally.checks] == ["tight"]
    assert (tally.done, tally.skipped) == (2, 0)
