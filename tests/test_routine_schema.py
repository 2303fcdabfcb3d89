"""The JSON Schema that TOML editors use agrees with the loader on valid and broken routines."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli_w

from psoas_tui.routine.keys import (
    ANSWER_SIDES,
    ID_LONGEST,
    ID_PATTERN,
    MEASURES,
    RANGES,
    SCORE_RANGE,
)
from psoas_tui.routine.load import parse_routine

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = ROOT / "psoas_tui" / "data" / "routine.schema.json"
BUNDLED = sorted((ROOT / "psoas_tui" / "data" / "routines").glob("*.toml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_there_are_at_least_four_bundled_routines() -> None:
    assert {path.stem for path in BUNDLED} >= {
        "pre-run-warm-up",
        "stretch-and-strengthen",
        "desk-break",
        "thomas-test",
    }


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_routine_is_valid_for_schema_and_loader(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    data = path.read_bytes()
    assert data.startswith(b"#:schema ../routine.schema.json\n")
    document = tomllib.loads(data.decode("utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []
    assert parse_routine(data).ok


def _step(**fields: Any) -> dict[str, Any]:
    return {"name": "Step", **fields}


def _check(**fields: Any) -> dict[str, Any]:
    return _step(kind="check", question="Q?", answers=["no", "yes"], **fields)


def _doc(*steps: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"name": "Broken", **top, "steps": list(steps)}


MALFORMED: dict[str, dict[str, Any]] = {
    "no steps": {"name": "x"},
    "empty steps": _doc(),
    "no name": {"steps": [_step(duration=30)]},
    "unknown top key": _doc(_step(duration=30), titel="x"),
    "wrong schema version": _doc(_step(duration=30), schema=2),
    "bad language": _doc(_step(duration=30), language="English"),
    "unknown defaults key": _doc(_step(duration=30), defaults={"get_redy": 5}),
    "timed without duration": _doc(_step(kind="timed")),
    "duration too long": _doc(_step(duration=3601)),
    "duration zero": _doc(_step(duration=0)),
    "duration as text": _doc(_step(duration="30")),
    "unknown kind": _doc(_step(kind="stretch", duration=30)),
    "reps without reps": _doc(_step(kind="reps")),
    "tempo too fast": _doc(_step(kind="reps", reps=10, tempo=0.1)),
    "tempo on a timed step": _doc(_step(duration=30, tempo=2)),
    "side override without per_side": _doc(_step(duration=30, right={"duration": 40})),
    "reps override on a timed step": _doc(_step(duration=30, per_side=True, left={"reps": 4})),
    "bad start side": _doc(_step(duration=30, per_side=True, start_side="both")),
    "check with one answer": _doc(_step(kind="check", question="Q?", answers=["yes"])),
    "check with ten answers": _doc(
        _step(kind="check", question="Q?", answers=[str(n) for n in range(10)])
    ),
    "check without question": _doc(_step(kind="check", answers=["a", "b"])),
    "empty answer": _doc(_step(kind="check", question="Q?", answers=["a", ""])),
    "blank answer": _doc(_step(kind="check", question="Q?", answers=["a", "  "])),
    "blank name": _doc(_step(duration=30), name=" \t "),
    "blank step name": _doc(_step(duration=30, name="   ")),
    "sets on a rest step": _doc(_step(kind="rest", duration=10, sets=2)),
    "too many rounds": _doc(_step(kind="block", rounds=21, steps=[_step(duration=5)])),
    "nested block": _doc(
        _step(kind="block", steps=[_step(kind="block", steps=[_step(duration=5)])])
    ),
    "empty block": _doc(_step(kind="block", steps=[])),
    "boolean as number": _doc(_step(duration=True)),
    "too many tags": _doc(_step(duration=30), tags=[str(n) for n in range(21)]),
    # The coaching keys (#17) and the id shared by a routine's language versions (#15).
    "id not a slug": _doc(_step(duration=30), id="Pre Run"),
    "id with two hyphens": _doc(_step(duration=30), id="pre--run"),
    "id ending in a hyphen": _doc(_step(duration=30), id="pre-run-"),
    "id not text": _doc(_step(duration=30), id=17),
    "id too long": _doc(_step(duration=30), id="a" * 61),
    "adapt not a flag": _doc(_step(duration=30), adapt="no"),
    "stretch on a reps step": _doc(_step(kind="reps", reps=10, stretch=True)),
    "stretch on a check": _doc(_check(stretch=True)),
    "stretch not a flag": _doc(_step(duration=30, stretch=1)),
    "optional not a flag": _doc(_step(kind="rest", duration=10, optional="yes")),
    "optional not a flag in a block": _doc(
        _step(kind="block", steps=[_step(duration=5, optional=1)])
    ),
    "estimate on a timed step": _doc(_step(duration=30, estimate=30)),
    "estimate with a tempo": _doc(_step(kind="reps", reps=10, tempo=2, estimate=30)),
    "estimate zero": _doc(_step(kind="reps", reps=10, estimate=0)),
    "estimate too long": _doc(_check(estimate=3601)),
    "estimate as text": _doc(_check(estimate="30")),
    "measures unknown": _doc(_check(per_side=True, measures="pain", scores=[0, 2])),
    "measures without per_side": _doc(_check(measures="tightness", scores=[0, 2])),
    "measures without scores": _doc(_check(per_side=True, measures="tightness")),
    "measures on a timed step": _doc(_step(duration=30, measures="tightness")),
    "scores without measures": _doc(_check(per_side=True, scores=[0, 2])),
    "score above the scale": _doc(_check(per_side=True, measures="tightness", scores=[0, 3])),
    "score below the scale": _doc(_check(per_side=True, measures="tightness", scores=[-1, 2])),
    "score not whole": _doc(_check(per_side=True, measures="tightness", scores=[0, 1.5])),
    "score a flag": _doc(_check(per_side=True, measures="tightness", scores=[False, True])),
    "scores not a list": _doc(_check(per_side=True, measures="tightness", scores=2)),
    "side without measures": _doc(_check(per_side=True, side="other")),
    "side not same or other": _doc(
        _check(per_side=True, measures="tightness", scores=[0, 2], side="left")
    ),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_schema_and_loader_both_reject(
    name: str, validator: jsonschema.Draft202012Validator
) -> None:
    document = MALFORMED[name]
    assert not validator.is_valid(document)
    assert not parse_routine(tomli_w.dumps(document)).ok


@pytest.mark.parametrize(
    "step",
    [
        _step(duration=1),
        _step(duration=3600, per_side=True, left={"duration": 3600}, start_side="right"),
        _step(kind="reps", reps=500, tempo=0.5, sets=20, rest=0),
        _step(kind="reps", reps=1),
        _step(kind="rest", duration=10),
        _step(kind="check", question="Q?", answers=list("abcdefghi"), per_side=True),
        _step(kind="block", rounds=20, rest=3600, steps=[_step(duration=5)]),
        _step(duration=40, per_side=True, stretch=True, optional=True),
        _step(duration=40, stretch=False, optional=False),
        _step(kind="reps", reps=10, estimate=1, optional=True),
        _step(kind="reps", reps=10, estimate=3600),
        _step(kind="rest", duration=10, optional=True),
        _check(estimate=45, optional=True),
        _check(per_side=True, measures="tightness", scores=[0, 2]),
        _check(per_side=True, measures="tightness", scores=[2, 0], side="same"),
        _step(
            kind="check",
            question="Q?",
            answers=["No, it stayed flat", "A little", "Clearly"],
            per_side=True,
            measures="tightness",
            scores=[0, 1, 2],
            side="other",
        ),
        _step(kind="block", optional=True, steps=[_step(duration=5, optional=True)]),
    ],
)
def test_schema_and_loader_both_accept_edges(
    step: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:

    document = _doc(step)
    assert list(validator.iter_errors(document)) == []
    assert parse_routine(tomli_w.dumps(document)).ok


def test_schema_ranges_match_the_loader() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    found: dict[str, tuple[float, float]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if isinstance(value, dict) and "minimum" in value:
                    found.setdefault(key, (value["minimum"], value["maximum"]))
                    assert (value["minimum"], value["maximum"]) == found[key], key
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert found == {key: (low, high) for key, (low, high, _unit) in RANGES.items()}


def test_the_starter_routine_of_psoas_new_is_valid_for_the_schema(
    validator: jsonschema.Draft202012Validator,
) -> None:
    from psoas_tui.routine.template import template_text

    text = template_text("Evening stretch")
    assert list(validator.iter_errors(tomllib.loads(text))) == []
    assert parse_routine(text).ok


@pytest.mark.parametrize(
    "top", [{"id": "a"}, {"id": "a" * 60}, {"id": "run-2-b"}, {"adapt": False}]
)
def test_schema_and_loader_both_accept_top_keys(
    top: dict[str, Any], validator: jsonschema.Draft202012Validator
) -> None:
    document = _doc(_step(duration=30), **top)
    assert list(validator.iter_errors(document)) == []
    assert parse_routine(tomli_w.dumps(document)).ok


def test_schema_choices_of_the_coaching_keys_match_the_loader() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    routine_id = schema["properties"]["id"]
    assert (routine_id["pattern"], routine_id["maxLength"]) == (ID_PATTERN, ID_LONGEST)
    check = schema["$defs"]["check"]["properties"]
    assert tuple(check["measures"]["enum"]) == MEASURES
    assert tuple(check["side"]["enum"]) == ANSWER_SIDES
    items = check["scores"]["items"]
    assert (items["minimum"], items["maximum"]) == SCORE_RANGE
