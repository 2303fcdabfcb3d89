"""The four English bundled routines carry the coaching keys (#17) and their ids (#15),
and their plans as written are what they were before the keys."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from psoas_tui.coaching.fit import FitOutcome, fit_routine, parse_duration
from psoas_tui.coaching.sides import check_result
from psoas_tui.plan import build_plan
from psoas_tui.routine.load import load_routine
from psoas_tui.routine.model import Routine, Step, StepKind

FOLDER = Path(__file__).resolve().parent.parent / "psoas_tui" / "data" / "routines"
SLUGS = ("desk-break", "pre-run-warm-up", "stretch-and-strengthen", "thomas-test")


def bundled(slug: str) -> Routine:
    result = load_routine(FOLDER / f"{slug}.toml", bundled=True)
    assert result.routine is not None, result.problems
    return result.routine


def every_step(routine: Routine) -> list[Step]:
    steps: list[Step] = []
    for step in routine.steps:
        steps.append(step)
        steps.extend(step.steps)
    return steps


@pytest.mark.parametrize("slug", SLUGS)
def test_each_bundled_routine_writes_its_slug_as_its_id(slug: str) -> None:
    document = tomllib.loads((FOLDER / f"{slug}.toml").read_text(encoding="utf-8"))
    assert document["id"] == slug
    assert bundled(slug).id == slug


# The plans as written: timed seconds and untimed intervals (`psoas show`, `psoas list`).
TOTALS = {
    "desk-break": (180, 0),
    "pre-run-warm-up": (484, 0),
    "stretch-and-strengthen": (912, 2),
    "thomas-test": (15, 3),
}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_keys_leave_the_plan_as_written_unchanged(slug: str) -> None:
    plan = build_plan(bundled(slug))
    assert (plan.total_seconds, plan.untimed_count) == TOTALS[slug]


# Static stretch holds; the steps that can go when time is short.
STRETCHES = {
    "desk-break": {"Split-stance lean", "Tall reach"},
    "pre-run-warm-up": {"Half-kneeling hip flexor stretch"},
    "stretch-and-strengthen": {
        "Half-kneeling hip flexor stretch",
        "Standing hip flexor and quad stretch",
    },
    "thomas-test": set(),
}
OPTIONAL = {
    "desk-break": {"Standing knee lifts", "Tall reach"},
    "pre-run-warm-up": {"Hip circles", "Lunges on the spot", "Skips"},
    "stretch-and-strengthen": {
        "Seated knee lift",
        "Standing hip flexor and quad stretch",
        "Breathe and relax",
    },
    "thomas-test": set(),
}


@pytest.mark.parametrize("slug", SLUGS)
def test_static_stretches_and_optional_steps_are_tagged(slug: str) -> None:
    steps = every_step(bundled(slug))
    assert {step.name for step in steps if step.stretch} == STRETCHES[slug]
    assert {step.name for step in steps if step.optional} == OPTIONAL[slug]
    assert all(step.kind is StepKind.TIMED for step in steps if step.stretch)


def test_the_pre_run_warm_up_fits_three_minutes_by_dropping_its_optional_steps() -> None:
    routine = bundled("pre-run-warm-up")
    fit = fit_routine(routine, parse_duration("3m"))
    assert fit.outcome is FitOutcome.FITTED
    assert abs(fit.seconds - 180) <= 5
    assert {step.name for step in fit.dropped_steps} == OPTIONAL["pre-run-warm-up"]
    # Untagged, the shortest it could be fitted to was 5 min 10 s.
    assert fit.shortest < 180


def test_the_thomas_test_scores_its_answers_for_the_other_side() -> None:
    test, pain = bundled("thomas-test").steps
    assert test.measures == "tightness"
    assert dict(zip(test.answers, test.scores, strict=True)) == {
        "No, it stayed flat": 0,
        "A little": 1,
        "Clearly": 2,
    }
    assert test.about == "other"
    when = datetime(2026, 11, 26, 7, 0)
    # The left knee held, the right leg lifted clearly: the right side is tight.
    clearly = check_result(test, "left", 2, when)
    assert clearly is not None
    assert (clearly.side, clearly.value) == ("right", 2.0)
    flat = check_result(test, "right", 0, when)
    assert flat is not None
    assert (flat.side, flat.value) == ("left", 0.0)
    assert pain.measures is None  # "Any pain?" is a safety question, not a score
