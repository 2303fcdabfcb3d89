"""Words about coaching (docs/coaching.md): a fit to a time budget, the tight side's longer
hold and why, the per-side results in ``stats``, and their errors.

The facts come from :mod:`psoas_tui.coaching` as data; only this module makes words of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from psoas_tui.kinds import other_side
from psoas_tui.text.durations import clock, day_month, human, seconds
from psoas_tui.text.i18n import N_, _, ngettext, number
from psoas_tui.text.intervals import side_word

if TYPE_CHECKING:
    from psoas_tui.coaching.adapt import Adapted
    from psoas_tui.coaching.fit import DurationError, Fit
    from psoas_tui.history.model import SideTrend
    from psoas_tui.kinds import Side

_DURATION_PROBLEMS = {
    "empty": N_("--fit needs a time, e.g. 8m, 5:30 or 330s"),
    "format": N_('"{text}" is not a time psoas reads: write it as 8m, 8m30s, 5:30 or 330s'),
    "seconds": N_('"{text}": the seconds after a colon run from 00 to 59 (5:30, not 5:75)'),
    "zero": N_('"{text}" is no time at all: give a budget above zero, e.g. 8m'),
    "too_long": N_('"{text}" is longer than a day: give a budget of at most 24h'),
}


def duration_error(error: DurationError) -> str:
    """Why a ``--fit`` value cannot be read, and how to write it."""
    return _(_DURATION_PROBLEMS[str(error.problem)]).format(text=error.text)


def budget(seconds: float) -> str:
    """A budget as people say it: ``8 min``, ``5 min 30 s``."""
    return human(seconds)


def fitted_to(seconds: float) -> str:
    """``fitted to 8 min`` (history, beside the active time)."""
    return _("fitted to {budget}").format(budget=budget(seconds))


def out_of_reach(name: str, fit: Fit) -> str:
    """The error of a budget the routine cannot be fitted to, with the range it can."""
    return _(
        "{name} cannot be fitted to {budget}: it can be fitted to between {shortest} and "
        "{longest}. Give --fit a time in that range, or run it without --fit ({written})."
    ).format(
        name=name,
        budget=budget(fit.budget),
        shortest=clock(fit.shortest),
        longest=clock(fit.longest),
        written=clock(fit.written_seconds),
    )


def fit_line(fit: Fit) -> str:
    """``fitted to 8 min: 7:58, includes estimates; left out: Strides``."""
    line = _("fitted to {budget}: {total}").format(
        budget=budget(fit.budget), total=clock(fit.seconds)
    )
    if fit.factor == 1.0 and not fit.dropped_sets and not fit.dropped_steps:
        line = _("fitted to {budget}: {total}, as written").format(
            budget=budget(fit.budget), total=clock(fit.seconds)
        )
    parts = [line]
    if fit.estimated:
        parts.append(includes_estimates())
    if fit.dropped_steps:
        parts.append(
            _("left out: {steps}").format(steps=", ".join(step.name for step in fit.dropped_steps))
        )
    if fit.dropped_sets:
        parts.append(
            _("fewer sets: {steps}").format(
                steps=", ".join(
                    _("{name} {kept} of {written}").format(
                        name=drop.name, kept=drop.kept, written=drop.written
                    )
                    for drop in fit.dropped_sets
                )
            )
        )
    return "; ".join(parts)


def fit_question(name: str) -> str:
    """The title of home's fit input."""
    return _("Fit {routine} to how much time?").format(routine=name)


def budget_placeholder() -> str:
    return _("e.g. 8m, 5:30 or 330s")


def budget_help() -> str:
    return _("Enter fits it, an empty time runs it as written; Esc cancels.")


def budget_text(seconds: int) -> str:
    """A budget as the fit input shows it again: ``8m``, ``5:30``."""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}m" if not rest else f"{minutes}:{rest:02d}"


def out_of_reach_here(fit: Fit) -> str:
    """Home's detail pane: a remembered budget the routine cannot be fitted to."""
    return _(
        "It cannot be fitted to {budget}: only to between {shortest} and {longest}. "
        "Press f to change the time."
    ).format(budget=budget(fit.budget), shortest=clock(fit.shortest), longest=clock(fit.longest))


def not_remembered(error: str) -> str:
    """The budget could not be written to the user's state."""
    return _("Could not remember the budget ({error}); the session goes on.").format(error=error)


def includes_estimates() -> str:
    return _("includes estimates of the untimed steps")


def tight_reason(adapted: Adapted) -> str | None:
    """``right 45 s, left 30 s: your Thomas test on 26 Nov found the right side tighter``;
    None when no side gets more."""
    side = adapted.extra.side
    if side is None or not adapted.holds:
        return None
    hold = adapted.holds[0]
    other = other_side(side)
    holds = _("{tight_side} {tight}, {other_side} {other}").format(
        tight_side=side_word(side),
        tight=seconds(hold.tight),
        other_side=side_word(other),
        other=seconds(hold.other),
    )
    found = adapted.extra.state.found
    if found is None:
        why = _("your recent results found the {side} side tighter").format(side=side_word(side))
    elif found.source == "check":
        why = _("your {test} on {day} found the {side} side tighter").format(
            test=found.test, day=day_month(found.when.date()), side=side_word(side)
        )
    else:
        why = _("your tightness rating on {day} found the {side} side tighter").format(
            day=day_month(found.when.date()), side=side_word(side)
        )
    return _("{holds}: {why}").format(holds=holds, why=why)


def reason_lines(adapted: Adapted | None) -> list[str]:
    """Every line that says what the coaching changed and why (``show``, ``--plain``)."""
    if adapted is None:
        return []
    lines = []
    if adapted.fit is not None:
        lines.append(fit_line(adapted.fit))
    reason = tight_reason(adapted)
    if reason is not None:
        lines.append(reason)
    return lines


# -- stats --------------------------------------------------------------------------------


def tight_now(trend: Sequence[SideTrend], tight: Side | None) -> str:
    """``Tight now: right``, ``Tight now: neither side``, or no results yet."""
    if not trend:
        return _("No Thomas test or tightness rating yet: run psoas run thomas-test")
    if tight is None:
        return _("Tight now: neither side")
    return _("Tight now: {side}").format(side=side_word(tight))


def gap_trend(trend: Sequence[SideTrend]) -> str | None:
    """Whether the gap between the sides is closing over the weeks (first week with both
    sides against the last), or None with fewer than two such weeks."""
    gaps = [abs(week.gap) for week in trend if week.gap is not None]
    if len(gaps) < 2:
        return None
    first, last = gaps[0], gaps[-1]
    weeks = len(gaps)
    if last < first - 0.05:
        return ngettext(
            "The gap is closing: {first} to {last} over {weeks} week with results",
            "The gap is closing: {first} to {last} over {weeks} weeks with results",
            weeks,
        ).format(first=score(first), last=score(last), weeks=weeks)
    if last > first + 0.05:
        return ngettext(
            "The gap is widening: {first} to {last} over {weeks} week with results",
            "The gap is widening: {first} to {last} over {weeks} weeks with results",
            weeks,
        ).format(first=score(first), last=score(last), weeks=weeks)
    return _("The gap is steady at {gap}").format(gap=score(last))


def gap_chart_title() -> str:
    """Over the history screen's chart of the gap between the sides, a bar a week."""
    return _("Gap between the sides, a bar a week (0 to 2):")


def score(value: float | None) -> str:
    """A mean on the Thomas scale: ``1.3`` (Dutch ``1,3``); ``-`` for none."""
    return "-" if value is None else number(value, ".1f")


SIDES_TITLE = N_("Sides: Thomas scores and tightness / 5 (0 loose, 2 clearly tight)")
SIDES_COLUMNS = (N_("Week"), N_("Left"), N_("Right"), N_("Gap"), N_("Results"))
