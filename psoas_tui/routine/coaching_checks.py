"""Checks of the coaching keys of a check step (``measures``, ``scores``, ``side``).

A mixin of the routine checker (:mod:`psoas_tui.routine.checker`): it reports through the
checker's ``report``; the rules are in docs/coaching.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from psoas_tui.routine import messages
from psoas_tui.routine.keys import ANSWER_SIDES, MEASURES, SCORE_RANGE
from psoas_tui.routine.model import AnswerSide
from psoas_tui.routine.text import shorten

KeyPath = tuple[str | int, ...]


class Measure(NamedTuple):
    """What a check measures: the measure, each answer's score, which side it is about."""

    measures: str | None = None
    scores: tuple[int, ...] = ()
    about: AnswerSide = "same"


class CoachingChecks:
    """The checker's methods for the coaching keys of a check step."""

    if TYPE_CHECKING:  # the checker's own

        def report(self, path: KeyPath, message: str) -> None: ...

    def measure(
        self,
        item: dict[str, Any],
        path: KeyPath,
        owner: str,
        answers: tuple[str, ...],
        per_side: bool,
    ) -> Measure:
        """A check's ``measures``, ``scores`` and ``side`` (docs/coaching.md): scores only
        with a measure, one per answer; a measure needs scores and a side to be about."""
        measures = self.choice(item, path, "measures", MEASURES, messages.MEASURES, owner)
        scores = self.scores(item, path, owner, answers)
        about = self.choice(item, path, "side", ANSWER_SIDES, messages.ANSWER_SIDE, owner)
        if "measures" not in item:
            for key in ("scores", "side"):
                if key in item:
                    self.report((*path, key), messages.NEEDS_MEASURES.format(owner=owner, key=key))
            return Measure()
        if measures is None:
            return Measure()
        if not per_side:
            self.report(
                (*path, "measures"),
                messages.MEASURES_NEEDS_PER_SIDE.format(owner=owner, measure=measures),
            )
        if "scores" not in item:
            low, high = SCORE_RANGE
            self.report(
                (*path, "measures"),
                messages.MEASURES_NEEDS_SCORES.format(
                    owner=owner,
                    measure=measures,
                    low=low,
                    high=high,
                    example=_score_example(len(answers)),
                ),
            )
        return Measure(measures, scores, "other" if about == "other" else "same")

    def choice(
        self,
        item: dict[str, Any],
        path: KeyPath,
        key: str,
        choices: tuple[str, ...],
        template: str,
        owner: str,
    ) -> str | None:
        if key not in item:
            return None
        value = item[key]
        if isinstance(value, str) and value in choices:
            return value
        shown = " or ".join(f'"{choice}"' for choice in choices)
        found = shorten(value)
        self.report((*path, key), template.format(owner=owner, choices=shown, found=found))
        return None

    def scores(
        self, item: dict[str, Any], path: KeyPath, owner: str, answers: tuple[str, ...]
    ) -> tuple[int, ...]:
        if "scores" not in item:
            return ()
        value = item["scores"]
        low, high = SCORE_RANGE
        if not isinstance(value, list) or not all(
            isinstance(score, int) and not isinstance(score, bool) and low <= score <= high
            for score in value
        ):
            self.report(
                (*path, "scores"),
                messages.SCORES_NOT_NUMBERS.format(
                    owner=owner,
                    low=low,
                    high=high,
                    example=_score_example(len(answers)),
                    found=shorten(value),
                ),
            )
            return ()
        if answers and len(value) != len(answers):
            self.report(
                (*path, "scores"),
                messages.SCORES_COUNT.format(owner=owner, scores=len(value), answers=len(answers)),
            )
            return ()
        return tuple(value)


def _score_example(answers: int) -> str:
    """Scores spread over the scale, one per answer: [0, 1, 2] for three answers."""
    low, high = SCORE_RANGE
    count = answers if 2 <= answers <= 9 else 3
    return str([round(low + (high - low) * n / (count - 1)) for n in range(count)])
