"""Commands about the session log: ``psoas log``, ``psoas stats``, ``psoas import``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from psoas_tui.errors import EXIT_INVALID, EXIT_OK, UserError

if TYPE_CHECKING:
    from psoas_tui.history import SessionLog, SessionRow, Stats

TABLE_LIMIT = 20


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2026-11-01, not {text!r}") from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, not {value}")
    return value


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "log",
        help="your sessions, newest first",
        description="Your sessions, newest first. --jsonl is the export format that "
        "`psoas import` reads.",
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="a JSON list of sessions")
    fmt.add_argument("--csv", action="store_true", help="CSV, one session a row")
    fmt.add_argument(
        "--jsonl",
        action="store_true",
        help="export: one session a line with its intervals and answers",
    )
    p.add_argument("--since", type=_date, metavar="DATE", help="sessions on or after DATE")
    p.add_argument("--routine", metavar="SLUG", help="only this routine's sessions")
    p.add_argument(
        "--limit",
        type=_count,
        metavar="N",
        help=f"at most N sessions (table default {TABLE_LIMIT}, others all; 0: all)",
    )
    p.add_argument("--offset", type=_count, default=0, metavar="N", help="skip the newest N")
    p.set_defaults(handler=show_log)

    p = subparsers.add_parser("stats", help="streaks, minutes per week, per routine, per side")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--weeks", type=_count, default=12, metavar="N", help="weeks shown (12)")
    p.set_defaults(handler=show_stats)

    p = subparsers.add_parser(
        "import",
        help="merge sessions exported with `psoas log --jsonl`",
        description="Merge sessions from a file written by `psoas log --jsonl`. Sessions "
        "already in the log (same id) are left alone, so importing twice adds nothing.",
    )
    p.add_argument("file", metavar="FILE.jsonl")
    p.set_defaults(handler=import_sessions)


def _open(*, need: bool = False) -> SessionLog:
    import sys

    from psoas_tui.history import open_log
    from psoas_tui.locations import user_locations

    def warn(message: str) -> None:
        print(f"psoas: {message}", file=sys.stderr, flush=True)

    log = open_log(user_locations(), warn=warn)
    if not log.available:
        if need:
            raise UserError(log.warning or "the session log cannot be opened")
        warn(log.warning or "the session log cannot be opened")
    return log


# -- psoas log ----------------------------------------------------------------------------


def _damaged(log: SessionLog, error: Exception) -> UserError:
    from psoas_tui.history.damage import LogDamaged, is_corruption

    if is_corruption(error):  # left in place: the next session moves it aside
        return LogDamaged(log.path, str(error))
    return UserError(
        f"the session log {log.path} could not be read ({error}). Move it aside (rename it) "
        "and psoas starts a new one; `psoas import` can bring back an export."
    )


def show_log(args: argparse.Namespace) -> int:
    import sqlite3

    log = _open()
    try:
        return _show_log(log, args)
    except sqlite3.DatabaseError as error:
        raise _damaged(log, error) from None
    finally:
        log.close()


def _show_log(log: SessionLog, args: argparse.Namespace) -> int:
    import sys

    limit: int | None = args.limit
    table = not (args.json or args.csv or args.jsonl)
    if limit is None:
        limit = TABLE_LIMIT if table else 0
    if args.jsonl:
        from itertools import islice

        from psoas_tui.history.exchange import export_lines

        out = sys.stdout
        lines = export_lines(log, since=args.since, routine=args.routine)
        try:
            for line in islice(lines, args.offset, args.offset + limit if limit else None):
                out.write(line + "\n")
        finally:
            lines.close()  # ends its read transaction before the log closes
        out.flush()
        return EXIT_OK
    rows = log.sessions(
        offset=args.offset, limit=limit or None, since=args.since, routine=args.routine
    )
    if args.json:
        import json

        print(json.dumps([session_json(row) for row in rows], indent=2, ensure_ascii=False))
    elif args.csv:
        _write_csv(rows)
    else:
        total = log.count(since=args.since, routine=args.routine)
        _print_table(rows, total, args.offset)
    return EXIT_OK


def session_json(row: SessionRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "routine_slug": row.routine_slug,
        "routine_name": row.routine_name,
        "started": row.started.isoformat(),
        "ended": row.ended.isoformat() if row.ended else None,
        "status": row.status,
        "active_seconds": round(row.active_seconds, 3),
        "planned_seconds": round(row.planned_seconds, 3),
        "completion": round(row.completion, 4),
        "left_seconds": round(row.left_seconds, 3),
        "right_seconds": round(row.right_seconds, 3),
        "time_scale": row.time_scale,
        "note": row.note,
        "answers": [
            {"step": a.step_name, "side": a.side, "question": a.question, "answer": a.answer}
            for a in row.answers
        ],
        "tightness": {side: row.tightness.get(side) for side in ("left", "right")},
    }


CSV_COLUMNS = (
    "id",
    "started",
    "routine_slug",
    "routine_name",
    "status",
    "active_minutes",
    "planned_minutes",
    "completion_percent",
    "left_seconds",
    "right_seconds",
    "tightness_left",
    "tightness_right",
    "answers",
    "note",
)


def _write_csv(rows: list[SessionRow]) -> None:
    import csv
    import sys

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            (
                row.id,
                row.started.isoformat(),
                row.routine_slug,
                _csv_safe(row.routine_name),
                row.status,
                f"{row.active_seconds / 60:.2f}",
                f"{row.planned_seconds / 60:.2f}",
                f"{row.completion * 100:.0f}",
                f"{row.left_seconds:.1f}",
                f"{row.right_seconds:.1f}",
                _blank(row.tightness.get("left")),
                _blank(row.tightness.get("right")),
                _csv_safe("; ".join(a.short() for a in row.answers)),
                _csv_safe(row.note or ""),
            )
        )


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def _csv_safe(text: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _print_table(rows: list[SessionRow], total: int, offset: int) -> None:
    """The first page of the log, drawn by ``psoas_tui.table`` (not Rich: importing Rich
    would make ``psoas log`` twice as slow to answer as ``psoas --version``)."""
    import shutil
    import sys

    from psoas_tui import table

    out = sys.stdout
    if not rows:
        out.write(
            "No sessions logged yet. Run one with: psoas run SLUG\n"
            if total == 0
            else f"No sessions here: {total} in all; try a smaller --offset.\n"
        )
        return
    columns = (
        table.Column("Date", min_width=16),
        table.Column("Routine", style=table.BOLD, shrink=True, min_width=10),
        table.Column("Min", right=True),
        table.Column("Status", min_width=11),
        table.Column("Done", right=True),
        table.Column("Check answers", shrink=True, min_width=13),
    )
    colours = {"completed": table.GREEN, "abandoned": table.YELLOW, "interrupted": table.RED}
    cells = [
        (
            table.Cell(row.started.strftime("%Y-%m-%d %H:%M")),
            table.Cell(row.routine_name),
            table.Cell(f"{row.active_seconds / 60:.1f}"),
            table.Cell(row.status, colours.get(row.status, "")),
            table.Cell(f"{row.completion * 100:.0f}%"),
            table.Cell("; ".join(a.short() for a in row.answers)),
        )
        for row in rows
    ]
    styles, colour = table.use_colour(out)
    out.write(
        table.render(
            columns,
            cells,
            width=shutil.get_terminal_size().columns,
            title="psoas log",
            styles=styles,
            colours=colour,
        )
    )
    shown_to = offset + len(rows)
    if total > len(rows):
        out.write(
            f"{offset + 1}-{shown_to} of {total} sessions · more: "
            f"psoas log --offset {shown_to} · all: psoas log --limit 0\n"
        )


# -- psoas stats --------------------------------------------------------------------------


def show_stats(args: argparse.Namespace) -> int:
    weeks = max(1, args.weeks)
    import sqlite3

    log = _open()
    try:
        stats = log.stats(weeks=weeks)
    except sqlite3.DatabaseError as error:
        raise _damaged(log, error) from None
    finally:
        log.close()
    if args.json:
        import json

        from psoas_tui.history.stats import stats_json

        print(json.dumps(stats_json(stats), indent=2, ensure_ascii=False))
        return EXIT_OK
    _print_stats(stats)
    return EXIT_OK


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f}"


def _print_stats(stats: Stats) -> None:
    from rich.table import Table
    from rich.text import Text

    from psoas_tui.output import console

    out = console()
    out.print(
        Text(
            f"Streak: {stats.current_streak} day{'s' if stats.current_streak != 1 else ''} "
            f"(longest {stats.longest_streak}) · {stats.completed_sessions} of "
            f"{stats.total_sessions} sessions completed · {stats.total_minutes:.0f} min in all "
            f"· left {_minutes(stats.left_seconds)} min, right {_minutes(stats.right_seconds)} "
            "min of per-side work",
            style="bold",
        )
    )
    weeks = Table(title=Text(f"Last {len(stats.weeks)} weeks"), title_justify="left")
    for name, justify in (
        ("Week", "left"),
        ("Sessions", "right"),
        ("Completed", "right"),
        ("Minutes", "right"),
        ("Left min", "right"),
        ("Right min", "right"),
    ):
        weeks.add_column(name, justify=justify)  # type: ignore[arg-type]
    for week in stats.weeks:
        weeks.add_row(
            Text(f"{week.year}-W{week.week:02d} ({week.monday:%d %b})"),
            Text(str(week.sessions)),
            Text(str(week.completed)),
            Text(f"{week.minutes:.1f}"),
            Text(_minutes(week.left_seconds)),
            Text(_minutes(week.right_seconds)),
        )
    out.print(weeks)
    if stats.routines:
        routines = Table(title=Text("Per routine"), title_justify="left")
        for name, justify in (
            ("Routine", "left"),
            ("Sessions", "right"),
            ("Completed", "right"),
            ("Minutes", "right"),
            ("Last", "left"),
        ):
            routines.add_column(name, justify=justify)  # type: ignore[arg-type]
        for routine in stats.routines:
            routines.add_row(
                Text(routine.name),
                Text(str(routine.sessions)),
                Text(str(routine.completed)),
                Text(f"{routine.minutes:.0f}"),
                Text(routine.last.isoformat()),
            )
        out.print(routines)
    if stats.steps:
        steps = Table(title=Text("Per-side steps (seconds, weeks shown)"), title_justify="left")
        steps.add_column("Step")
        steps.add_column("Left", justify="right")
        steps.add_column("Right", justify="right")
        for step in stats.steps:
            steps.add_row(
                Text(step.step_name),
                Text(f"{step.left_seconds:.0f}"),
                Text(f"{step.right_seconds:.0f}"),
            )
        out.print(steps)
    if stats.answers:
        answers = Table(title=Text("Check answers per week"), title_justify="left")
        answers.add_column("Week")
        answers.add_column("Check")
        answers.add_column("Side")
        answers.add_column("Answers")
        for item in stats.answers:
            answers.add_row(
                Text(item.week),
                Text(f"{item.step_name}: {item.question}"),
                Text(item.side or "-"),
                Text(", ".join(f"{answer} ×{count}" for answer, count in item.counts.items())),
            )
        out.print(answers)
    if stats.tightness:
        tight = Table(title=Text("Tightness per side (0-10, weekly average)"))
        tight.title_justify = "left"
        tight.add_column("Week")
        tight.add_column("Left", justify="right")
        tight.add_column("Right", justify="right")
        by_week: dict[str, dict[str, str]] = {}
        for rating in stats.tightness:
            cell = f"{rating.average:.1f} ({rating.ratings})"
            by_week.setdefault(rating.week, {})[rating.side] = cell
        for label, sides in by_week.items():
            tight.add_row(Text(label), Text(sides.get("left", "-")), Text(sides.get("right", "-")))
        out.print(tight)


# -- psoas import -------------------------------------------------------------------------


def import_sessions(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from psoas_tui.history.exchange import import_file
    from psoas_tui.routine.text import clean_text

    path = Path(args.file)
    if not path.is_file():
        raise UserError(f"{path}: no such file; give the file written by `psoas log --jsonl`.")
    log = _open(need=True)
    try:
        report = import_file(log, path)
    except OSError as error:
        raise UserError(f"{path}: cannot read it ({error.strerror or error}).") from None
    except UnicodeDecodeError as error:
        raise UserError(f"{path}: not UTF-8 text ({error.reason}).") from None
    finally:
        log.close()
    for problem in report.problems:
        print(clean_text(problem), file=sys.stderr)
    summary = (
        f"{path}: imported {report.imported} new session{'s' if report.imported != 1 else ''}, "
        f"{report.present} already in the log"
    )
    if report.bad:
        summary += f", {report.bad} bad line{'s' if report.bad != 1 else ''} (listed above)"
    print(clean_text(summary))
    return EXIT_INVALID if report.bad else EXIT_OK
