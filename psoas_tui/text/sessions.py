"""A logged session in words: its status, its detail, the history's numbers.

The log's row types are used for their fields only (``history`` is not imported when
psoas runs: the text layer stands below it)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from psoas_tui.text.durations import clock, day_month, elapsed, human, when_long
from psoas_tui.text.i18n import N_, _, ngettext, number

if TYPE_CHECKING:
    from psoas_tui.history.model import IntervalRow, SessionRow, Stats

# One display word per status, in the app and in the CLI's tables alike. The stored values
# stay the file format of exports and JSON.
STATUS_WORDS = {
    "running": N_("running"),
    "completed": N_("done"),
    "abandoned": N_("stopped"),
    "interrupted": N_("cut off"),
}
# Wide enough for the longest word in any language psoas speaks (Dutch "afgebroken").
STATUS_WIDTH = 10


def status_word(status: str) -> str:
    """The word a person reads for a stored status (an unknown one is shown as it is)."""
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


# -- a logged session ------------------------------------------------------------------------


def side_name(side: str | None) -> str:
    """A logged side in words (``left``, ``right``); anything else as it is."""
    if side is None:
        return ""
    return _(SIDE_NAMES[side]) if side in SIDE_NAMES else side


SIDE_NAMES = {"left": N_("left"), "right": N_("right")}


def question_on_side(question: str, side: str | None) -> str:
    """``Thomas test (left)``; the question alone without a side."""
    if not side:
        return question
    return _("{question} ({side})").format(question=question, side=side_name(side))


def detail_title(session: SessionRow) -> str:
    """``Desk break · Tue 24 Nov 2026 07:15 · done`` (names cleaned by the caller)."""
    return _("{routine} · {when} · {status}").format(
        routine=session.routine_name,
        when=when_long(session.started),
        status=status_word(session.status),
    )


def detail_facts(session: SessionRow, clean: Callable[[str], str]) -> list[str]:
    """The lines under a session's title: active time, sides, tightness, note, answers.
    ``clean`` makes text from the log safe to show (it came from outside)."""
    facts = [
        _("active {active} of {planned} planned").format(
            active=elapsed(session.active_seconds), planned=clock(session.planned_seconds)
        ),
        sides_line(session.left_seconds, session.right_seconds),
    ]
    tight = {side: value for side, value in session.tightness.items() if value is not None}
    if tight:
        ratings = " · ".join(
            _("{side} {rating}").format(side=side_name(side), rating=value)
            for side, value in tight.items()
        )
        facts.append(_("tightness {ratings}").format(ratings=ratings))
    if session.note:
        facts.append(_("note: {note}").format(note=clean(session.note)))
    for answer in session.answers:
        where = question_on_side(
            clean(answer.question), clean(answer.side) if answer.side else None
        )
        reply = clean(answer.answer) if answer.answer else _("not answered")
        facts.append(_("{question}: {answer}").format(question=where, answer=reply))
    return facts


def sides_line(left: float, right: float) -> str:
    """``left 2 min · right 2 min 10 s``."""
    return _("left {left} · right {right}").format(left=human(left), right=human(right))


def interval_names(rows: Sequence[IntervalRow]) -> list[str]:
    """What each logged interval of one session is called: ``Get ready``, ``Switch sides``,
    ``Rest`` between sets or rounds, or the step's name.

    The log keeps the author's text only: the label is the step name. A label that is
    something else (a row logged before psoas had a text layer, "Rest" and the like, or
    one imported) is shown as it is. A rest is between sets when its step has other kinds
    of interval, between rounds when its step is a block (holds steps numbered under it);
    otherwise it is a rest the author wrote."""
    kinds: dict[str, set[str]] = {}
    for row in rows:
        kinds.setdefault(row.step_number, set()).add(row.kind)
    blocks = {number.rpartition(".")[0] for number in kinds if "." in number}
    names = []
    for row in rows:
        if row.label and row.label != row.step_name:
            names.append(row.label)
        elif row.kind == "get_ready":
            names.append(_("Get ready"))
        elif row.kind == "switch":
            names.append(_("Switch sides"))
        elif row.kind == "rest" and (
            kinds[row.step_number] != {"rest"} or row.step_number in blocks
        ):
            names.append(_("Rest"))
        else:
            names.append(row.step_name)
    return names


def interval_notes(row: IntervalRow) -> str:
    """``skipped, +10 s``."""
    notes = []
    if row.skipped:
        notes.append(_("skipped"))
    if row.extended_seconds:
        notes.append(_("+{seconds} s").format(seconds=number(row.extended_seconds)))
    return ", ".join(notes)


def not_planned() -> str:
    """The planned time of an interval that had none (it waited for the user)."""
    return "—"


# -- the history's numbers -----------------------------------------------------------------


def days(count: int) -> str:
    """``1 day``, ``3 days``."""
    return ngettext("{count} day", "{count} days", count).format(count=count)


def sessions_count(count: int) -> str:
    return ngettext("{count} session", "{count} sessions", count).format(count=count)


def streak_label() -> str:
    return _("Streak")


def streak_rest(longest: int, sessions: int, seconds: float) -> str:
    """`` · longest 4 · 12 sessions · 1 h 5 min in all`` (after the streak's days)."""
    return _(" · longest {longest} · {sessions} · {time} in all").format(
        longest=longest, sessions=sessions_count(sessions), time=human(seconds)
    )


def last_weeks(weeks: int) -> str:
    return ngettext("Last {count} week", "Last {count} weeks", weeks).format(count=weeks)


def minutes_per_week() -> str:
    return _("Minutes per week")


def most_minutes(top: float) -> str:
    """`` (most 12)`` beside the chart's title."""
    shown = f"{top:.0f}" if top >= 1 else f"{top:.1f}"
    return _(" (most {minutes})").format(minutes=shown)


def week_label(week: int) -> str:
    """``W47``: an ISO week under the chart."""
    return _("W{week}").format(week=f"{week:02d}")


def per_side() -> str:
    return _("Per side")


def tightness_by_week() -> str:
    return _("Tightness (0-10) by week")


def last_rating(value: float | None) -> str:
    return _(" last {rating}").format(rating=f"{value:.1f}") if value is not None else ""


def check_answers() -> str:
    return _("Check answers")


def answer_counts(counts: Mapping[str, int], clean: Callable[[str], str]) -> str:
    """``a little ×3, no ×1``."""
    return ", ".join(
        _("{answer} ×{count}").format(answer=clean(answer), count=count)
        for answer, count in counts.items()
    )


def week_with_monday(year: int, week: int, monday: date) -> str:
    """``2026-W47 (16 Nov)``: ``psoas stats``' week column."""
    return _("{year}-W{week} ({monday})").format(
        year=year, week=f"{week:02d}", monday=day_month(monday, padded=True)
    )


def stats_headline(stats: Stats) -> str:
    """``psoas stats``' first line."""
    return _(
        "Streak: {days} (longest {longest}) · {completed} of {total} sessions completed · "
        "{minutes} min in all · left {left} min, right {right} min of per-side work"
    ).format(
        days=days(stats.current_streak),
        longest=stats.longest_streak,
        completed=stats.completed_sessions,
        total=stats.total_sessions,
        minutes=f"{stats.total_minutes:.0f}",
        left=f"{stats.left_seconds / 60:.1f}",
        right=f"{stats.right_seconds / 60:.1f}",
    )
