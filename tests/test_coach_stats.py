"""``psoas stats`` extends the per-side view with the Thomas scores (issue #17): which side
is tight now, and whether the gap is closing over the weeks, as a table."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from psoas_tui.cli import main
from psoas_tui.coaching.sides import SideResult
from psoas_tui.history import open_log
from psoas_tui.history.stats import side_trend
from psoas_tui.locations import user_locations
from psoas_tui.text.coaching import gap_trend
from tests.test_history import run_session


def thomas(day: date, left: float, right: float) -> list[SideResult]:
    when = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
    return [SideResult(when, "left", left, "check"), SideResult(when, "right", right, "check")]


def test_the_gap_closing_over_the_weeks_is_said() -> None:
    results = [
        *thomas(date(2026, 11, 2), 0, 2),
        *thomas(date(2026, 11, 9), 0, 1),
        *thomas(date(2026, 11, 16), 1, 1),
    ]
    trend = side_trend(results, date(2026, 10, 26))
    assert [(w.week, w.left, w.right, w.gap) for w in trend] == [
        ("2026-W45", 0.0, 2.0, 2.0),
        ("2026-W46", 0.0, 1.0, 1.0),
        ("2026-W47", 1.0, 1.0, 0.0),
    ]
    assert gap_trend(trend) == "The gap is closing: 2.0 to 0.0 over 3 weeks with results"
    assert gap_trend(side_trend(list(reversed(results)), date(2026, 11, 9))) == (
        "The gap is closing: 1.0 to 0.0 over 2 weeks with results"
    )
    widening = [*thomas(date(2026, 11, 2), 1, 1), *thomas(date(2026, 11, 9), 0, 2)]
    assert gap_trend(side_trend(widening, date(2026, 11, 2))) == (
        "The gap is widening: 0.0 to 2.0 over 2 weeks with results"
    )


def test_stats_says_which_side_is_tight_now_with_the_weekly_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with open_log(user_locations(), warn=pytest.fail) as log:
        sid, _plan, _session = run_session(log, "desk-break")
        log.save_summary(sid, tightness={"left": 0, "right": 10})  # 0.0 and 2.0
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert "Tight now: right" in out
    assert "Sides: Thomas scores and tightness / 5" in out
    assert "│  0.0 │   2.0 │ 2.0 │" in out.replace("┃", "│")


def test_stats_without_results_says_how_to_get_some(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats"]) == 0
    assert "No Thomas test or tightness rating yet" in capsys.readouterr().out


def test_the_gap_is_said_in_dutch_with_a_decimal_comma() -> None:
    from psoas_tui.text import i18n

    results = [*thomas(date(2026, 11, 2), 0, 2), *thomas(date(2026, 11, 9), 0, 1.5)]
    trend = side_trend(results, date(2026, 10, 26))
    i18n.set_language("nl")
    try:
        said = gap_trend(trend)
    finally:
        i18n.set_language("en")
    assert said == "Het verschil wordt kleiner: van 2,0 naar 1,5 in 2 weken met metingen"
