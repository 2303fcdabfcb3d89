"""The loader counts intervals without building the plan; the count matches the plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from psoas_tui.plan import build_plan
from psoas_tui.routine.keys import MAX_INTERVALS
from psoas_tui.routine.load import interval_count, load_routine, parse_routine

BUNDLED = sorted(
    (Path(__file__).resolve().parent.parent / "psoas_tui/data/routines").glob("*.toml")
)

_small = st.integers(min_value=0, max_value=4)
_common = {
    "get_ready": _small,
    "switch": _small,
    "start_side": st.sampled_from(["left", "right", "alternate"]),
}
_sided = {
    **_common,
    "per_side": st.booleans(),
    "sets": st.integers(min_value=1, max_value=3),
    "rest": _small,
}
_timed = st.fixed_dictionaries(
    {"name": st.just("T"), "kind": st.just("timed"), "duration": st.integers(1, 60)},
    optional=_sided,
)
_reps = st.fixed_dictionaries(
    {"name": st.just("R"), "kind": st.just("reps"), "reps": st.integers(1, 20)},
    optional={**_sided, "tempo": st.sampled_from([0.5, 1, 2.5])},
)
_rest = st.fixed_dictionaries(
    {"name": st.just("P"), "kind": st.just("rest"), "duration": st.integers(1, 60)}
)
_check = st.fixed_dictionaries(
    {"name": st.just("C"), "kind": st.just("check"), "question": st.just("Q?")},
    optional={**_common, "per_side": st.booleans()},
).map(lambda step: {**step, "answers": ["no", "yes"]})
_plain = st.one_of(_timed, _reps, _rest, _check)
_block = st.fixed_dictionaries(
    {
        "name": st.just("B"),
        "kind": st.just("block"),
        "steps": st.lists(_plain, min_size=1, max_size=3),
    },
    optional={"rounds": st.integers(1, 4), "rest": _small},
)
_routines = st.fixed_dictionaries(
    {
        "name": st.just("Generated"),
        "steps": st.lists(st.one_of(_plain, _block), min_size=1, max_size=4),
    },
    optional={
        "defaults": st.fixed_dictionaries(
            {}, optional={"get_ready": _small, "switch": _small, "rest": _small}
        )
    },
)


@settings(max_examples=60, deadline=None)
@given(_routines)
def test_count_matches_the_plan_for_generated_routines(document: dict[str, Any]) -> None:
    result = parse_routine(tomli_w.dumps(document))
    assert result.routine is not None, result.problems
    assert interval_count(result.routine.steps) == len(build_plan(result.routine).intervals)


def test_count_matches_the_plan_for_bundled_routines() -> None:
    for path in BUNDLED:
        routine = load_routine(path).routine
        assert routine is not None
        assert interval_count(routine.steps) == len(build_plan(routine).intervals)


def test_a_small_file_that_would_expand_to_millions_is_refused() -> None:
    inner = (
        '  [[steps.steps]]\n  name = "A"\n  kind = "reps"\n  reps = 1\n'
        "  per_side = true\n  sets = 20\n"
    )
    text = 'name = "X"\n[[steps]]\nname = "B"\nkind = "block"\nrounds = 20\n' + inner * 600
    result = parse_routine(text)
    # each round: 600 steps x (get ready + 20 sets x (2 sides + switch) + 19 rests) = 600 x 80
    expected = 20 * 600 * 80 + 19
    assert [f"{p.line}:{p.col}: {p.message}" for p in result.problems] == [
        f"2:1: the routine expands to {expected} intervals, more than {MAX_INTERVALS}: "
        "use fewer sets, rounds or steps"
    ]
