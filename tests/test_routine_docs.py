"""docs/routines.md: its complete example is valid, uses every key and has the stated total."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema

from psoas_tui.plan import build_plan
from psoas_tui.routine.keys import ALL_STEP_KEYS, DEFAULT_KEYS, RANGES, TOP_KEYS
from psoas_tui.routine.load import parse_routine
from psoas_tui.routine.model import StepKind

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "routines.md").read_text(encoding="utf-8")


def example() -> str:
    blocks = re.findall(r"^```toml\n(.*?)^```$", DOC, flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) == 1, "docs/routines.md should hold exactly one ```toml example"
    return str(blocks[0])


def test_the_example_is_a_valid_routine() -> None:
    result = parse_routine(example(), source="docs/routines.md")
    assert result.problems == ()
    assert result.routine is not None
    assert result.routine.name == "Example: every key"


def test_the_example_is_valid_for_the_json_schema() -> None:
    schema = json.loads((ROOT / "psoas_tui" / "data" / "routine.schema.json").read_text())
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(
        tomllib.loads(example())
    )]  # fmt: skip
    assert errors == []


def test_the_example_uses_every_key_and_kind() -> None:
    document = tomllib.loads(example())
    assert set(document) == set(TOP_KEYS)
    assert set(document["defaults"]) == set(DEFAULT_KEYS)
    steps: list[dict[str, Any]] = []
    for step in document["steps"]:
        steps.append(step)
        steps.extend(step.get("steps", []))
    used = {key for step in steps for key in step}
    assert used == set(ALL_STEP_KEYS)
    assert {step.get("kind", "timed") for step in steps} == {kind.value for kind in StepKind}
    assert any("tempo" not in step and step.get("kind") == "reps" for step in steps)


def test_the_stated_total_matches_the_plan() -> None:
    routine = parse_routine(example()).routine
    assert routine is not None
    plan = build_plan(routine)
    match = re.search(r"Its plan lasts (\d+) min (\d+) s of timed intervals, plus (\w+)", DOC)
    assert match is not None
    assert plan.total_seconds == int(match.group(1)) * 60 + int(match.group(2))
    assert plan.untimed_count == {"one": 1, "two": 2, "three": 3, "four": 4}[match.group(3)]


def test_every_key_and_range_is_documented() -> None:
    for key in (*TOP_KEYS, *DEFAULT_KEYS, *ALL_STEP_KEYS):
        assert f"`{key}`" in DOC, key
    for key, (low, high, _unit) in RANGES.items():
        low_text = f"{low:g}"
        assert re.search(rf"`{key}`.*{re.escape(low_text)} to {high:g}", DOC), key
