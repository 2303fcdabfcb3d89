"""The coaching keys of a routine file (#17, #15): what a valid file gives the model."""

from __future__ import annotations

from pathlib import Path

from psoas_tui.routine.load import load_routine, parse_routine
from psoas_tui.routine.model import Routine, StepKind

THOMAS = """
name = "My Thomas test"
id = "my-thomas-test"
adapt = false

[[steps]]
name = "Thomas test"
kind = "check"
per_side = true
question = "Did your other leg lift?"
answers = ["no", "a little", "clearly"]
measures = "tightness"
scores = [0, 1, 2]
side = "other"
estimate = 20
optional = true

[[steps]]
name = "Lunge stretch"
duration = 40
per_side = true
stretch = true

[[steps]]
name = "Seated knee lift"
kind = "reps"
reps = 10
estimate = 45

[[steps]]
name = "Circuit"
kind = "block"
optional = true

  [[steps.steps]]
  name = "Bridge"
  kind = "reps"
  reps = 10
  tempo = 3
  optional = true
"""


def load(text: str) -> Routine:
    result = parse_routine(text, slug="file-slug")
    assert result.problems == ()
    assert result.routine is not None
    return result.routine


def test_the_keys_reach_the_model() -> None:
    routine = load(THOMAS)
    assert routine.id == "my-thomas-test"
    assert routine.slug == "file-slug"
    assert routine.adapt is False
    check, stretch, reps, block = routine.steps
    assert (check.measures, check.scores, check.about) == ("tightness", (0, 1, 2), "other")
    assert (check.estimate, check.optional, check.stretch) == (20, True, False)
    assert (stretch.stretch, stretch.optional, stretch.estimate) == (True, False, None)
    assert (reps.estimate, reps.optional) == (45, False)
    assert block.kind is StepKind.BLOCK and block.optional
    assert block.steps[0].optional


def test_without_the_keys_a_routine_keeps_the_defaults() -> None:
    routine = load('name = "Plain"\n[[steps]]\nname = "A"\nduration = 30\n')
    assert routine.id == "file-slug"  # the file's slug
    assert routine.adapt is True
    (step,) = routine.steps
    assert (step.stretch, step.optional, step.estimate) == (False, False, None)
    assert (step.measures, step.scores, step.about) == (None, (), "same")


def test_side_same_is_the_default_and_can_be_written() -> None:
    written = load(THOMAS.replace('side = "other"', 'side = "same"'))
    left_out = load(THOMAS.replace('side = "other"\n', ""))
    assert written.steps[0].about == left_out.steps[0].about == "same"


def test_an_id_of_sixty_characters_fits_and_sixty_one_do_not() -> None:
    fits = THOMAS.replace("my-thomas-test", "a" * 60)
    assert load(fits).id == "a" * 60
    too_long = parse_routine(THOMAS.replace("my-thomas-test", "a" * 61))
    assert [p.line for p in too_long.problems] == [3]
    assert "at most 60 characters" in too_long.problems[0].message


def test_ids_that_are_not_slugs_are_refused() -> None:
    for bad in ("-lead", "trail-", "two--hyphens", "Caps", "under_score", "", "caf\u00e9"):
        result = parse_routine(THOMAS.replace("my-thomas-test", bad))
        assert [p.line for p in result.problems] == [3], bad


def test_a_routine_file_without_id_takes_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "evening-stretch.toml"
    path.write_text(THOMAS.replace('id = "my-thomas-test"\n', ""), encoding="utf-8")
    routine = load_routine(path).routine
    assert routine is not None
    assert routine.id == "evening-stretch"


def test_a_score_count_is_checked_only_against_valid_answers() -> None:
    # One problem (the answers), not a second about a count against answers that failed.
    text = THOMAS.replace('answers = ["no", "a little", "clearly"]', "answers = [1, 2]")
    result = parse_routine(text)
    assert len(result.problems) == 1
    assert "answers must be a list of texts" in result.problems[0].message


def test_the_starter_routine_marks_its_stretch_and_an_optional_step() -> None:
    from psoas_tui.routine.template import template_text

    routine = load(template_text("Evening stretch"))
    stretch, knee_drive = routine.steps
    assert stretch.stretch and not stretch.optional
    assert knee_drive.optional and not knee_drive.stretch


def test_the_starter_routine_mentions_id_and_adapt_ready_to_uncomment() -> None:
    from psoas_tui.routine.template import template_text

    text = template_text("Evening Stretch!")
    assert '# id = "evening-stretch"' in text
    assert "# adapt = false" in text
    routine = load(text.replace("# id =", "id =").replace("# adapt =", "adapt ="))
    assert (routine.id, routine.adapt) == ("evening-stretch", False)
