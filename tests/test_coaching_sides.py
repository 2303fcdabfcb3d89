"""The tight side (#17, docs/coaching.md): which side is tight, and the longer hold it gets."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psoas_tui.coaching.adapt import adapt
from psoas_tui.coaching.fit import TOLERANCE, fit_routine, planned_seconds
from psoas_tui.coaching.sides import (
    Asymmetry,
    Hold,
    NoExtra,
    SideResult,
    check_result,
    decide_extra,
    longer_hold,
    measured_side,
    rating_result,
    tight_holds,
    tight_side,
    with_extra,
)
from psoas_tui.plan import IntervalKind, build_plan
from psoas_tui.routine.model import Routine, Side, Step, StepKind
from tests.test_coaching_fit import HEAD, bundled, routine_from, steps_named

NOV_26 = datetime(2026, 11, 26, 7, 15)
NO, A_LITTLE, CLEARLY = 0, 1, 2  # the bundled Thomas test's answers, by index


def thomas() -> Step:
    """The bundled Thomas test, with the keys the loader learns in a later wave."""
    step = bundled("thomas-test").steps[0]
    return replace(step, measures="tightness", scores=(0, 1, 2), about="other")


def thomas_test(when: datetime, left_knee: int, right_knee: int) -> list[SideResult]:
    """One Thomas test: the answer while the left knee was held, then the right."""
    step = thomas()
    results = [
        check_result(step, "left", left_knee, when),
        check_result(step, "right", right_knee, when),
    ]
    assert None not in results
    return results  # type: ignore[return-value]


# -- which side an answer is about --------------------------------------------------------


def test_clearly_during_the_left_knee_interval_scores_the_right_side() -> None:
    result = check_result(thomas(), "left", CLEARLY, NOV_26)
    assert result == SideResult(NOV_26, "right", 2.0, "check", "Thomas test")
    assert measured_side(thomas(), "right") == "left"


def test_an_answer_about_the_same_side_scores_that_side() -> None:
    step = replace(thomas(), about="same")
    assert check_result(step, "left", A_LITTLE, NOV_26) == SideResult(
        NOV_26, "left", 1.0, "check", "Thomas test"
    )


def test_a_check_that_measures_nothing_or_an_answer_without_score_gives_no_result() -> None:
    assert check_result(replace(thomas(), measures=None), "left", CLEARLY, NOV_26) is None
    assert check_result(thomas(), "left", 3, NOV_26) is None
    assert check_result(thomas(), None, CLEARLY, NOV_26) is None


def test_end_of_session_tightness_counts_a_fifth() -> None:
    assert rating_result(NOV_26, "left", 10).value == 2.0
    assert rating_result(NOV_26, "right", 5) == SideResult(NOV_26, "right", 1.0, "rating")


# -- the rule --------------------------------------------------------------------------------


def test_clearly_on_one_side_and_no_on_the_other_makes_that_side_tight() -> None:
    # The left knee held, the right leg lifted clearly; the right knee held, the left flat.
    state = tight_side(thomas_test(NOV_26, CLEARLY, NO))
    assert state.tight == "right"
    assert (state.left, state.right) == (0.0, 2.0)
    assert state.found is not None and state.found.when == NOV_26


def test_one_even_test_after_it_leaves_it_tight_and_two_bring_it_back() -> None:
    results = thomas_test(NOV_26, CLEARLY, NO)
    results += thomas_test(NOV_26 + timedelta(days=2), NO, NO)
    state = tight_side(results)
    assert state.tight == "right" and state.right == 1.0 and state.left == 0.0
    assert state.found is not None and state.found.when == NOV_26  # the test that found it
    results += thomas_test(NOV_26 + timedelta(days=4), NO, NO)
    state = tight_side(results)
    assert state.tight is None and state.found is None
    assert state.right == pytest.approx(2 / 3)


def test_only_the_last_three_results_of_a_side_count() -> None:
    results = thomas_test(NOV_26, CLEARLY, NO)  # the oldest: falls out of the window
    for day in (1, 2, 3):
        results += thomas_test(NOV_26 + timedelta(days=day), A_LITTLE, NO)
    state = tight_side(reversed(results))  # any order: the dates decide
    assert (state.left, state.right) == (0.0, 1.0)
    assert state.tight == "right"
    assert state.found is not None and state.found.when == NOV_26


def test_ratings_and_checks_mix_and_a_gap_of_exactly_one_is_tight() -> None:
    # 7/5 - 2/5 is 0.9999999999999999 in floats: still a gap of one.
    state = tight_side([rating_result(NOV_26, "left", 7), rating_result(NOV_26, "right", 2)])
    assert state.tight == "left"
    assert state.found == rating_result(NOV_26, "left", 7)
    near = tight_side([rating_result(NOV_26, "left", 6), rating_result(NOV_26, "right", 2)])
    assert near.tight is None and near.gap == pytest.approx(0.8)


def test_a_side_without_results_is_not_compared() -> None:
    state = tight_side([rating_result(NOV_26, "left", 10)])
    assert state.tight is None and state.right is None and state.gap is None


def test_a_side_that_flips_is_found_by_the_test_that_flipped_it() -> None:
    results = thomas_test(NOV_26, CLEARLY, NO)  # right tight
    day = timedelta(days=1)
    results += [rating_result(NOV_26 + day, "left", 10), rating_result(NOV_26 + day, "right", 0)]
    assert tight_side(results).tight is None  # left 0, 2; right 2, 0: even
    results += thomas_test(NOV_26 + 2 * day, NO, CLEARLY)
    assert tight_side(results).tight is None  # left 1.33, right 0.67
    results += thomas_test(NOV_26 + 3 * day, NO, CLEARLY)
    state = tight_side(results)
    assert state.tight == "left" and (state.left, state.right) == (2.0, 0.0)
    assert state.found is not None and state.found.when == NOV_26 + 3 * day


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=8))
def test_the_tight_side_is_the_one_whose_mean_of_three_is_one_above(
    tests: list[tuple[int, int]],
) -> None:
    results: list[SideResult] = []
    for day, (left_knee, right_knee) in enumerate(tests):
        results += thomas_test(NOV_26 + timedelta(days=day), left_knee, right_knee)
    state = tight_side(results)
    # The left knee's answer is about the right side, and the other way round.
    right = [left_knee for left_knee, _ in tests][-3:]
    left = [right_knee for _, right_knee in tests][-3:]
    gap = sum(right) / len(right) - sum(left) / len(left)
    expected: Side | None = "right" if gap >= 1 else "left" if gap <= -1 else None
    assert state.tight == expected


# -- what the tight side gets --------------------------------------------------------------


@pytest.mark.parametrize(
    ("hold", "longer"), [(30, 45), (20, 30), (15, 25), (40, 60), (45, 60), (60, 60), (90, 90)]
)
def test_the_tight_side_holds_half_again_rounded_to_five_at_most_a_minute(
    hold: int, longer: int
) -> None:
    assert longer_hold(hold) == longer


PAIRED = (
    HEAD
    + """
[[steps]]
name = "Lunge stretch"
kind = "timed"
duration = 30
per_side = true
start_side = "left"

[[steps]]
name = "Leg swings"
kind = "timed"
duration = 30
per_side = true

[[steps]]
name = "Couch stretch"
kind = "timed"
duration = 40

[[steps]]
name = "Circuit"
kind = "block"
rounds = 2
[[steps.steps]]
name = "Kneeling stretch"
kind = "timed"
duration = 20
per_side = true
"""
)


def paired() -> Routine:
    routine = routine_from(
        PAIRED, **{"Lunge stretch": {"stretch": True}, "Couch stretch": {"stretch": True}}
    )
    block = routine.steps[3]
    inner = replace(block.steps[0], stretch=True)
    return replace(routine, steps=(*routine.steps[:3], replace(block, steps=(inner,))))


def test_only_per_side_stretch_steps_get_the_extra_on_the_tight_side() -> None:
    longer = with_extra(paired(), "right")
    steps = steps_named(longer)
    assert (
        steps["Lunge stretch"].duration_for("right"),
        steps["Lunge stretch"].duration_for("left"),
    ) == (45, 30)
    assert steps["Leg swings"] == steps_named(paired())["Leg swings"]  # not a stretch
    assert steps["Couch stretch"].duration == 40  # not per side
    assert steps["Kneeling stretch"].duration_for("right") == 30  # inside a block too
    assert tight_holds(longer, "right") == (
        Hold("1", "Lunge stretch", 45, 30),
        Hold("4.1", "Kneeling stretch", 30, 20),
    )
    plan = build_plan(longer)
    works = [
        (i.step_name, i.side, i.duration) for i in plan.intervals if i.kind is IntervalKind.WORK
    ]
    assert works[:2] == [("Lunge stretch", "left", 30.0), ("Lunge stretch", "right", 45.0)]


def test_the_extra_is_off_by_setting_by_routine_when_even_or_without_stretches() -> None:
    tight = thomas_test(NOV_26, CLEARLY, NO)
    assert decide_extra(paired(), tight).side == "right"
    assert decide_extra(paired(), tight, Asymmetry.OFF).why_not is NoExtra.SETTING
    assert decide_extra(paired(), tight, "off").side is None
    opted_out = replace(paired(), adapt=False)
    assert decide_extra(opted_out, tight).why_not is NoExtra.ROUTINE
    assert decide_extra(paired(), thomas_test(NOV_26, NO, NO)).why_not is NoExtra.EVEN
    assert decide_extra(paired(), []).why_not is NoExtra.EVEN
    no_stretch = bundled("thomas-test")  # the bundled pre-run warm-up now tags its stretch
    assert decide_extra(no_stretch, tight).why_not is NoExtra.NO_STRETCH
    assert decide_extra(bundled("pre-run-warm-up"), tight).side == "right"


def test_adapt_without_a_budget_gives_the_reason_data() -> None:
    adapted = adapt(paired(), results=thomas_test(NOV_26, CLEARLY, NO))
    assert adapted.extra.side == "right" and adapted.extra.found_on == NOV_26
    assert adapted.holds[0] == Hold("1", "Lunge stretch", 45, 30)
    assert adapted.written == paired() and adapted.fit is None
    assert steps_named(adapted.routine)["Lunge stretch"].duration_for("right") == 45
    even = adapt(paired(), results=thomas_test(NOV_26, NO, NO))
    assert even.routine == paired() and even.holds == ()


def test_the_extra_comes_out_of_the_budget_not_on_top() -> None:
    budget = round(planned_seconds(paired()).seconds)
    adapted = adapt(paired(), budget=budget, results=thomas_test(NOV_26, CLEARLY, NO))
    assert adapted.fit is not None and adapted.fit.ok
    assert abs(planned_seconds(adapted.routine).seconds - budget) <= TOLERANCE
    steps = steps_named(adapted.routine)
    lunge = steps["Lunge stretch"]
    # The holds shrank to make room, and the tight side still holds longer.
    assert lunge.duration_for("left") < 30  # type: ignore[operator]
    assert lunge.duration_for("right") == longer_hold(lunge.duration_for("left"))  # type: ignore[arg-type]
    assert lunge.duration_for("right") > lunge.duration_for("left")  # type: ignore[operator]
    assert adapted.holds[0].tight == lunge.duration_for("right")
    # Without the extra, the same budget leaves the routine as written.
    assert fit_routine(paired(), budget).routine == paired()


def test_the_bundled_routines_take_the_extra_once_tagged() -> None:
    warm_up = bundled("pre-run-warm-up")
    tagged = replace(
        warm_up,
        steps=tuple(
            replace(s, stretch=True) if s.name == "Half-kneeling hip flexor stretch" else s
            for s in warm_up.steps
        ),
    )
    adapted = adapt(tagged, budget=480, results=thomas_test(NOV_26, CLEARLY, NO))
    assert adapted.fit is not None and adapted.fit.ok
    assert adapted.holds and adapted.holds[0].name == "Half-kneeling hip flexor stretch"
    assert adapted.holds[0].tight > adapted.holds[0].other
    assert [s.name for s in adapted.routine.steps] == [s.name for s in warm_up.steps]
    assert StepKind.TIMED in {s.kind for s in adapted.routine.steps}
