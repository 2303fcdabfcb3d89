"""An interval, a plan and a routine in words: phases, sides, titles, counts, "next"."""

from __future__ import annotations

from typing import Any

from psoas_tui.plan import Interval, IntervalKind, Plan
from psoas_tui.routine.model import Side, StepKind
from psoas_tui.text.durations import clock, elapsed, human, seconds
from psoas_tui.text.i18n import N_, _, ngettext

PHASE_WORDS = {
    IntervalKind.GET_READY: N_("GET READY"),
    IntervalKind.WORK: N_("WORK"),
    IntervalKind.REPS: N_("REPS"),
    IntervalKind.SWITCH: N_("SWITCH SIDES"),
    IntervalKind.REST: N_("REST"),
    IntervalKind.CHECK: N_("CHECK"),
}
SIDE_WORDS = {"left": N_("left"), "right": N_("right")}
BIG_SIDE_WORDS = {"left": N_("LEFT"), "right": N_("RIGHT")}


def phase_word(kind: IntervalKind) -> str:
    """The phase in capitals, for the session screen's badge: ``GET READY``, ``REST``."""
    return _(PHASE_WORDS[kind])


def side_word(side: Side) -> str:
    """``left`` or ``right``."""
    return _(SIDE_WORDS[side])


def big_side_word(side: Side) -> str:
    """``LEFT`` or ``RIGHT``, drawn large."""
    return _(BIG_SIDE_WORDS[side])


def side_words(interval: Interval) -> tuple[str, str]:
    """The side in large letters and in words (never colour alone)."""
    if interval.side is None:
        return "", ""
    big = big_side_word(interval.side)
    if interval.kind is IntervalKind.SWITCH:
        return big, _("switch to the {side} side").format(side=side_word(interval.side))
    if interval.kind is IntervalKind.GET_READY:
        return big, _("start on the {side} side").format(side=side_word(interval.side))
    return big, _("{side} side").format(side=side_word(interval.side))


def check_title(interval: Interval) -> str:
    """A check's dialog title: ``Thomas test · LEFT side``."""
    if interval.side is None:
        return interval.step_name
    return _("{step} · {side} side").format(
        step=interval.step_name, side=big_side_word(interval.side)
    )


def name(interval: Interval) -> str:
    """What the interval is called in a list: ``Get ready``, ``Switch sides``, ``Rest`` (between
    sets or rounds), or the step's name (``psoas show``, the plain runner)."""
    if interval.kind is IntervalKind.GET_READY:
        return _("Get ready")
    if interval.kind is IntervalKind.SWITCH:
        return _("Switch sides")
    if interval.rests_between:
        return _("Rest")
    return interval.step_name


def title(interval: Interval) -> str:
    """``Get ready: Leg swings``, ``Switch sides: Leg swings``, ``Rest``, ``Leg swings``."""
    if interval.kind is IntervalKind.GET_READY:
        return _("Get ready: {step}").format(step=interval.step_name)
    if interval.kind is IntervalKind.SWITCH:
        return _("Switch sides: {step}").format(step=interval.step_name)
    return name(interval)


def heading(interval: Interval) -> str:
    """The plain runner's name for an interval: ``Get ready: Leg swings``, ``Switch sides``."""
    if interval.kind is IntervalKind.GET_READY:
        return title(interval)
    return name(interval)


def rest_reason(interval: Interval) -> str:
    """What a rest between sets or rounds is for: ``Set 2 of 3 comes next.``"""
    if not interval.rests_between:
        return ""
    if interval.step_kind is StepKind.BLOCK:
        return _("Round {round} of {rounds} of {block} comes next.").format(
            round=interval.round + 1, rounds=interval.rounds, block=interval.step_name
        )
    return _("Set {set} of {sets} comes next.").format(set=interval.set + 1, sets=interval.sets)


def how(interval: Interval) -> str:
    """The instructions shown with an interval (a rest between sets says what comes next)."""
    return rest_reason(interval) or interval.how


def reps(count: int) -> str:
    """``12 reps``."""
    return ngettext("{count} rep", "{count} reps", count).format(count=count)


def reps_at(count: int, tempo: float | None) -> str:
    """``12 reps``, or ``12 reps @ 2 s`` with a tempo."""
    if tempo:
        return _("{reps} @ {tempo}").format(reps=reps(count), tempo=seconds(tempo))
    return reps(count)


def rep_under_way(interval: Interval, elapsed: float) -> int:
    """The rep being done ``elapsed`` seconds into a rep interval with a tempo (from 1)."""
    if not interval.tempo or not interval.reps:
        return 1
    return min(interval.reps, int(elapsed / interval.tempo + 1e-9) + 1)


def counts(interval: Interval, elapsed: float = 0.0) -> str:
    """``round 1 of 2 · set 1 of 2 · rep 3 of 12`` (``elapsed``: seconds into the interval)."""
    parts = []
    if interval.rounds > 1:
        parts.append(
            _("round {round} of {rounds}").format(round=interval.round, rounds=interval.rounds)
        )
    if interval.sets > 1:
        parts.append(_("set {set} of {sets}").format(set=interval.set, sets=interval.sets))
    if interval.kind is IntervalKind.REPS and interval.reps:
        if interval.tempo:
            rep = rep_under_way(interval, elapsed)
            parts.append(_("rep {rep} of {reps}").format(rep=rep, reps=interval.reps))
        else:
            parts.append(reps(interval.reps))
    return " · ".join(parts)


def next_line(interval: Interval | None) -> str:
    """``Next: Leg swings (right) · 0:30``; ``Next: the end. Well done.`` after the last."""
    if interval is None:
        return _("Next: the end. Well done.")
    text = title(interval)
    if interval.side and interval.kind is not IntervalKind.SWITCH:
        text = _("{title} ({side})").format(title=text, side=side_word(interval.side))
    if interval.duration is not None:
        text += " · " + clock(interval.duration)
    elif interval.kind is IntervalKind.CHECK:
        text += " · " + _("a question")
    elif interval.reps:
        text += " · " + reps(interval.reps)
    return _("Next: {what}").format(what=text)


def outline(plan: Plan) -> list[tuple[str, str]]:
    """One line per routine step: its number and name, and what it takes."""
    rows: list[tuple[str, str]] = []
    groups: dict[str, list[Any]] = {}
    order: list[str] = []
    for interval in plan.intervals:
        if interval.kind is IntervalKind.GET_READY:
            continue
        if interval.rests_between:
            continue
        key = interval.step_number
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(interval)
    for key in order:
        intervals = groups[key]
        work = [i for i in intervals if i.kind not in (IntervalKind.SWITCH, IntervalKind.REST)]
        first = work[0] if work else intervals[0]
        parts: list[str] = []
        if first.kind is IntervalKind.CHECK:
            parts.append(_("check"))
        elif first.kind is IntervalKind.REPS and first.reps:
            parts.append(reps_at(first.reps, first.tempo))
        elif first.duration is not None:
            parts.append(human(first.duration))
        if first.side is not None:
            parts.append(_("per side"))
        if first.sets > 1:
            parts.append(
                ngettext("{count} set", "{count} sets", first.sets).format(count=first.sets)
            )
        if first.rounds > 1:
            parts.append(
                ngettext("{count} round", "{count} rounds", first.rounds).format(count=first.rounds)
            )
        total = sum(i.duration or 0.0 for i in intervals)
        detail = " · ".join(parts)
        # The time the step takes; not for a check, whose only timed part is the switch.
        if total and len(intervals) > 1 and first.kind is not IntervalKind.CHECK:
            detail += f"  ({human(total)})"
        rows.append((f"{key}. {first.step_name}", detail))
    return rows


def started_line(
    interval: Interval, offset: float, *, restarted: bool = False, check_hint: str = ""
) -> str:
    """The plain runner's line when an interval starts:
    ``[ 0:05] Hold · LEFT · set 1/2 · 0:20`` (``check_hint``: how a check is answered)."""
    parts = [_("[{offset}] {name}").format(offset=f"{elapsed(offset):>5}", name=heading(interval))]
    if restarted:
        parts.append(_("again"))
    if interval.side:
        parts.append(big_side_word(interval.side))
    if interval.rounds > 1:
        parts.append(
            _("round {round}/{rounds}").format(round=interval.round, rounds=interval.rounds)
        )
    if interval.sets > 1 and interval.kind is not IntervalKind.GET_READY:
        parts.append(_("set {set}/{sets}").format(set=interval.set, sets=interval.sets))
    if interval.reps:
        parts.append(reps_at(interval.reps, interval.tempo))
    if interval.duration is not None:
        parts.append(clock(interval.duration))
    elif interval.kind is IntervalKind.CHECK and check_hint:
        parts.append(check_hint)
    return " · ".join(parts)
