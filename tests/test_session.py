"""The engine under a fake clock: every control, every interval kind, suspend and drift."""

from __future__ import annotations

import random

import pytest

from psoas_tui.plan import IntervalKind
from psoas_tui.routine.model import StartSide
from psoas_tui.session import (
    CheckNeeded,
    Countdown,
    Halfway,
    IntervalEnded,
    IntervalStarted,
    Paused,
    RepTick,
    Resumed,
    Session,
    SessionAbandoned,
    SessionFinished,
    SessionStarted,
    State,
    SwitchSides,
    WaitingForDone,
)
from tests.test_session_support import (
    FakeClock,
    Recorder,
    block,
    check,
    plan_of,
    reps,
    rest,
    run_until,
    side_step,
    timed,
)

T0 = 1000.0


def make(*steps, first="left", **kw):  # type: ignore[no-untyped-def]
    clock = FakeClock(T0)
    session = Session(plan_of(*steps, first=first), clock, **kw)
    return session, clock, Recorder(session)


def test_timed_hold_emits_every_event_in_order_with_its_due_time() -> None:
    session, clock, rec = make(timed(duration=40, get_ready=5))
    session.start()
    run_until(session, clock, T0 + 50)
    got = [(type(e).__name__, round(e.due - T0, 6)) for e in rec.events]
    assert got == [
        ("SessionStarted", 0.0),
        ("IntervalStarted", 0.0),
        ("Countdown", 2.0),
        ("Countdown", 3.0),
        ("Countdown", 4.0),
        ("IntervalEnded", 5.0),
        ("IntervalStarted", 5.0),
        ("Halfway", 25.0),
        ("Countdown", 42.0),
        ("Countdown", 43.0),
        ("Countdown", 44.0),
        ("IntervalEnded", 45.0),
        ("SessionFinished", 45.0),
    ]
    assert [c.remaining for c in rec.of(Countdown)] == [3, 2, 1, 3, 2, 1]
    assert session.state is State.FINISHED
    assert [e.actual for e in rec.of(IntervalEnded)] == [5.0, 40.0]


def test_a_late_tick_skips_nothing_and_invents_nothing() -> None:
    steps = (timed(duration=40, get_ready=5), reps(count=3, tempo=2.0), timed(duration=10))
    fine, fine_clock, fine_rec = make(*steps)
    fine.start()
    run_until(fine, fine_clock, T0 + 200, step=0.05)
    late, late_clock, late_rec = make(*steps)
    late.start()
    late_clock.advance(33.3)  # one tick in the middle of the hold
    late.tick()
    late_clock.advance(500)  # and one long after the end
    late.tick()

    def stream(rec: Recorder) -> list[tuple[str, float]]:
        return [(type(e).__name__, round(e.due, 6)) for e in rec.events]

    assert stream(late_rec) == stream(fine_rec)
    finished = late_rec.of(SessionFinished)[0]
    assert finished.active == pytest.approx(5 + 40 + 6 + 10)
    assert late.status().active == finished.active  # frozen at the end


def test_remaining_comes_from_the_clock_not_from_ticks() -> None:
    session, clock, _ = make(timed(duration=40))
    session.start()
    clock.advance(12.5)  # no tick at all
    status = session.status()
    assert status.remaining == pytest.approx(27.5)
    assert status.interval_elapsed == pytest.approx(12.5)
    assert status.active == pytest.approx(12.5)
    assert session.next_due() == pytest.approx(T0 + 20)  # the halfway cue


def test_pause_stops_time_and_shifts_every_due() -> None:
    session, clock, rec = make(timed(duration=40))
    session.start()
    run_until(session, clock, T0 + 10)
    session.pause()
    assert session.state is State.PAUSED and session.pause_reason == "user"
    clock.advance(300)
    session.tick()
    assert session.next_due() is None
    assert session.status().remaining == pytest.approx(30)
    assert session.status().active == pytest.approx(10)
    session.toggle_pause()
    assert session.state is State.RUNNING
    run_until(session, clock, T0 + 400)
    resumed = rec.of(Resumed)[0]
    assert resumed.paused_for == pytest.approx(300)
    assert rec.of(Paused)[0].due == pytest.approx(T0 + 10)
    assert rec.of(Halfway)[0].due == pytest.approx(T0 + 320)
    ended = rec.of(IntervalEnded)[0]
    assert ended.actual == pytest.approx(40) and ended.due == pytest.approx(T0 + 340)
    assert rec.of(SessionFinished)[0].active == pytest.approx(40)


def test_pause_and_resume_twice_is_harmless() -> None:
    session, clock, rec = make(timed(duration=10))
    session.start()
    assert session.resume() == []  # not paused: nothing happens
    session.pause()
    assert session.pause() == []
    clock.advance(5)
    session.resume()
    assert len(rec.of(Paused)) == 1 and len(rec.of(Resumed)) == 1


def test_skip_ends_the_interval_where_it_is_and_the_next_starts_there() -> None:
    session, clock, rec = make(timed(duration=40), timed("Second", duration=20))
    session.start()
    run_until(session, clock, T0 + 7)
    session.skip()
    first = rec.of(IntervalEnded)[0]
    assert first.skipped and first.actual == pytest.approx(7)
    second = rec.of(IntervalStarted)[1]
    assert second.interval.step_name == "Second" and second.offset == pytest.approx(7)
    run_until(session, clock, T0 + 100)
    assert rec.of(SessionFinished)[0].active == pytest.approx(27)
    assert not rec.of(Halfway)  # the skipped hold never reached its halfway


def test_skip_while_paused_keeps_the_session_paused() -> None:
    session, clock, rec = make(timed(duration=40), timed("Second", duration=20))
    session.start()
    clock.advance(5)
    session.pause()
    clock.advance(60)
    session.skip()
    assert session.state is State.PAUSED
    assert session.current is not None and session.current.step_name == "Second"
    assert rec.of(IntervalEnded)[0].actual == pytest.approx(5)
    session.resume()
    run_until(session, clock, clock.now + 30)
    assert rec.of(SessionFinished)[0].active == pytest.approx(25)


def test_back_goes_to_the_previous_interval_and_counts_all_time_spent() -> None:
    session, clock, rec = make(timed("One", duration=10), timed("Two", duration=10))
    session.start()
    run_until(session, clock, T0 + 14)
    session.back()
    assert session.current is not None and session.current.step_name == "One"
    ended = rec.of(IntervalEnded)
    assert [(e.interval.step_name, e.skipped, e.actual) for e in ended] == [
        ("One", False, 10.0),
        ("Two", True, pytest.approx(4.0)),
    ]
    run_until(session, clock, T0 + 100)
    labels = [e.interval.step_name for e in rec.of(IntervalStarted)]
    assert labels == ["One", "Two", "One", "Two"]
    total = sum(e.actual for e in rec.of(IntervalEnded))
    assert total == pytest.approx(rec.of(SessionFinished)[0].active) == pytest.approx(34)


def test_back_on_the_first_interval_starts_it_again() -> None:
    session, clock, rec = make(timed("One", duration=10))
    session.start()
    clock.advance(3)
    session.back()
    assert session.current is not None and session.current.index == 0
    assert session.status().remaining == pytest.approx(10)
    assert rec.of(IntervalEnded)[0].skipped


def test_restart_begins_the_time_again_and_keeps_what_was_spent() -> None:
    session, clock, rec = make(timed(duration=10))
    session.start()
    run_until(session, clock, T0 + 8)  # countdown 3 and 2 fired
    session.restart()
    again = rec.of(IntervalStarted)[-1]
    assert again.restarted and again.offset == pytest.approx(8)
    assert session.status().remaining == pytest.approx(10)
    run_until(session, clock, T0 + 30)
    ended = rec.of(IntervalEnded)
    assert len(ended) == 1
    assert ended[0].actual == pytest.approx(18) and ended[0].started_at == 0.0
    assert [c.remaining for c in rec.of(Countdown)] == [3, 2, 3, 2, 1]


def test_extend_adds_ten_seconds_and_moves_the_countdown() -> None:
    session, clock, rec = make(timed(duration=10))
    session.start()
    run_until(session, clock, T0 + 8.5)
    session.extend()
    assert session.status().remaining == pytest.approx(11.5)
    run_until(session, clock, T0 + 40)
    ended = rec.of(IntervalEnded)[0]
    assert ended.extended == 10 and ended.actual == pytest.approx(20)
    assert [round(c.due - T0, 6) for c in rec.of(Countdown)] == [7, 8, 17, 18, 19]


def test_extend_does_nothing_to_an_untimed_interval() -> None:
    session, clock, rec = make(reps(tempo=None))
    session.start()
    session.extend()
    clock.advance(100)
    session.tick()
    assert session.state is State.RUNNING and not rec.of(IntervalEnded)


def test_untimed_reps_wait_for_done() -> None:
    session, clock, rec = make(reps(count=10, tempo=None), timed(duration=5))
    session.start()
    assert isinstance(rec.events[2], WaitingForDone)
    assert session.next_due() is None and session.status().waiting
    clock.advance(3600)
    session.tick()
    assert session.current is not None and session.current.kind is IntervalKind.REPS
    session.done()
    ended = rec.of(IntervalEnded)[0]
    assert not ended.skipped and ended.actual == pytest.approx(3600)
    assert session.current is not None and session.current.kind is IntervalKind.WORK


def test_done_does_nothing_to_a_timed_interval() -> None:
    session, clock, rec = make(timed(duration=10))
    session.start()
    clock.advance(1)
    session.done()
    assert not rec.of(IntervalEnded)


def test_tempo_reps_tick_at_the_tempo() -> None:
    session, clock, rec = make(reps(count=4, tempo=2.5))
    session.start()
    run_until(session, clock, T0 + 20, step=0.3)
    ticks = rec.of(RepTick)
    assert [t.rep for t in ticks] == [1, 2, 3, 4]
    assert [round(t.due - T0, 6) for t in ticks] == [0, 2.5, 5, 7.5]
    assert rec.of(IntervalEnded)[0].actual == pytest.approx(10)


@pytest.mark.parametrize("choice, text", [(0, "fine"), (1, "tight"), (None, None)])
def test_a_check_waits_for_an_answer(choice: int | None, text: str | None) -> None:
    session, clock, rec = make(check(), timed(duration=5))
    session.start()
    assert isinstance(rec.events[2], CheckNeeded)
    assert session.next_due() is None
    clock.advance(4)
    assert session.answer(5) == []  # out of range: ignored
    session.answer(choice)
    ended = rec.of(IntervalEnded)[0]
    assert ended.answer == text and ended.skipped == (choice is None)
    assert session.answers == {0: text}


def test_skip_leaves_a_check_unanswered() -> None:
    session, _, rec = make(check(), timed(duration=5))
    session.start()
    session.skip()
    assert rec.of(IntervalEnded)[0].answer is None and session.answers == {0: None}


def test_quit_abandons_and_keeps_what_was_done() -> None:
    session, clock, rec = make(timed(duration=10), timed("Two", duration=10))
    session.start()
    run_until(session, clock, T0 + 13)
    session.pause()
    clock.advance(50)
    session.quit()
    assert session.state is State.ABANDONED
    ended = rec.of(IntervalEnded)
    assert [(e.actual, e.skipped) for e in ended] == [(10, False), (pytest.approx(3), True)]
    abandoned = rec.of(SessionAbandoned)[0]
    assert abandoned.active == pytest.approx(13)
    clock.advance(50)
    for control in (session.tick, session.skip, session.back, session.resume, session.quit):
        assert control() == []
    assert session.status().active == pytest.approx(13)


def test_switch_sides_and_the_order_of_sides() -> None:
    session, clock, rec = make(side_step(duration=20, start=StartSide.RIGHT))
    session.start()
    run_until(session, clock, T0 + 60)
    started = rec.of(IntervalStarted)
    assert [(e.interval.kind, e.interval.side) for e in started] == [
        (IntervalKind.WORK, "right"),
        (IntervalKind.SWITCH, "left"),
        (IntervalKind.WORK, "left"),
    ]
    switch = rec.of(SwitchSides)[0]
    assert switch.interval.side == "left" and switch.due == pytest.approx(T0 + 20)
    assert rec.events.index(switch) == rec.events.index(started[1]) + 1
    assert [e.actual for e in rec.of(IntervalEnded)] == [20, 5, 20]


@pytest.mark.parametrize("first", ["left", "right"])
def test_alternate_sides_start_where_the_plan_says(first: str) -> None:
    session, _, rec = make(side_step(start=StartSide.ALTERNATE), first=first)
    session.start()
    assert rec.of(IntervalStarted)[0].interval.side == first


def test_rest_between_rounds_of_a_block_and_next_interval() -> None:
    session, clock, rec = make(block(timed(duration=5), rounds=2, rest_between=10), rest(7))
    session.start()
    run_until(session, clock, T0 + 100)
    started = rec.of(IntervalStarted)
    assert [e.interval.kind for e in started] == [
        IntervalKind.WORK,
        IntervalKind.REST,
        IntervalKind.WORK,
        IntervalKind.REST,
    ]
    assert [e.next.kind if e.next else None for e in started] == [
        IntervalKind.REST,
        IntervalKind.WORK,
        IntervalKind.REST,
        None,
    ]
    assert rec.of(SessionFinished)[0].active == pytest.approx(5 + 10 + 5 + 7)


def test_halfway_only_for_long_holds() -> None:
    session, clock, rec = make(timed(duration=29), timed(duration=30))
    session.start()
    run_until(session, clock, T0 + 100)
    assert [h.interval.index for h in rec.of(Halfway)] == [1]


def test_a_long_gap_pauses_at_the_last_tick_and_counts_none_of_it() -> None:
    session, clock, rec = make(timed(duration=40), timed("Two", duration=20), suspend_gap=5.0)
    session.start()
    run_until(session, clock, T0 + 12)
    clock.advance(2 * 3600)  # the lid was closed for two hours
    session.tick()
    assert session.state is State.PAUSED and session.pause_reason == "suspend"
    paused = rec.of(Paused)[0]
    assert paused.reason == "suspend" and paused.due == pytest.approx(T0 + 12)
    assert session.status().active == pytest.approx(12)
    assert session.status().remaining == pytest.approx(28)
    assert not rec.of(Halfway)  # nothing fired during the sleep
    session.resume()
    assert rec.of(Resumed)[0].paused_for == pytest.approx(7200)
    run_until(session, clock, clock.now + 100)
    assert [e.actual for e in rec.of(IntervalEnded)] == [pytest.approx(40), pytest.approx(20)]
    assert rec.of(SessionFinished)[0].active == pytest.approx(60)
    halfway = rec.of(Halfway)[0]
    assert halfway.due == pytest.approx(T0 + 7200 + 20)


def test_a_control_after_a_gap_sees_the_gap_too() -> None:
    session, clock, rec = make(timed(duration=40), suspend_gap=5.0)
    session.start()
    clock.advance(3)
    session.tick()
    clock.advance(600)
    session.toggle_pause()  # the first key after waking
    assert session.state is State.PAUSED and session.pause_reason == "suspend"
    assert session.status().active == pytest.approx(3)
    assert len(rec.of(Paused)) == 1


def test_suspend_pauses_as_of_the_given_time() -> None:
    session, clock, rec = make(timed(duration=40))
    session.start()
    clock.advance(2)
    session.tick()
    clock.advance(4)  # stopped (Ctrl-Z) 4 s after the last tick, back much later
    stopped_at = clock.now
    clock.advance(100)
    session.suspend(stopped_at)
    assert rec.of(Paused)[0].due == pytest.approx(stopped_at)
    assert session.status().active == pytest.approx(6)
    assert session.suspend() == []  # already paused


def test_events_before_a_suspend_fire_before_the_pause() -> None:
    session, clock, rec = make(timed(duration=10), suspend_gap=5.0)
    session.start()
    clock.advance(4.9)
    session.tick()
    clock.advance(100)
    session.tick()
    # countdowns due at 7, 8, 9 had not come due by the last tick (4.9): none fired
    assert rec.names()[-1] == "Paused" and not rec.of(Countdown)


def test_start_twice_and_controls_before_start() -> None:
    session, _, rec = make(timed(duration=10))
    for control in (session.tick, session.skip, session.pause, session.quit, session.done):
        assert control() == []
    session.start()
    assert session.start() == []
    assert isinstance(rec.events[0], SessionStarted) and len(rec.of(SessionStarted)) == 1


def test_an_empty_plan_is_refused() -> None:
    from psoas_tui.plan import Plan

    with pytest.raises(ValueError):
        Session(Plan(plan_of(timed()).routine, (), "left"), FakeClock())


def test_sixty_minutes_under_a_jittery_clock_end_with_zero_drift() -> None:
    hold = timed("Hold", duration=45, get_ready=5, per_side=True, switch=5, sets=3, rest=20)
    lunges = reps("Lunges", count=12, tempo=2.5, per_side=True, switch=5, get_ready=5)
    unit = block(hold, lunges, rounds=9, rest_between=0)
    plan = plan_of(unit)
    assert plan.total_seconds == 3600
    clock = FakeClock(T0)
    session = Session(plan, clock, suspend_gap=5.0)
    rec = Recorder(session)
    rng = random.Random(7)
    session.start()
    last_due = T0
    while session.state is State.RUNNING:
        clock.advance(rng.uniform(0.05, 1.5))
        for event in session.tick():
            assert event.due <= clock.now + 1e-6
            assert event.due >= last_due - 1e-6
            last_due = event.due
    finished = rec.of(SessionFinished)[0]
    assert finished.active == 3600.0  # exactly, not approximately
    assert finished.due == T0 + 3600.0
    assert sum(e.actual for e in rec.of(IntervalEnded)) == pytest.approx(3600, abs=1e-6)
    assert len(rec.of(IntervalStarted)) == len(rec.of(IntervalEnded)) == len(plan.intervals)


def test_sleeping_until_next_due_is_not_taken_for_a_suspend() -> None:
    session, clock, rec = make(timed(duration=40), suspend_gap=5.0)
    session.start()
    while session.state is State.RUNNING:
        due = session.next_due()
        assert due is not None
        clock.advance(due - clock.now + 0.01)  # 20 s to the halfway, then to the countdown
        session.tick()
    assert not rec.of(Paused)
    assert rec.of(SessionFinished)[0].active == pytest.approx(40)
    # but a jump well past the next due time is a suspend
    session, clock, rec = make(timed(duration=40), suspend_gap=5.0)
    session.start()
    clock.advance(26)  # 6 s past the halfway due at 20
    session.tick()
    assert [p.reason for p in rec.of(Paused)] == ["suspend"]
    assert session.status().active == 0.0


def test_a_failing_listener_does_not_keep_events_from_the_others() -> None:
    session, clock, rec = make(timed(duration=10), timed("Two", duration=10))
    calls: list[str] = []

    def broken(event: object) -> None:
        calls.append(type(event).__name__)
        raise OSError("the reader went away")

    session.subscribe(broken)
    after = Recorder(session)  # subscribed after the broken one
    with pytest.raises(OSError):
        session.start()
    assert after.names() == rec.names() == ["SessionStarted", "IntervalStarted"]
    assert calls == after.names()
    clock.advance(11)
    with pytest.raises(OSError):
        session.tick()
    assert after.names() == rec.names() and len(after.events) == 7
    assert session.state is State.RUNNING and session.current is not None


def test_pause_resume_and_abandon_name_the_interval() -> None:
    session, clock, rec = make(timed("One", duration=10), timed("Two", duration=10))
    session.start()
    clock.advance(12)
    session.pause()
    session.resume()
    session.quit()
    assert rec.of(Paused)[0].interval == rec.of(Resumed)[0].interval == session.plan.intervals[1]
    assert rec.of(SessionAbandoned)[0].interval == session.plan.intervals[1]


def done_and_left(session: Session) -> tuple[float, float]:
    status = session.status()
    return status.done, status.planned_remaining


def test_after_restart_done_and_left_still_add_up_to_the_plan() -> None:
    session, clock, _ = make(timed(duration=10), timed("Two", duration=20))
    session.start()
    run_until(session, clock, T0 + 14)  # 4 s into the second hold
    assert done_and_left(session) == (pytest.approx(14), pytest.approx(16))
    session.restart()
    assert done_and_left(session) == (pytest.approx(10), pytest.approx(20))
    run_until(session, clock, T0 + 19)
    done, left = done_and_left(session)
    assert done + left == pytest.approx(30) and done == pytest.approx(15)
    assert session.status().active == pytest.approx(19)  # the time spent still counts


def test_done_and_left_add_up_after_back_skip_and_extend_and_freeze_at_the_end() -> None:
    session, clock, _ = make(timed(duration=10), timed("Two", duration=20), check())
    session.start()
    run_until(session, clock, T0 + 12)
    session.back()
    assert sum(done_and_left(session)) == pytest.approx(30)
    session.skip()
    assert done_and_left(session) == (pytest.approx(10), pytest.approx(20))
    session.extend()
    assert sum(done_and_left(session)) == pytest.approx(40)  # the plan and the extension
    session.skip()
    assert done_and_left(session) == (pytest.approx(30), 0.0)  # a check adds no seconds
    clock.advance(5)
    session.quit()
    clock.advance(5)
    assert done_and_left(session) == (pytest.approx(30), 0.0)


def test_time_waiting_on_a_question_is_not_active_time() -> None:
    session, clock, rec = make(timed(duration=10), check(), reps(count=5, tempo=None))
    session.start()
    run_until(session, clock, T0 + 10)
    clock.advance(30)  # thinking about the answer
    assert session.status().active == pytest.approx(10)
    session.restart()  # the question again: still waiting
    clock.advance(10)
    session.answer(0)
    assert session.status().active == pytest.approx(10)
    clock.advance(25)  # an untimed set: exercising
    assert session.status().active == pytest.approx(35)
    session.done()
    finished = rec.of(SessionFinished)[0]
    assert finished.active == pytest.approx(35)
    assert rec.of(IntervalEnded)[1].actual == pytest.approx(40)  # the check, as waited


def test_time_waiting_on_a_question_is_not_active_when_abandoned_there() -> None:
    session, clock, rec = make(timed(duration=10), check())
    session.start()
    run_until(session, clock, T0 + 10)
    clock.advance(30)
    session.quit()
    assert rec.of(SessionAbandoned)[0].active == pytest.approx(10)
    assert session.status().active == pytest.approx(10)


def test_a_check_gets_a_get_ready_only_when_its_step_sets_one() -> None:
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.load import parse_routine

    text = """
name = "Checks"
[defaults]
get_ready = 7

[[steps]]
name = "Lie down"
kind = "check"
question = "Ready?"
answers = ["yes", "no"]
get_ready = 10

[[steps]]
name = "Any pain?"
kind = "check"
question = "Pain?"
answers = ["no", "yes"]

[[steps]]
name = "Hold"
duration = 20
"""
    result = parse_routine(text, source="checks.toml")
    assert result.routine is not None, result.problems
    kinds = [(i.kind, i.duration) for i in build_plan(result.routine).intervals]
    assert kinds == [
        (IntervalKind.GET_READY, 10),
        (IntervalKind.CHECK, None),
        (IntervalKind.CHECK, None),  # no get-ready: the default is not for questions
        (IntervalKind.GET_READY, 7),
        (IntervalKind.WORK, 20),
    ]


def test_the_bundled_thomas_test_gets_ready_for_the_test_only() -> None:
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.catalog import bundled_entries

    entry = next(e for e in bundled_entries() if e.slug == "thomas-test")
    assert entry.result.routine is not None
    plan = build_plan(entry.result.routine)
    assert [(i.kind, i.step_name, i.duration) for i in plan.intervals] == [
        (IntervalKind.GET_READY, "Thomas test", 10),
        (IntervalKind.CHECK, "Thomas test", None),
        (IntervalKind.SWITCH, "Thomas test", 5),
        (IntervalKind.CHECK, "Thomas test", None),
        (IntervalKind.CHECK, "Any pain?", None),
    ]
