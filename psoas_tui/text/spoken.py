"""What psoas says aloud: a plan's phrases, in the routine's language.

The spoken words follow the routine's ``language`` (its voice), not the language psoas
shows: :data:`WORDS` holds them per language until the catalogs of the Dutch issue give
the text layer a translation per language.
"""

from __future__ import annotations

from dataclasses import dataclass

from psoas_tui.plan import Interval, IntervalKind, Plan


@dataclass(frozen=True)
class Words:
    left: str
    right: str
    switch: str
    seconds: str
    reps: str
    rest: str


WORDS: dict[str, Words] = {
    "en": Words("Left side.", "Right side.", "Switch sides.", "seconds", "reps", "Rest."),
    "nl": Words(
        "Linkerkant.", "Rechterkant.", "Wissel van kant.", "seconden", "herhalingen", "Rust."
    ),
}


def words_for(language: str) -> Words:
    return WORDS.get(language.split("-")[0].lower(), WORDS["en"])


def sentence(text: str) -> str:
    """Text that ends like a sentence, so the voice pauses after it."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def announcement(plan: Plan, interval: Interval) -> str:
    """What is said at an interval's get-ready: side, step name, and how long or how many."""
    words = words_for(plan.routine.language)
    parts: list[str] = []
    if interval.side == "left":
        parts.append(words.left)
    elif interval.side == "right":
        parts.append(words.right)
    parts.append(sentence(interval.step_name))
    work = _work_after(plan, interval)
    if work is not None:
        if work.kind is IntervalKind.REPS and work.reps:
            parts.append(f"{work.reps} {words.reps}.")
        elif work.duration is not None:
            parts.append(f"{work.duration:g} {words.seconds}.")
    return " ".join(parts)


def _work_after(plan: Plan, interval: Interval) -> Interval | None:
    following = interval.index + 1
    if following < len(plan.intervals):
        candidate = plan.intervals[following]
        if candidate.is_exercise and candidate.step_name == interval.step_name:
            return candidate
    return None


def question(plan: Plan, interval: Interval) -> str:
    """What is said when a check starts: side, name and the question."""
    words = words_for(plan.routine.language)
    parts = []
    if interval.side == "left":
        parts.append(words.left)
    elif interval.side == "right":
        parts.append(words.right)
    parts.append(sentence(interval.step_name))
    if interval.question:
        parts.append(sentence(interval.question))
    return " ".join(parts)


def phrases(plan: Plan) -> dict[str, str]:
    """Every phrase a session of this plan may say, keyed by what triggers it:
    ``ready:N`` at get-ready N, ``start:N`` when exercise N starts a new step without a
    get-ready, ``check:N`` when check N asks its question, and ``switch``."""
    words = words_for(plan.routine.language)
    said: dict[str, str] = {}
    previous: Interval | None = None
    for interval in plan.intervals:
        if interval.kind is IntervalKind.GET_READY:
            said[f"ready:{interval.index}"] = announcement(plan, interval)
        elif interval.kind is IntervalKind.SWITCH:
            said["switch"] = words.switch
        elif interval.kind is IntervalKind.CHECK:
            said[f"check:{interval.index}"] = question(plan, interval)
        elif interval.is_exercise and (
            previous is None or previous.step_name != interval.step_name
        ):
            said[f"start:{interval.index}"] = _start(plan, interval)
        previous = interval
    return said


def _start(plan: Plan, interval: Interval) -> str:
    """An exercise that starts without a get-ready: announce it as it starts."""
    words = words_for(plan.routine.language)
    parts = []
    if interval.side == "left":
        parts.append(words.left)
    elif interval.side == "right":
        parts.append(words.right)
    parts.append(sentence(interval.step_name))
    if interval.kind is IntervalKind.REPS and interval.reps:
        parts.append(f"{interval.reps} {words.reps}.")
    elif interval.duration is not None:
        parts.append(f"{interval.duration:g} {words.seconds}.")
    return " ".join(parts)
