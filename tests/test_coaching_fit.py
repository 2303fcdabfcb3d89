"""Fit a routine to a time budget (#17, docs/coaching.md): the rules, and their properties
over generated routines and budgets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_tui.coaching.fit import (
    DEFAULT_ESTIMATE,
    TOLERANCE,
    DroppedSets,
    DurationError,
    DurationProblem,
    FitOutcome,
    StepRef,
    fit_routine,
    parse_duration,
    planned_seconds,
)
from psoas_tui.plan import IntervalKind, build_plan
from psoas_tui.routine.load import load_routine, parse_routine
from psoas_tui.routine.model import Routine, SideOverride, StartSide, Step, StepKind

ROUTINES = Path(__file__).resolve().parent.parent / "psoas_tui" / "data" / "routines"


def routine_from(text: str, **flags: dict[str, object]) -> Routine:
    """A routine through the real loader; ``flags`` (by step name) set the coaching fields
    that the loader learns in a later wave."""
    result = parse_routine(text)
    assert result.routine is not None, result.problems
    steps = tuple(replace(s, **flags.get(s.name, {})) for s in result.routine.steps)  # type: ignore[arg-type]
    return replace(result.routine, steps=steps)


def bundled(slug: str) -> Routine:
    result = load_routine(ROUTINES / f"{slug}.toml", bundled=True)
    assert result.routine is not None, result.problems
    return result.routine


HEAD = 'schema = 1\nname = "Test"\n[defaults]\nget_ready = 5\nswitch = 5\nrest = 10\n'


def steps_named(routine: Routine) -> dict[str, Step]:
    return dict(_walk(routine.steps))


def _walk(steps: tuple[Step, ...]) -> Iterator[tuple[str, Step]]:
    for step in steps:
        yield step.name, step
        if step.kind is StepKind.BLOCK:
            yield from _walk(step.steps)


# -- the duration parser ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("8m", 480),
        ("5:30", 330),
        ("330s", 330),
        ("90", 90),
        ("8m30s", 510),
        ("8 min", 480),
        ("1.5m", 90),
        ("1h", 3600),
        ("1:05:00", 3900),
        (" 6M ", 360),
    ],
)
def test_a_budget_reads_minutes_clock_seconds_and_plain_numbers(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", DurationProblem.EMPTY),
        ("  ", DurationProblem.EMPTY),
        ("8x", DurationProblem.FORMAT),
        ("-5", DurationProblem.FORMAT),
        ("m", DurationProblem.FORMAT),
        ("30s8m", DurationProblem.FORMAT),
        ("8m8m", DurationProblem.FORMAT),
        ("5:3a", DurationProblem.FORMAT),
        ("1:2:3:4", DurationProblem.FORMAT),
        ("٨m", DurationProblem.FORMAT),
        ("5:75", DurationProblem.SECONDS),
        ("0", DurationProblem.ZERO),
        ("0:00", DurationProblem.ZERO),
        ("25h", DurationProblem.TOO_LONG),
    ],
)
def test_a_budget_that_cannot_be_read_says_which_problem(
    text: str, problem: DurationProblem
) -> None:
    with pytest.raises(DurationError) as raised:
        parse_duration(text)
    assert raised.value.problem is problem
    assert raised.value.text == text
    assert isinstance(raised.value, ValueError)


# -- the rules, one at a time -------------------------------------------------------------

STRETCHES = (
    HEAD
    + """
[[steps]]
name = "March"
kind = "timed"
duration = 60

[[steps]]
name = "Lunge stretch"
kind = "timed"
duration = 40
per_side = true

[[steps]]
name = "Knee drive"
kind = "reps"
reps = 10
tempo = 2
per_side = true
sets = 2
rest = 15

[[steps]]
name = "Breather"
kind = "rest"
duration = 20
"""
)


def stretches() -> Routine:
    return routine_from(STRETCHES, **{"Lunge stretch": {"stretch": True}})


def test_a_routine_fitted_to_its_own_length_is_unchanged_whatever_its_holds() -> None:
    long_hold = routine_from(
        STRETCHES,
        **{"Lunge stretch": {"stretch": True, "duration": 90}, "March": {"duration": 5}},
    )
    for routine in (bundled("pre-run-warm-up"), stretches(), long_hold):
        own = planned_seconds(routine).seconds
        fit = fit_routine(routine, round(own))
        assert fit.routine == routine
        assert fit.outcome is FitOutcome.FITTED
        assert fit.dropped_sets == fit.dropped_steps == ()


def test_shrinking_scales_stretch_and_other_holds_by_one_factor_and_keeps_reps() -> None:
    routine = stretches()
    written = planned_seconds(routine).seconds
    fit = fit_routine(routine, round(written - 60))
    assert fit.outcome is FitOutcome.FITTED
    assert abs(fit.seconds - (written - 60)) <= TOLERANCE
    assert fit.dropped_sets == fit.dropped_steps == ()
    steps = steps_named(fit.routine)
    assert 15 <= steps["Lunge stretch"].duration < 40  # type: ignore[operator]
    assert 30 <= steps["March"].duration < 60  # type: ignore[operator]
    # One factor for both: the same share of their written length, to a second.
    march, lunge = steps["March"].duration / 60, steps["Lunge stretch"].duration / 40  # type: ignore[operator]
    assert abs(march - lunge) <= 1 / 40 + 1 / 60
    assert steps["Knee drive"].reps == 10 and steps["Knee drive"].tempo == 2


def test_at_its_shortest_every_length_sits_on_its_floor() -> None:
    routine = stretches()
    fit = fit_routine(routine, 1)
    steps = steps_named(fit.routine)
    assert steps["Lunge stretch"].duration == 15  # stretch floor
    assert steps["March"].duration == 30  # half
    assert steps["Breather"].duration == 10  # half of 20, above the 5 s floor
    assert steps["Knee drive"].rest == 15  # the second set went: no rest left to shrink
    assert steps["Knee drive"].get_ready == 3  # half of 5 is below the 3 s floor
    assert steps["Knee drive"].switch == 3
    assert fit.outcome is FitOutcome.TOO_SHORT
    assert fit.seconds == fit.shortest
    assert fit.dropped_sets == (DroppedSets("3", "Knee drive", 2, 1),)


def test_a_hold_written_outside_the_bounds_never_moves_further_out() -> None:
    routine = routine_from(
        STRETCHES, **{"Lunge stretch": {"stretch": True, "duration": 90}, "March": {"duration": 10}}
    )
    shortest = steps_named(fit_routine(routine, 1).routine)
    assert shortest["Lunge stretch"].duration == 15
    longest = steps_named(fit_routine(routine, 100_000).routine)
    assert longest["Lunge stretch"].duration == 90  # above 60 already: not lengthened
    assert longest["March"].duration == 20


def test_a_longer_budget_lengthens_within_the_bounds_or_says_how_far_it_goes() -> None:
    routine = stretches()
    written = planned_seconds(routine).seconds
    fit = fit_routine(routine, round(written + 60))
    assert fit.outcome is FitOutcome.FITTED
    assert abs(fit.seconds - (written + 60)) <= TOLERANCE
    too_long = fit_routine(routine, round(written * 5))
    assert too_long.outcome is FitOutcome.TOO_LONG and not too_long.ok
    steps = steps_named(too_long.routine)
    assert steps["Lunge stretch"].duration == 60 and steps["March"].duration == 120
    assert too_long.seconds == too_long.longest < written * 5


def test_extra_sets_go_before_optional_steps_and_later_steps_go_first() -> None:
    text = HEAD + "".join(
        f'[[steps]]\nname = "{name}"\nkind = "reps"\nreps = 10\ntempo = 3\nsets = {sets}\n'
        for name, sets in (("A", 2), ("B", 1), ("C", 1), ("D", 3))
    )
    routine = routine_from(text, B={"optional": True}, C={"optional": True})
    written = planned_seconds(routine).seconds
    # Reps and tempo never change, so only drops can shrink this routine much.
    one_set = fit_routine(routine, round(written - 40))
    assert one_set.dropped_sets == (DroppedSets("4", "D", 3, 2),)
    assert one_set.dropped_steps == ()
    all_sets = fit_routine(routine, round(written - 120))
    assert all_sets.dropped_sets == (DroppedSets("1", "A", 2, 1), DroppedSets("4", "D", 3, 1))
    assert all_sets.dropped_steps == ()
    one_step = fit_routine(routine, round(written - 150))
    assert one_step.dropped_steps == (StepRef("3", "C"),)
    assert [s.name for s in one_step.routine.steps] == ["A", "B", "D"]
    both = fit_routine(routine, 1)
    assert both.dropped_steps == (StepRef("3", "C"), StepRef("2", "B"))
    assert [s.name for s in both.routine.steps] == ["A", "D"]
    assert both.outcome is FitOutcome.TOO_SHORT and both.seconds == both.shortest


def test_a_routine_of_only_optional_steps_keeps_one() -> None:
    text = HEAD + '[[steps]]\nname = "A"\nkind = "timed"\nduration = 30\n'
    text += '[[steps]]\nname = "B"\nkind = "timed"\nduration = 30\n'
    routine = routine_from(text, A={"optional": True}, B={"optional": True})
    fit = fit_routine(routine, 1)
    assert [s.name for s in fit.routine.steps] == ["A"]


def test_untimed_steps_count_at_their_estimate_and_the_fit_says_so() -> None:
    text = (
        HEAD
        + """
[[steps]]
name = "Hold"
kind = "timed"
duration = 60

[[steps]]
name = "Squats"
kind = "reps"
reps = 10

[[steps]]
name = "How tight?"
kind = "check"
per_side = true
question = "Tight?"
answers = ["no", "yes"]
"""
    )
    routine = routine_from(text, Squats={"estimate": 45})
    # The check counts 30 s a side, the squats 45 s.
    assert planned_seconds(routine).estimated == 45 + 2 * DEFAULT_ESTIMATE
    fit = fit_routine(routine, 200)
    assert fit.estimated and fit.estimated_seconds == 105
    plain = routine_from(text.split('[[steps]]\nname = "Squats"')[0])
    assert not fit_routine(plain, 60).estimated


def test_the_thomas_test_cannot_be_fitted_to_a_minute_and_gives_its_range() -> None:
    fit = fit_routine(bundled("thomas-test"), 10)
    assert fit.outcome is FitOutcome.TOO_SHORT and not fit.ok
    assert fit.shortest <= fit.longest
    assert fit.seconds == fit.shortest > 10


def test_the_pre_run_warm_up_fits_six_minutes() -> None:
    routine = bundled("pre-run-warm-up")
    fit = fit_routine(routine, 360)
    assert fit.ok and abs(fit.seconds - 360) <= TOLERANCE
    assert [s.name for s in fit.routine.steps] == [s.name for s in routine.steps]


def test_an_adjustment_comes_out_of_the_budget() -> None:
    routine = stretches()

    def plus_ten(r: Routine) -> Routine:
        return replace(r, steps=(*r.steps, Step("Extra", StepKind.REST, duration=10)))

    fit = fit_routine(routine, 400, adjust=plus_ten)
    assert abs(fit.seconds - 400) <= TOLERANCE
    assert fit.routine.steps[-1].name == "Extra"
    assert abs(planned_seconds(fit.routine).seconds - 400) <= TOLERANCE


# -- properties over generated routines and budgets ---------------------------------------


@st.composite
def exercise(draw: st.DrawFn) -> Step:
    kind = draw(st.sampled_from([StepKind.TIMED, StepKind.TIMED, StepKind.REPS, StepKind.CHECK]))
    per_side = draw(st.booleans())
    common = {
        "name": "step",
        "kind": kind,
        "per_side": per_side,
        "start_side": draw(st.sampled_from(list(StartSide))),
        "get_ready": draw(st.integers(0, 10)),
        "switch": draw(st.integers(0, 8)),
        "sets": draw(st.integers(1, 3)),
        "rest": draw(st.integers(0, 30)),
        "optional": draw(st.booleans()),
        "estimate": draw(st.one_of(st.none(), st.integers(5, 60))),
    }
    if kind is StepKind.TIMED:
        stretch = draw(st.booleans())
        right = SideOverride()
        if per_side and draw(st.integers(0, 3)) == 0:
            right = SideOverride(duration=draw(st.integers(5, 90)))
        return Step(duration=draw(st.integers(3, 120)), stretch=stretch, right=right, **common)  # type: ignore[arg-type]
    if kind is StepKind.REPS:
        tempo = draw(st.one_of(st.none(), st.sampled_from([0.5, 1.0, 2.5, 3.0])))
        return Step(reps=draw(st.integers(1, 15)), tempo=tempo, **common)  # type: ignore[arg-type]
    return Step(question="?", answers=("a", "b"), **common)  # type: ignore[arg-type]


@st.composite
def any_step(draw: st.DrawFn) -> Step:
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return Step("rest", StepKind.REST, duration=draw(st.integers(1, 90)))
    if choice == 1:
        return Step(
            "block",
            StepKind.BLOCK,
            rounds=draw(st.integers(1, 3)),
            rest=draw(st.integers(0, 30)),
            optional=draw(st.booleans()),
            steps=tuple(draw(st.lists(exercise(), min_size=1, max_size=3))),
        )
    return draw(exercise())


def _named(steps: list[Step]) -> Routine:
    """Every step gets a name of its own, so that a fitted step finds its written one."""
    names = (f"s{n}" for n in range(1000))

    def rename(step: Step) -> Step:
        inner = tuple(rename(s) for s in step.steps)
        return replace(step, name=next(names), steps=inner)

    return Routine("Generated", "generated", tuple(rename(s) for s in steps))


routines = st.builds(_named, st.lists(any_step(), min_size=1, max_size=6))
budgets = st.integers(10, 3000)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(routines)
def test_planned_seconds_are_the_plans_seconds_with_the_estimates(routine: Routine) -> None:
    plan = build_plan(routine)
    steps = steps_named(routine)
    estimates = sum(
        steps[i.step_name].estimate or DEFAULT_ESTIMATE for i in plan.intervals if not i.timed
    )
    planned = planned_seconds(routine)
    assert planned.estimated == estimates
    assert planned.seconds == pytest.approx(plan.total_seconds + estimates)


@FAST
@given(routines, budgets)
def test_the_total_is_within_bounds(routine: Routine, budget: int) -> None:
    fit = fit_routine(routine, budget)
    assert fit.shortest - 1e-6 <= fit.seconds <= fit.longest + 1e-6
    assert fit.seconds == pytest.approx(planned_seconds(fit.routine).seconds)
    if fit.outcome is FitOutcome.FITTED:
        assert abs(fit.seconds - budget) <= TOLERANCE
    if budget < fit.shortest - TOLERANCE:
        assert fit.outcome is FitOutcome.TOO_SHORT and fit.seconds == fit.shortest
    elif budget > fit.longest + TOLERANCE:
        assert fit.outcome is FitOutcome.TOO_LONG and fit.seconds == fit.longest
    else:
        assert fit.ok


@FAST
@given(routines, budgets)
def test_the_order_of_the_steps_is_kept(routine: Routine, budget: int) -> None:
    fitted = [name for name, _ in _walk(fit_routine(routine, budget).routine.steps)]
    written = [name for name, _ in _walk(routine.steps)]
    remaining = iter(written)
    assert all(name in remaining for name in fitted)  # a subsequence: only drops
    dropped = set(written) - set(fitted)
    assert _went_for_a_reason(routine.steps, dropped)


def _went_for_a_reason(steps: tuple[Step, ...], dropped: set[str]) -> bool:
    """Only optional steps go, and a block whose steps all went; a step inside a block
    that went goes with it."""
    for step in steps:
        if step.name in dropped:
            if step.optional:
                continue
            emptied = step.kind is StepKind.BLOCK and {s.name for s in step.steps} <= dropped
            if not (emptied and _went_for_a_reason(step.steps, dropped)):
                return False
        elif step.kind is StepKind.BLOCK and not _went_for_a_reason(step.steps, dropped):
            return False
    return True


@FAST
@given(routines, budgets)
def test_left_and_right_stay_paired(routine: Routine, budget: int) -> None:
    fitted = fit_routine(routine, budget).routine
    written = steps_named(routine)
    for interval_pair in _side_pairs(build_plan(fitted)):
        first, second = interval_pair
        assert {first.side, second.side} == {"left", "right"}
        assert first.step_name == second.step_name and first.set == second.set
    for name, step in steps_named(fitted).items():
        if step.per_side and step.kind is StepKind.TIMED:
            before = written[name]
            if before.duration_for("left") == before.duration_for("right"):
                assert step.duration_for("left") == step.duration_for("right")


def _side_pairs(plan: object) -> Iterator[tuple[object, object]]:
    work = [
        i
        for i in plan.intervals  # type: ignore[attr-defined]
        if i.side is not None
        and i.kind in (IntervalKind.WORK, IntervalKind.REPS, IntervalKind.CHECK)
    ]
    assert len(work) % 2 == 0
    return zip(work[::2], work[1::2], strict=True)  # type: ignore[return-value]


def _within(value: int | None, written: int | None, low: float, high: float) -> bool:
    assert value is not None and written is not None
    return min(written, low) <= value <= max(written, high)


@FAST
@given(routines, budgets)
def test_changed_lengths_are_within_their_limits(routine: Routine, budget: int) -> None:
    written = steps_named(routine)
    for name, step in steps_named(fit_routine(routine, budget).routine).items():
        before = written[name]
        assert (step.reps, step.tempo, step.left.reps, step.right.reps) == (
            before.reps,
            before.tempo,
            before.left.reps,
            before.right.reps,
        )
        assert step.sets <= before.sets and step.rounds <= before.rounds
        if step.kind is StepKind.REST:
            assert _within(
                step.duration, before.duration, max(5, before.duration / 2), 2 * before.duration
            )  # type: ignore[operator]
            continue
        if step.rest != before.rest:
            assert _within(step.rest, before.rest, max(5, before.rest / 2), 2 * before.rest)
        for cue in ("get_ready", "switch"):
            now, was = getattr(step, cue), getattr(before, cue)
            if now != was:
                assert _within(now, was, max(3, was / 2), 2 * was)
        if step.kind is StepKind.TIMED:
            for side in ("left", "right"):
                now, was = step.duration_for(side), before.duration_for(side)  # type: ignore[arg-type]
                if now == was:
                    continue
                if step.stretch:
                    assert _within(now, was, 15, 60)
                    if 15 <= was <= 60:  # type: ignore[operator]
                        assert 15 <= now <= 60  # type: ignore[operator]
                else:
                    assert _within(now, was, was / 2, 2 * was)  # type: ignore[operator]


@FAST
@given(routines)
def test_fitting_to_its_own_length_changes_nothing(routine: Routine) -> None:
    own = planned_seconds(routine).seconds
    for budget in (round(own), round(own) - TOLERANCE + 1, round(own) + TOLERANCE - 1):
        fit = fit_routine(routine, max(budget, 1))
        if abs(own - budget) <= TOLERANCE:
            assert fit.routine == routine
            assert fit.factor == 1.0


def test_coaching_is_pure_it_imports_only_the_routine_model_and_the_plan() -> None:
    from test_layers import PACKAGE, imports_of

    allowed = ("psoas_tui.coaching", "psoas_tui.routine.model", "psoas_tui.plan")
    heavy = ("textual", "rich", "sqlite3", "miniaudio", "time", "os", "pathlib", "psoas_tui")
    offenders = [
        f"{path.name}:{line}: imports {module}"
        for path in sorted((PACKAGE / "coaching").glob("*.py"))
        for line, module in imports_of(path)
        if any(module == h or module.startswith(h + ".") for h in heavy)
        and not any(module == a or module.startswith(a + ".") for a in allowed)
    ]
    assert offenders == []
