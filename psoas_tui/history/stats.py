"""``psoas stats``: streaks, weeks, routines and sides. The aggregation happens in SQL."""

from __future__ import annotations

import itertools
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from psoas_tui.history.model import (
    AnswerStats,
    RoutineStats,
    SideTrend,
    Stats,
    StepSideStats,
    TightnessStats,
    WeekStats,
)
from psoas_tui.kinds import SIDES

if TYPE_CHECKING:
    from psoas_tui.coaching.sides import SideResult


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def window_start(today: date, weeks: int) -> date:
    """The Monday of the ISO week ``weeks - 1`` weeks before this one."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=max(1, weeks) - 1)


def streaks(days: list[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of consecutive days. A streak still counts today if the
    last day done was yesterday: today is not over yet."""
    if not days:
        return 0, 0
    ordered = sorted(set(days))
    longest = run = 1
    for previous, day in itertools.pairwise(ordered):
        run = run + 1 if (day - previous).days == 1 else 1
        longest = max(longest, run)
    done = set(ordered)
    cursor = today if today in done else today - timedelta(days=1)
    current = 0
    while cursor in done:
        current += 1
        cursor -= timedelta(days=1)
    return current, longest


def side_trend(results: Iterable[SideResult], since: date) -> tuple[SideTrend, ...]:
    """Per ISO week from ``since``, each side's mean result on the Thomas scale 0–2."""
    weeks: dict[str, dict[str, list[float]]] = {}
    for result in sorted(results, key=lambda r: r.when):
        day = result.when.date()
        if day >= since:
            weeks.setdefault(iso_week(day), {}).setdefault(result.side, []).append(result.value)
    trend = []
    for week, sides in weeks.items():
        left, right = (sides.get(side) for side in SIDES)
        trend.append(
            SideTrend(
                week,
                sum(left) / len(left) if left else None,
                sum(right) / len(right) if right else None,
                len(left or ()) + len(right or ()),
            )
        )
    return tuple(trend)


def compute_stats(conn: sqlite3.Connection | None, *, today: date, weeks: int = 12) -> Stats:
    start = window_start(today, weeks)
    mondays = [start + timedelta(weeks=n) for n in range(max(1, weeks))]
    if conn is None:
        return Stats(
            today=today,
            current_streak=0,
            longest_streak=0,
            days_done=0,
            total_sessions=0,
            completed_sessions=0,
            total_minutes=0.0,
            left_seconds=0.0,
            right_seconds=0.0,
            weeks=tuple(WeekStats(*m.isocalendar()[:2], m, 0, 0, 0.0, 0.0, 0.0) for m in mondays),
            routines=(),
            steps=(),
            answers=(),
            tightness=(),
        )
    # Sessions, minutes and sides come from the totals the triggers keep (schema v3-v5).
    days = [
        date.fromisoformat(row[0])
        for row in conn.execute("SELECT local_date FROM day_totals WHERE completed > 0")
    ]
    current, longest = streaks(days, today)

    routines = []
    totals = [0, 0, 0.0, 0.0, 0.0]
    for slug, count, completed, active, left, right, last_day in conn.execute(
        "SELECT routine_slug, sessions, completed, active_seconds, left_seconds, "
        "right_seconds, last_date FROM routine_totals WHERE sessions > 0 "
        "ORDER BY sessions DESC, routine_slug"
    ):
        name_row = conn.execute(
            "SELECT routine_name FROM sessions WHERE routine_slug = ? "
            "ORDER BY started_utc DESC LIMIT 1",
            (slug,),
        ).fetchone()
        routines.append(
            RoutineStats(
                slug,
                name_row[0] if name_row else slug,
                int(count),
                int(completed),
                active / 60.0,
                date.fromisoformat(last_day),
            )
        )
        totals[0] += count
        totals[1] += completed
        totals[2] += active
        totals[3] += left
        totals[4] += right

    by_week: dict[date, list[float]] = {m: [0, 0, 0.0, 0.0, 0.0] for m in mondays}
    for day_text, count, completed, active, left, right in conn.execute(
        "SELECT local_date, sessions, completed, active_seconds, left_seconds, "
        "right_seconds FROM day_totals WHERE local_date >= ?",
        (start.isoformat(),),
    ):
        day = date.fromisoformat(day_text)
        monday = day - timedelta(days=day.weekday())
        if monday not in by_week:
            continue  # a session dated after today (clock changes, imports)
        bucket = by_week[monday]
        for position, value in enumerate((count, completed, active, left, right)):
            bucket[position] += value
    week_stats = tuple(
        WeekStats(
            *monday.isocalendar()[:2],
            monday,
            int(values[0]),
            int(values[1]),
            max(0.0, values[2]) / 60.0,
            max(0.0, values[3]),
            max(0.0, values[4]),
        )
        for monday, values in by_week.items()
    )

    steps = tuple(
        StepSideStats(name, left or 0.0, right or 0.0)
        for name, left, right in conn.execute(
            "SELECT step_name, SUM(left_seconds), SUM(right_seconds) FROM daily_steps "
            "WHERE local_date >= ? GROUP BY step_name ORDER BY step_name",
            (start.isoformat(),),
        )
    )

    answer_counts: dict[tuple[str, str, str | None, str], dict[str, int]] = defaultdict(dict)
    for day_text, step_name, question, side, answer, count in conn.execute(
        "SELECT local_date, step_name, question, side, answer, count FROM daily_answers "
        "WHERE local_date >= ? AND count > 0",
        (start.isoformat(),),
    ):
        key = (iso_week(date.fromisoformat(day_text)), step_name, side or None, question)
        label = answer or "unanswered"
        answer_counts[key][label] = answer_counts[key].get(label, 0) + count
    answers = tuple(
        AnswerStats(step_name, question, side, week, counts)
        for (week, step_name, side, question), counts in sorted(
            answer_counts.items(), key=lambda item: (item[0][1], item[0][3], item[0][0])
        )
    )

    tight: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for day_text, side, total, count in conn.execute(
        "SELECT local_date, side, total, count FROM daily_tightness "
        "WHERE local_date >= ? AND count > 0",
        (start.isoformat(),),
    ):
        pair = tight[(iso_week(date.fromisoformat(day_text)), side)]
        pair[0] += total
        pair[1] += count
    tightness = tuple(
        TightnessStats(week, side, values[0] / values[1], values[1])
        for (week, side), values in sorted(tight.items())
    )

    return Stats(
        today=today,
        current_streak=current,
        longest_streak=longest,
        days_done=len(set(days)),
        total_sessions=int(totals[0]),
        completed_sessions=int(totals[1]),
        total_minutes=totals[2] / 60.0,
        left_seconds=totals[3],
        right_seconds=totals[4],
        weeks=week_stats,
        routines=tuple(routines),
        steps=steps,
        answers=answers,
        tightness=tightness,
    )


def stats_json(stats: Stats) -> dict[str, object]:
    """The ``psoas stats --json`` document."""
    return {
        "today": stats.today.isoformat(),
        "streak": {
            "current": stats.current_streak,
            "longest": stats.longest_streak,
            "days_done": stats.days_done,
        },
        "totals": {
            "sessions": stats.total_sessions,
            "completed": stats.completed_sessions,
            "minutes": round(stats.total_minutes, 2),
            "left_seconds": round(stats.left_seconds, 2),
            "right_seconds": round(stats.right_seconds, 2),
        },
        "weeks": [
            {
                "week": f"{w.year}-W{w.week:02d}",
                "monday": w.monday.isoformat(),
                "sessions": w.sessions,
                "completed": w.completed,
                "minutes": round(w.minutes, 2),
                "left_seconds": round(w.left_seconds, 2),
                "right_seconds": round(w.right_seconds, 2),
            }
            for w in stats.weeks
        ],
        "routines": [
            {
                "slug": r.slug,
                "name": r.name,
                "sessions": r.sessions,
                "completed": r.completed,
                "minutes": round(r.minutes, 2),
                "last": r.last.isoformat(),
            }
            for r in stats.routines
        ],
        "per_side_steps": [
            {
                "step": s.step_name,
                "left_seconds": round(s.left_seconds, 2),
                "right_seconds": round(s.right_seconds, 2),
            }
            for s in stats.steps
        ],
        "check_answers": [
            {
                "step": a.step_name,
                "question": a.question,
                "side": a.side,
                "week": a.week,
                "answers": a.counts,
            }
            for a in stats.answers
        ],
        "tightness": [
            {"week": t.week, "side": t.side, "average": round(t.average, 2), "ratings": t.ratings}
            for t in stats.tightness
        ],
    }
