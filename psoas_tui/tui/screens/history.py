"""History: past sessions a page at a time, one session's detail, streak and trends."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static
from textual.widgets.data_table import ColumnKey

from psoas_tui.history.damage import LogDamaged
from psoas_tui.routine.text import clean_text
from psoas_tui.text import coaching
from psoas_tui.text import sessions as describe
from psoas_tui.text.durations import clock, elapsed, weekday_letters, when_short
from psoas_tui.text.i18n import N_, _
from psoas_tui.text.sessions import STATUS_WIDTH, status_word
from psoas_tui.tui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from psoas_tui.tui.app import PsoasApp

PAGE = 50
WHEN_WIDTH, ACTIVE_WIDTH = 12, 6  # "24 Nov 07:15", "1:02:03" cut to "12:34"
MIN_NAME = 6  # the routine's name gives way first: the other columns always show
BARS = " ▁▂▃▄▅▆▇█"


def calendar(days_done: set[date], today: date, weeks: int = 12) -> Content:
    """The last ``weeks`` ISO weeks as a grid: one column a week, one row a weekday."""
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=weeks - 1)
    lines: list[Content] = []
    for weekday in range(7):
        cells: list[Content | str] = [f"{weekday_letters(weekday)} "]
        for week in range(weeks):
            day = start + timedelta(weeks=week, days=weekday)
            if day > today:
                cells.append("  ")
            elif day in days_done:
                cells.append(Content.styled("██", "$success"))
            else:
                cells.append(Content.styled("··", "dim"))
        lines.append(Content.assemble(*cells))
    return Content("\n").join(lines)


def bar_chart(values: Sequence[float], labels: Sequence[str], height: int = 4) -> Content:
    """Columns of block characters, ``height`` rows, two cells a value; the first and last
    labels under them."""
    top = max(values, default=0.0)
    rows: list[str] = []
    for row in range(height, 0, -1):
        cells = []
        for value in values:
            eighths = 0 if top <= 0 else round(value / top * height * 8)
            level = max(0, min(8, eighths - (row - 1) * 8))
            cells.append(BARS[level] + " ")
        rows.append("".join(cells).rstrip())
    if labels:
        width = 2 * len(values) - 1
        first, last = labels[0], labels[-1]
        rows.append(first + last.rjust(max(1, width - len(first))))
    return Content("\n".join(rows))


def sparkline(values: Sequence[float | None], top: float) -> str:
    """One character a value, ``·`` where there is none."""
    out = []
    for value in values:
        if value is None:
            out.append("·")
        else:
            level = 0 if top <= 0 else round(value / top * 8)
            out.append(BARS[max(1, min(8, level))])
    return "".join(out)


def name_width(table_width: int, cell_padding: int) -> int:
    """The routine column's width: what the date, active time and status leave."""
    others = WHEN_WIDTH + ACTIVE_WIDTH + STATUS_WIDTH + 4 * 2 * cell_padding
    return max(MIN_NAME, table_width - others)


class SessionTable(DataTable[Any]):
    """The sessions, one a row. The routine's name gets the room the other columns leave,
    worked out again whenever the table changes size (a terminal made smaller must not
    push the active time and the status out of sight)."""

    @property
    def room(self) -> int:
        """Columns inside the border (the rows scroll vertically only)."""
        return max(0, self.size.width - self.styles.gutter.width - self.scrollbar_size_vertical)

    def on_resize(self, _event: events.Resize) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        if not self.columns:
            return
        column = self.columns[ColumnKey("routine")]
        width = name_width(self.room, self.cell_padding)
        if column.width != width:
            column.width = width
            # DataTable has no public way to resize a column: its own cache of sizes and
            # drawn lines is cleared, as adding a column does.
            self._require_update_dimensions = True
            self._clear_caches()
            self.refresh()


class HistoryScreen(Screen[None]):
    """Sessions newest first (a page at a time) beside the streak, calendar and trends."""

    CSS_PATH = "history.tcss"  # parsed when the screen is first shown

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", N_("Back")),
        Binding("enter", "open_session", N_("Detail"), priority=True),
    ]

    def __init__(self) -> None:
        super().__init__(id="history")
        self.loaded = 0
        self.exhausted = False
        self._ids: list[str] = []

    @property
    def psoas(self) -> PsoasApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Horizontal(id="history-body"):
            yield SessionTable(id="history-sessions", cursor_type="row")
            with VerticalScroll(id="history-stats"):
                yield Static(id="streak")
                yield Static(id="calendar")
                yield Static(id="weeks")
                yield Static(id="sides")
        yield KeyBar()

    def on_mount(self) -> None:
        # Columns are sized to the table, which has its size after the first layout.
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        table = self.query_one("#history-sessions", SessionTable)
        self._columns(table)
        log = self.psoas.log_store
        table.border_title = _("Sessions")
        if not log.available:
            table.border_title = _("No session log")
            self.query_one("#streak", Static).update(
                Content(log.warning or _("The session log is not available."))
            )
            return
        try:
            self.load_page()
            self.show_stats()
        except LogDamaged as error:
            self.damaged(error)

    def relabel(self) -> None:
        """The language changed: the table and the numbers again, in it."""
        self.loaded, self.exhausted, self._ids = 0, False, []
        self.query_one("#history-sessions", SessionTable).clear(columns=True)
        self._fill()

    def damaged(self, error: LogDamaged) -> None:
        """The log is damaged: say so (and where) instead of the list; never crash."""
        self.exhausted = True
        self.query_one("#history-sessions", DataTable).border_title = _("Session log damaged")
        self.query_one("#streak", Static).update(Content(str(error)))

    def _columns(self, table: SessionTable) -> None:
        """The routine name gets the room the date, time and status leave."""
        table.add_column(_("When"), key="when", width=WHEN_WIDTH)
        width = name_width(table.room, table.cell_padding)
        table.add_column(_("Routine"), key="routine", width=width)
        table.add_column(_("Active"), key="active", width=ACTIVE_WIDTH)
        table.add_column("", key="status", width=STATUS_WIDTH)

    def load_page(self) -> None:
        """Append the next page of sessions to the table."""
        if self.exhausted:
            return
        rows = self.psoas.log_store.sessions(offset=self.loaded, limit=PAGE)
        today = self.psoas.now().date()
        table = self.query_one("#history-sessions", DataTable)
        for row in rows:
            table.add_row(
                Text(when_short(row.started, today)),
                routine_cell(row),
                Text(elapsed(row.active_seconds), justify="right"),
                Text(status_word(row.status)),
                key=row.id,
            )
            self._ids.append(row.id)
        self.loaded += len(rows)
        self.exhausted = len(rows) < PAGE
        if not self._ids:
            table.border_title = _("No sessions yet: finish one and it shows here")

    @on(DataTable.RowHighlighted, "#history-sessions")
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.loaded - 5:
            try:
                self.load_page()
            except LogDamaged as error:
                self.damaged(error)

    @on(DataTable.RowSelected, "#history-sessions")
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_session()

    def show_stats(self) -> None:
        app = self.psoas
        today = app.now().date()
        stats = app.log_store.stats(today=today)
        start = today - timedelta(days=today.weekday(), weeks=11)
        days = {
            row.local_date
            for row in app.log_store.sessions(since=start, limit=None)
            if row.status == "completed"
        }
        streak = Content.assemble(
            (describe.streak_label() + " ", "bold"),
            (describe.days(stats.current_streak), "bold"),
            describe.streak_rest(
                stats.longest_streak, stats.total_sessions, stats.total_minutes * 60
            ),
        )
        self.query_one("#streak", Static).update(streak)
        self.query_one("#calendar", Static).update(
            Content.assemble((describe.last_weeks(12) + "\n", "bold"), calendar(days, today))
        )
        minutes = [week.minutes for week in stats.weeks]
        labels = [describe.week_label(week.week) for week in stats.weeks]
        top = max(minutes, default=0.0)
        self.query_one("#weeks", Static).update(
            Content.assemble(
                (describe.minutes_per_week(), "bold"),
                describe.most_minutes(top) + "\n",
                bar_chart(minutes, labels),
            )
        )
        self.query_one("#sides", Static).update(
            Content.assemble(side_trends(stats), tight_trend(app.log_store, today))
        )

    def action_open_session(self) -> None:
        table = self.query_one("#history-sessions", DataTable)
        if not self._ids or table.cursor_row >= len(self._ids):
            return
        self.open_detail(self._ids[table.cursor_row])

    @work(exclusive=True, group="detail")
    async def open_detail(self, session_id: str) -> None:
        try:
            detail = self.psoas.log_store.session_detail(session_id)
        except LogDamaged as error:
            self.damaged(error)
            return
        if detail is None:
            self.notify(_("That session is no longer in the log."), severity="warning")
            return
        await self.app.push_screen(SessionDetailScreen(detail))

    def action_close(self) -> None:
        self.dismiss(None)


def routine_cell(row: Any) -> Text:
    """The routine's name; "fitted to 8 min" after it (next to the active time) for a
    session run with a budget (#17)."""
    name = Text(clean_text(row.routine_name), no_wrap=True, overflow="ellipsis")
    if row.budget_seconds is not None:
        name.append(f" · {coaching.fitted_to(row.budget_seconds)}", style="dim")
    return name


def tight_trend(log: Any, today: date, weeks: int = 12) -> Content:
    """Which side is tight now, and a bar a week of the gap between the sides (Thomas
    scores and tightness / 5, 0–2): is it closing? (#17)"""
    from psoas_tui.coaching.sides import tight_side
    from psoas_tui.history.stats import side_trend, window_start
    from psoas_tui.history.store import TREND_SESSIONS

    results = log.side_results(sessions=TREND_SESSIONS)  # as `psoas stats` reads them
    trend = side_trend(results, window_start(today, weeks))
    parts: list[Content | str | tuple[str, str]] = [
        "\n",
        (coaching.tight_now(trend, tight_side(results).tight) + "\n", "bold"),
    ]
    gaps = [abs(week.gap) if week.gap is not None else None for week in trend]
    if any(gap is not None for gap in gaps):
        parts.append(coaching.gap_chart_title() + "\n")
        parts.append(f"{sparkline(gaps, 2.0)}\n")
    closing = coaching.gap_trend(trend)
    if closing is not None:
        parts.append(closing + "\n")
    return Content.assemble(*parts)


def side_trends(stats: Any) -> Content:
    """Per side: seconds, the weekly tightness rating and the answers to each check."""
    parts: list[Content | str | tuple[str, str]] = [(describe.per_side() + "\n", "bold")]
    parts.append(describe.sides_line(stats.left_seconds, stats.right_seconds) + "\n")
    weeks = [f"{week.year}-W{week.week:02d}" for week in stats.weeks]
    ratings: dict[str, dict[str, float]] = defaultdict(dict)
    for item in stats.tightness:
        ratings[item.side][item.week] = item.average
    if ratings:
        parts.append((describe.tightness_by_week() + "\n", "bold"))
        for side in ("left", "right"):
            series = [ratings[side].get(week) for week in weeks]
            last = next((v for v in reversed(series) if v is not None), None)
            name = describe.side_name(side)
            parts.append(f"{name:<5} {sparkline(series, 10.0)}{describe.last_rating(last)}\n")
    answers: dict[tuple[str, str | None], dict[str, dict[str, int]]] = defaultdict(dict)
    for item in stats.answers:
        answers[(item.question or item.step_name, item.side)][item.week] = item.counts
    if answers:
        parts.append((describe.check_answers() + "\n", "bold"))
        for (question, side), by_week in sorted(
            answers.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))
        ):
            latest_week = max(by_week)
            counts = by_week[latest_week]
            asked = describe.question_on_side(clean_text(question), clean_text(side or ""))
            summary = describe.answer_counts(counts, clean_text)
            parts.append(Content(f"{asked}\n  {latest_week}: {summary}\n"))
    return Content.assemble(*parts)


class SessionDetailScreen(Screen[None]):
    """Every interval of one session: planned against actual."""

    CSS_PATH = "history.tcss"  # parsed when the screen is first shown

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", N_("Back"))]

    def __init__(self, detail: Any) -> None:
        super().__init__(id="session-detail")
        self.detail = detail

    def compose(self) -> ComposeResult:
        session = self.detail.session
        with Vertical(id="detail-body"):
            yield Label(
                clean_text(describe.detail_title(session)),
                classes="stats-title",
                markup=False,
            )
            facts = describe.detail_facts(session, clean_text)
            if session.budget_seconds is not None:  # #17: beside the active time
                facts[0] = f"{facts[0]} · {coaching.fitted_to(session.budget_seconds)}"
            with VerticalScroll(id="detail-facts"):  # Tab reaches it when the facts scroll
                yield Static(Content("\n".join(facts)))
            table: DataTable[Any] = DataTable(id="detail-intervals", cursor_type="row")
            yield table
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#detail-intervals", DataTable)
        table.add_columns("#", _("Interval"), _("Side"), _("Planned"), _("Actual"), "")
        rows = self.detail.intervals
        for row, name in zip(rows, describe.interval_names(rows), strict=True):
            planned = row.planned_seconds
            table.add_row(
                Text(clean_text(row.step_number)),
                Text(clean_text(name)),
                Text(clean_text(describe.side_name(row.side))),
                Text(
                    clock(planned) if planned is not None else describe.not_planned(),
                    justify="right",
                ),
                Text(elapsed(row.actual_seconds), justify="right"),
                Text(describe.interval_notes(row)),
            )
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
