"""A routine in words: its length, where it comes from, its plan as ``psoas show`` lists it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from psoas_tui.text.durations import clock, human
from psoas_tui.text.i18n import N_, _, ngettext, number

if TYPE_CHECKING:
    from psoas_tui.plan import Interval, Plan


def length(total_seconds: float, untimed: int) -> str:
    """``8 min`` or ``8 min + 2 untimed`` (untimed intervals take what the user takes)."""
    if untimed:
        return _("{time} + {untimed} untimed").format(time=human(total_seconds), untimed=untimed)
    return human(total_seconds)


def plan_length(plan: Plan) -> str:
    return length(plan.total_seconds, plan.untimed_count)


def short_length(plan: Plan) -> str:
    """``8:00``, or ``8:00+`` with untimed intervals (a list's column)."""
    return clock(plan.total_seconds) + ("+" if plan.untimed_count else "")


def source(bundled: bool, file_name: str) -> str:
    """``bundled``, or ``yours (stretch.toml)``."""
    return _("bundled") if bundled else _("yours ({file})").format(file=file_name)


def has_problems(where: str) -> str:
    """``yours (x.toml) · this file has problems``."""
    return _("{source} · this file has problems").format(source=where)


def invalid() -> str:
    """A routine whose file has problems, in a list's time column."""
    return _("invalid")


def never_timed() -> str:
    return _("until done")


def set_column(interval: Interval) -> str:
    """``psoas show``'s set column: ``2/3``, ``round 1/2 set 2/3``, or empty."""
    sets = f"{interval.set}/{interval.sets}" if interval.sets > 1 else ""
    if interval.rounds > 1:
        rounds = _("round {round}/{rounds}").format(round=interval.round, rounds=interval.rounds)
        if sets:
            return _("{rounds} set {sets}").format(rounds=rounds, sets=sets)
        return rounds
    return sets


def reps_column(interval: Interval) -> str:
    """``psoas show``'s reps column: ``12`` or ``12 @ 2 s``."""
    if not interval.reps:
        return ""
    if interval.tempo:
        return _("{reps} @ {tempo} s").format(reps=interval.reps, tempo=number(interval.tempo))
    return str(interval.reps)


KIND_WORDS = {
    "get_ready": N_("get-ready"),
    "work": N_("work"),
    "reps": N_("reps"),
    "switch": N_("switch"),
    "rest": N_("rest"),
    "check": N_("check"),
}


def kind_column(interval: Interval) -> str:
    """``get-ready``, ``work``, ``rest``: the kind as ``psoas show`` writes it."""
    kind = str(interval.kind)
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind.replace("_", "-")


def side_word(side: str | None) -> str:
    """``psoas show``'s side column: ``left``, ``right`` or empty."""
    from psoas_tui.text.sessions import side_name

    return side_name(side)


def total_line(plan: Plan) -> str:
    """``Total: 2:43 (2 min 43 s) plus 3 untimed interval(s) that wait for you``."""
    total = _("Total: {clock} ({human})").format(
        clock=clock(plan.total_seconds), human=human(plan.total_seconds)
    )
    if plan.untimed_count:
        more = ngettext(
            "plus {count} untimed interval(s) that wait for you",
            "plus {count} untimed interval(s) that wait for you",
            plan.untimed_count,
        ).format(count=plan.untimed_count)
        total = _("{total} {more}").format(total=total, more=more)
    return total


def checked(path: str, name: str, plan: Plan) -> str:
    """``psoas check``'s line for a good file: ``x.toml: ok, Stretch, 8 min, 14 intervals``."""
    return _("{path}: ok, {name}, {time}, {count} intervals").format(
        path=path, name=name, time=human(plan.total_seconds), count=len(plan.intervals)
    )
