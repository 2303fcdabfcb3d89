"""What happens during a session, in words: waiting, answers, pauses, the end."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from psoas_tui.plan import IntervalKind
from psoas_tui.text.durations import clock, elapsed, human
from psoas_tui.text.i18n import _, number
from psoas_tui.text.intervals import side_word

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from psoas_tui.plan import Plan


class Answered(Protocol):
    """One check's answer as a session's tally keeps it."""

    @property
    def question(self) -> str: ...
    @property
    def side(self) -> str | None: ...
    @property
    def answer(self) -> str | None: ...
    @property
    def step(self) -> str: ...


class Tallied(Protocol):
    """What a session did, as its tally (``psoas_tui.tally.Tally``) sums it up."""

    @property
    def active(self) -> float: ...
    @property
    def finished(self) -> bool: ...
    @property
    def done(self) -> int: ...
    @property
    def skipped(self) -> int: ...
    @property
    def both_sides(self) -> float: ...
    @property
    def per_side(self) -> Mapping[str, float]: ...
    @property
    def checks(self) -> Sequence[Answered]: ...


SIDES = ("left", "right")


def not_answered() -> str:
    return _("not answered")


def wait_for_done(keys: bool, piped: bool) -> str:
    """The plain runner's line under a set of reps that waits for the user."""
    if keys:
        return _("press d when the set is done")
    if piped:
        return _("send an empty line or d when the set is done")
    return _("untimed set: not waited for without a keyboard")


def check_hint(keys: bool, piped: bool) -> str:
    """How a check is answered in the plain runner."""
    if keys:
        return _("answer with a number key")
    if piped:
        return _("answer with a line: its number")
    return _("no keyboard: unanswered")


def halfway() -> str:
    return _("halfway")


def rep_tick(rep: int) -> str:
    """``rep 1``, then the bare number: a count the plain runner writes on one line."""
    return _("rep {rep}").format(rep=rep) if rep == 1 else str(rep)


def ended_notes(
    *, answer: str | None, check: bool, skipped: bool, actual: float, extended: float
) -> list[str]:
    """Notes on an interval that ended: its answer, a skip, an extension."""
    notes = []
    if answer is not None:
        notes.append(_("answer: {answer}").format(answer=answer))
    elif check:
        notes.append(_("unanswered"))
    if skipped and not check:
        notes.append(_("skipped after {time}").format(time=elapsed(actual)))
    if extended:
        notes.append(_("extended {seconds} s").format(seconds=number(extended)))
    return notes


def paused(reason: str | None, keys: bool) -> str:
    """The plain runner's line when a session pauses (``suspend``: time stopped)."""
    if reason == "suspend":
        if keys:
            return _(
                "paused: time stopped (the computer slept or the program was stopped); "
                "press space to go on"
            )
        return _("paused: time stopped (the computer slept or the program was stopped)")
    return _("paused (press space to go on)")


def resumed() -> str:
    return _("resumed")


def paused_banner(reason: str | None, stopped_by_user: bool) -> str:
    """The session screen's banner while paused."""
    if reason == "suspend":
        if stopped_by_user:
            return _("PAUSED (psoas was suspended) · press space to go on")
        return _("PAUSED (the computer slept) · press space to go on")
    return _("PAUSED · press space to go on")


def remaining_caption(timed: bool, reps: bool) -> str:
    """What the big digits show: the time remaining, or (untimed) the time waited."""
    if timed:
        return _("remaining")
    return _("press d when the set is done") if reps else _("waiting for you")


def caption(label: str, side: str) -> str:
    """The caption under the digits: ``remaining · left side``."""
    return _("{label} · {side}").format(label=label, side=side) if side else label


def progress(left: float, untimed: int = 0) -> str:
    """The whole session's time left, beside its progress line: ``about 3 min left``, then
    ``under a minute left``; ``about 3 min left + 2 untimed`` while ``untimed`` intervals
    (they take what the user takes) are still to come. Whole minutes, so that it changes
    about once a minute: the big digits count the seconds, and a second counter ticking
    below them would compete with them (and cost a redraw a second)."""
    if left < 60:
        time = _("under a minute left")
    else:
        time = _("about {minutes} min left").format(minutes=int(left / 60 + 0.5))
    if untimed:
        return _("{time} + {untimed} untimed").format(time=time, untimed=untimed)
    return time


def answers_per_side(plan: Plan) -> bool:
    """Whether a side's result is its answers: questions asked per side, no exercise."""
    sided = [interval for interval in plan.intervals if interval.side is not None]
    return any(i.kind is IntervalKind.CHECK for i in sided) and not any(
        i.is_exercise for i in sided
    )


def side_results(tally: Tallied, plan: Plan) -> dict[str, str]:
    """What each side did, for a summary: its exercise time, or, for a test done on both
    sides (no exercise per side, see :func:`answers_per_side`), what was answered for it
    rather than "0 s"."""
    if not answers_per_side(plan):
        return {side: human(tally.per_side[side]) for side in SIDES}
    sided = [check for check in tally.checks if check.side in SIDES]
    named = len({check.step for check in sided}) > 1
    results = {}
    for side in SIDES:
        parts = []
        for check in sided:
            if check.side == side:
                answer = check.answer or not_answered()
                parts.append(
                    _("{step}: {answer}").format(step=check.step, answer=answer)
                    if named
                    else answer
                )
        results[side] = " · ".join(parts) or not_answered()
    return results


def summary_title(finished: bool, routine: str) -> str:
    """``Done: Pre-run warm-up`` or ``Stopped: …``."""
    if finished:
        return _("Done: {routine}").format(routine=routine)
    return _("Stopped: {routine}").format(routine=routine)


def facts(plan: Plan, tally: Tallied) -> list[tuple[str, str]]:
    """The numbers of a session, as (label, value) rows (the summary screen)."""
    rows = [
        (
            _("Active time"),
            _("{active} of {planned} planned").format(
                active=human(tally.active), planned=human(plan.total_seconds)
            ),
        ),
        (
            _("Intervals"),
            _("{done} done · {skipped} skipped").format(done=tally.done, skipped=tally.skipped),
        ),
    ]
    sides = side_results(tally, plan)  # a side's time, or for a test what it answered
    rows += [(_("Left side"), sides["left"]), (_("Right side"), sides["right"])]
    if tally.both_sides:
        rows.append((_("No side"), human(tally.both_sides)))
    shown_by_side = answers_per_side(plan)
    for check in tally.checks:
        if check.side is None or not shown_by_side:
            question = check.question
            if check.side:
                side = side_word(check.side) if check.side in SIDES else check.side  # type: ignore[arg-type]
                question = _("{question} ({side})").format(question=question, side=side)
            rows.append((question, check.answer or not_answered()))
    return rows


def footer(finished: bool, active: float, planned: float, sides: Mapping[str, str] | None) -> str:
    """The plain runner's last lines: per side (when the plan has sides), then the time."""
    lines = []
    if sides is not None:
        lines.append(
            _("Left side: {left} · Right side: {right}").format(
                left=sides["left"], right=sides["right"]
            )
        )
    if finished:
        end = _("Done. Active time {active} (planned {planned}).")
    else:
        end = _("Stopped. Active time {active} (planned {planned}).")
    lines.append(end.format(active=elapsed(active), planned=clock(planned)))
    return "\n".join(lines) + "\n"
