"""The Dutch bundled routines: each loads, is Dutch, shares its English twin's id and plan.

A Dutch routine and its English twin must run interval for interval the same (same kinds,
sides, durations, sets, rounds, reps and number of answers), so that history and stats can
group them by id and a check's answers mean the same by index in both languages.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from psoas_tui.plan import Interval, build_plan
from psoas_tui.routine.load import load_routine
from psoas_tui.routine.model import Routine

ROUTINES = Path(__file__).resolve().parent.parent / "psoas_tui/data/routines"

# Dutch file slug -> the English twin's slug (which is also the shared id).
TWINS = {
    "bureaupauze": "desk-break",
    "warming-up-hardlopen": "pre-run-warm-up",
    "rekken-en-versterken": "stretch-and-strengthen",
    "thomastest": "thomas-test",
}

# The keys agreed for #15/#17 that the keys branch teaches the loader.


def _raw(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _load(slug: str) -> Routine:
    result = load_routine(ROUTINES / f"{slug}.toml", bundled=True)
    assert not result.problems, [str(p) for p in result.problems]
    assert result.routine is not None
    return result.routine


def _shape(interval: Interval) -> tuple[object, ...]:
    return (
        interval.kind,
        interval.step_kind,
        interval.step_number,
        interval.side,
        interval.set,
        interval.sets,
        interval.round,
        interval.rounds,
        interval.reps,
        interval.tempo,
        interval.duration,
        len(interval.answers),
    )


def _texts(document: dict[str, Any]) -> list[str]:
    """Every text a user reads or hears: names, summary, how, questions and answers."""
    texts = [document.get("name", ""), document.get("summary", "")]

    def step(table: dict[str, Any]) -> None:
        texts.extend(table.get(key, "") for key in ("name", "how", "question"))
        texts.extend(table.get("answers", []))
        for inner in table.get("steps", []):
            step(inner)

    for table in document["steps"]:
        step(table)
    return [text for text in texts if text]


# English left in a Dutch text, or the formal "u"/"uw" where psoas says "je".
FORBIDDEN = re.compile(
    r"\b(the|and|your|you|with|side|sides|rest|left|right|hold|knee|hip|hips|stretch"
    r"|switch|get ready|done|u|uw|uzelf)\b",
    re.IGNORECASE,
)


def _forbidden_words(texts: list[str]) -> list[str]:
    return [match.group(0) for text in texts for match in FORBIDDEN.finditer(text)]


def test_every_dutch_file_is_listed_with_its_twin() -> None:
    dutch = sorted(p.stem for p in ROUTINES.glob("*.toml") if _raw(p).get("language") == "nl")
    assert dutch == sorted(TWINS)
    for english in TWINS.values():
        assert (ROUTINES / f"{english}.toml").is_file()


@pytest.mark.parametrize("slug", sorted(TWINS))
def test_dutch_routine_loads_and_is_dutch(slug: str) -> None:
    routine = _load(slug)
    assert routine.language == "nl"
    assert routine.slug == slug
    assert routine.bundled


@pytest.mark.parametrize(("slug", "english"), sorted(TWINS.items()))
def test_dutch_routine_shares_the_id_of_its_english_twin(slug: str, english: str) -> None:
    twin = _raw(ROUTINES / f"{english}.toml")
    assert _raw(ROUTINES / f"{slug}.toml")["id"] == twin.get("id", english) == english
    routine = _load(slug)
    if hasattr(routine, "id"):  # once the loader reads id
        assert routine.id == english


@pytest.mark.parametrize(("slug", "english"), sorted(TWINS.items()))
@pytest.mark.parametrize("first", ["left", "right"])
def test_dutch_plan_matches_its_english_twin_interval_for_interval(
    slug: str, english: str, first: str
) -> None:
    dutch_plan = build_plan(_load(slug), first)  # type: ignore[arg-type]
    english_plan = build_plan(_load(english), first)  # type: ignore[arg-type]
    assert [_shape(i) for i in dutch_plan.intervals] == [_shape(i) for i in english_plan.intervals]
    assert dutch_plan.first_side == english_plan.first_side
    # Every interval carries Dutch text of its own, not the English one.
    for nl, en in zip(dutch_plan.intervals, english_plan.intervals, strict=True):
        assert nl.step_name != en.step_name or nl.step_name == "Dead bug"
        assert nl.how != en.how or nl.how == ""


@pytest.mark.parametrize(("slug", "english"), sorted(TWINS.items()))
def test_dutch_routine_keeps_its_twins_defaults_and_tags_count(slug: str, english: str) -> None:
    dutch, twin = _load(slug), _load(english)
    assert dutch.defaults == twin.defaults
    assert len(dutch.tags) == len(twin.tags)


MARKERS = ("stretch", "optional", "estimate", "measures", "scores", "side")


def _markers(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each step's coaching markers, steps inside a block included, in order."""
    found: list[tuple[str, dict[str, Any]]] = []

    def step(number: str, table: dict[str, Any]) -> None:
        found.append((number, {k: table[k] for k in MARKERS if k in table}))
        for n, inner in enumerate(table.get("steps", []), 1):
            step(f"{number}.{n}", inner)

    for n, table in enumerate(document["steps"], 1):
        step(str(n), table)
    return found


@pytest.mark.parametrize(("slug", "english"), sorted(TWINS.items()))
def test_dutch_routine_marks_the_same_steps_as_its_english_twin(slug: str, english: str) -> None:
    twin = _markers(_raw(ROUTINES / f"{english}.toml"))
    assert any(marks for _, marks in twin)
    assert _markers(_raw(ROUTINES / f"{slug}.toml")) == twin


def test_dutch_thomas_test_measures_tightness_of_the_other_side() -> None:
    test_step = _raw(ROUTINES / "thomastest.toml")["steps"][0]
    assert test_step["measures"] == "tightness"
    assert test_step["scores"] == [0, 1, 2]
    assert len(test_step["scores"]) == len(test_step["answers"])
    assert test_step["side"] == "other"


@pytest.mark.parametrize("slug", sorted(TWINS))
def test_dutch_texts_hold_no_english_and_no_formal_u(slug: str) -> None:
    texts = _texts(_raw(ROUTINES / f"{slug}.toml"))
    assert texts
    assert _forbidden_words(texts) == []


def test_the_word_check_finds_english_leftovers_and_the_formal_u() -> None:
    assert _forbidden_words(["Hold the stretch on one side.", "Rest"]) == [
        "Hold",
        "the",
        "stretch",
        "side",
        "Rest",
    ]
    assert _forbidden_words(["Kantelt u uw bekken?"]) == ["u", "uw"]
    # Dutch words that merely contain those letters pass.
    assert _forbidden_words(["Sta nu rechtop; rust uit en houd je knie vast."]) == []
