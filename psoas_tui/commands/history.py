"""Commands about the session log: ``psoas log``, ``psoas stats``, ``psoas import``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING, Any

from psoas_tui.commands import completion, messages
from psoas_tui.errors import EXIT_INVALID, EXIT_OK, UserError
from psoas_tui.text.i18n import _

if TYPE_CHECKING:
    from psoas_tui.history import SessionLog, SessionRow, Stats
    from psoas_tui.kinds import Side

TABLE_LIMIT = 20


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(messages.BAD_DATE.format(text=text)) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(messages.BAD_COUNT.format(text=text)) from None
    if value < 0:
        raise argparse.ArgumentTypeError(messages.NEGATIVE_COUNT.format(value=value))
    return value


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "log",
        help=_("your sessions, newest first"),
        description=_(
            "Your sessions, newest first. --jsonl is the export format that `psoas import` reads."
        ),
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help=_("a JSON list of sessions"))
    fmt.add_argument("--csv", action="store_true", help=_("CSV, one session a row"))
    fmt.add_argument(
        "--jsonl",
        action="store_true",
        help=_("export: one session a line with its intervals and answers"),
    )
    p.add_argument("--since", type=_date, metavar="DATE", help=_("sessions on or after DATE"))
    completion.routines(
        p.add_argument("--routine", metavar="SLUG", help=_("only this routine's sessions"))
    )
    p.add_argument(
        "--limit",
        type=_count,
        metavar="N",
        help=_("at most N sessions (table default {limit}, others all; 0: all)").format(
            limit=TABLE_LIMIT
        ),
    )
    p.add_argument("--offset", type=_count, default=0, metavar="N", help=_("skip the newest N"))
    p.set_defaults(handler=show_log)

    p = subparsers.add_parser("stats", help=_("streaks, minutes per week, per routine, per side"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.add_argument("--weeks", type=_count, default=12, metavar="N", help=_("weeks shown (12)"))
    p.set_defaults(handler=show_stats)

    p = subparsers.add_parser(
        "import",
        help=_("merge sessions exported with `psoas export`"),
        description=_(
            "Merge sessions from a file written by `psoas export` (or `psoas log "
            "--jsonl`). Sessions "
            "already in the log (same id) are left alone, so importing twice adds nothing."
        ),
    )
    completion.files(p.add_argument("file", metavar="FILE.jsonl"))
    p.set_defaults(handler=import_sessions)

    p = subparsers.add_parser(
        "export",
        help=_("every session with its intervals and answers (JSONL: what `psoas import` reads)"),
        description=_(
            "Export your sessions. JSONL by default: one session a line with its "
            "intervals, check answers and tightness, the format `psoas import` reads. --json "
            "gives the same sessions as one JSON list, --csv one session a row."
        ),
    )
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help=_("one JSON list of the sessions"))
    fmt.add_argument("--csv", action="store_true", help=_("CSV, one session a row"))
    p.add_argument("--since", type=_date, metavar="DATE", help=_("sessions on or after DATE"))
    completion.routines(
        p.add_argument("--routine", metavar="SLUG", help=_("only this routine's sessions"))
    )
    p.set_defaults(handler=export_sessions)


def _open(*, need: bool = False) -> SessionLog:
    import sys

    from psoas_tui.history import open_log
    from psoas_tui.locations import user_locations

    def warn(message: str) -> None:
        print(messages.WARNING.format(message=message), file=sys.stderr, flush=True)

    log = open_log(user_locations(), warn=warn)
    if not log.available:
        if need:
            raise UserError(log.warning or messages.LOG_UNAVAILABLE.format())
        warn(log.warning or messages.LOG_UNAVAILABLE.format())
    return log


# -- psoas log ----------------------------------------------------------------------------


def _damaged(log: SessionLog, error: Exception) -> UserError:
    from psoas_tui.history.damage import LogDamaged, is_corruption

    if is_corruption(error):  # left in place: the next session moves it aside
        return LogDamaged(log.path, str(error))
    return UserError(messages.LOG_UNREADABLE.format(path=log.path, error=error))


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

    from psoas_tui.commands.history_output import (
        session_json,
        write_csv,
        write_json_list,
        write_jsonl,
    )

    limit: int | None = args.limit
    table = not (args.json or args.csv or args.jsonl)
    if limit is None:
        limit = TABLE_LIMIT if table else 0
    if args.jsonl:
        write_jsonl(log, args.since, args.routine, args.offset, limit or None)
    elif table:
        from psoas_tui.history.listing import count_sessions, iter_sessions

        rows = list(
            iter_sessions(
                log, offset=args.offset, limit=limit or None, since=args.since, routine=args.routine
            )
        )
        total = count_sessions(log, since=args.since, routine=args.routine)
        if rows or total:
            _print_table(rows, total, args.offset)
        else:
            sys.stdout.write(_nothing(log, args.since, args.routine) + "\n")
    else:
        from psoas_tui.history.listing import iter_sessions

        rows_iter = iter_sessions(
            log, offset=args.offset, limit=limit or None, since=args.since, routine=args.routine
        )
        try:
            if args.json:
                import json

                encode = json.JSONEncoder(ensure_ascii=False).encode
                write_json_list(encode(session_json(row)) for row in rows_iter)
            else:
                write_csv(rows_iter)
        finally:
            rows_iter.close()  # ends its read transaction before the log closes
    if not table:
        _hint_unknown_routine(log, args.routine)
    return EXIT_OK


def _nothing(log: SessionLog, since: date | None, routine: str | None) -> str:
    """What the table says when the filters select no session."""
    from psoas_tui.history.listing import count_sessions
    from psoas_tui.routine.text import clean_text

    if (since is None and routine is None) or count_sessions(log) == 0:
        return "No sessions logged yet. Run one with: psoas run SLUG"
    what = f"No sessions of {clean_text(routine)}" if routine is not None else "No sessions"
    if since is not None:
        what += f" on or after {since.isoformat()}"
    if routine is not None:
        hint = _unknown_routine_hint(log, routine)
        if hint:
            return f"{what}. {hint}"
        if since is not None and count_sessions(log, routine=routine):
            return f"{what}; {count_sessions(log, routine=routine)} before that."
        return f"{what} logged yet. Run one with: psoas run {clean_text(routine)}"
    return f"{what}: none fall in that range ({count_sessions(log)} in all)."


def _hint_unknown_routine(log: SessionLog, routine: str | None) -> None:
    """For JSON and CSV: the output stays the (empty) result; a typo is named on stderr."""
    import sys

    if routine is None:
        return
    hint = _unknown_routine_hint(log, routine)
    if hint:
        print(messages.WARNING.format(message=hint), file=sys.stderr)


def _unknown_routine_hint(log: SessionLog, routine: str) -> str | None:
    """None when ``routine`` is a routine's slug or in the log; else what to try."""
    import difflib

    from psoas_tui.history.listing import count_sessions, logged_slugs
    from psoas_tui.routine.text import clean_text

    if count_sessions(log, routine=routine):
        return None
    slugs = set(logged_slugs(log)) | set(_routine_slugs())
    if routine in slugs:
        return None
    match = difflib.get_close_matches(routine, sorted(slugs), n=1)
    tip = messages.ROUTINE_HINT.format(match=clean_text(match[0])) if match else ""
    return messages.UNKNOWN_ROUTINE.format(routine=clean_text(routine), hint=tip)


def _routine_slugs() -> list[str]:
    """The slugs of the bundled and the user's routines (file names: nothing is loaded)."""
    from psoas_tui.locations import bundled_routines, user_locations
    from psoas_tui.routine.text import clean_text

    slugs = []
    for folder in (bundled_routines(), user_locations().routines):
        try:
            slugs += [
                clean_text(item.name[: -len(".toml")])
                for item in folder.iterdir()
                if item.name.endswith(".toml")
            ]
        except OSError:
            continue
    return slugs


def _print_table(rows: list[SessionRow], total: int, offset: int) -> None:
    """The first page of the log, drawn by ``psoas_tui.table`` (not Rich: importing Rich
    would make ``psoas log`` twice as slow to answer as ``psoas --version``)."""
    import shutil
    import sys

    from psoas_tui import table
    from psoas_tui.text.sessions import STATUS_WIDTH, status_word

    out = sys.stdout
    if not rows:
        out.write(
            _("No sessions here: {total} in all; try a smaller --offset.").format(total=total)
            + "\n"
        )
        return
    columns = (
        table.Column(_("Date"), min_width=16),
        table.Column(_("Routine"), style=table.BOLD, shrink=True, min_width=10),
        table.Column(_("Min"), right=True),
        table.Column(_("Status"), min_width=STATUS_WIDTH, width=STATUS_WIDTH),
        table.Column(_("Done"), right=True),
        table.Column(_("Check answers"), shrink=True, min_width=13),
    )
    colours = {"completed": table.GREEN, "abandoned": table.YELLOW, "interrupted": table.RED}
    cells = [
        (
            table.Cell(row.started.strftime("%Y-%m-%d %H:%M")),
            table.Cell(row.routine_name),
            table.Cell(_active_minutes(row)),
            table.Cell(status_word(row.status), colours.get(row.status, "")),
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
            title=_("psoas log"),
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


def _active_minutes(row: SessionRow) -> str:
    """``7.9``; ``7.9 · fitted to 8 min`` for a session run with ``--fit`` (the two differ
    by what the estimates of untimed steps did not match)."""
    minutes = f"{row.active_seconds / 60:.1f}"
    if row.budget_seconds is None:
        return minutes
    from psoas_tui.text.coaching import fitted_to

    return f"{minutes} · {fitted_to(row.budget_seconds)}"


# -- psoas export -------------------------------------------------------------------------


def export_sessions(args: argparse.Namespace) -> int:
    import sqlite3

    from psoas_tui.commands.history_output import write_csv, write_json_list, write_jsonl

    log = _open()
    try:
        if args.csv:
            from psoas_tui.history.listing import iter_sessions

            rows = iter_sessions(log, since=args.since, routine=args.routine)
            try:
                write_csv(rows)
            finally:
                rows.close()
        elif args.json:
            from psoas_tui.history.export import export_lines

            lines = export_lines(log, since=args.since, routine=args.routine)
            try:
                write_json_list(lines)
            finally:
                lines.close()
        else:
            write_jsonl(log, args.since, args.routine, 0, None)
        _hint_unknown_routine(log, args.routine)
    except sqlite3.DatabaseError as error:
        raise _damaged(log, error) from None
    finally:
        log.close()
    return EXIT_OK


# -- psoas stats --------------------------------------------------------------------------


def show_stats(args: argparse.Namespace) -> int:
    weeks = max(1, args.weeks)
    import sqlite3

    from psoas_tui.coaching.sides import tight_side
    from psoas_tui.history.stats import side_trend, window_start
    from psoas_tui.history.store import TREND_SESSIONS

    log = _open()
    try:
        stats = log.stats(weeks=weeks)
        results = log.side_results(sessions=TREND_SESSIONS)
        stats = stats._replace(sides=side_trend(results, window_start(stats.today, weeks)))
        tight = tight_side(results).tight
    except sqlite3.DatabaseError as error:
        raise _damaged(log, error) from None
    finally:
        log.close()
    if args.json:
        import json

        from psoas_tui.history.stats import stats_json

        document = stats_json(stats)
        document["tight_side"] = tight
        document["sides"] = [trend._asdict() for trend in stats.sides]
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return EXIT_OK
    _print_stats(stats)
    _print_sides(stats, tight)
    return EXIT_OK


def _print_sides(stats: Stats, tight: Side | None) -> None:
    """Which side is tight now, and the gap between the sides per week (Thomas scores and
    tightness / 5, on one scale 0–2): is it closing?"""
    import shutil
    import sys

    from psoas_tui import table
    from psoas_tui.text import coaching as words
    from psoas_tui.text.i18n import _

    out = sys.stdout
    out.write(words.tight_now(stats.sides, tight) + "\n")
    if not stats.sides:
        return
    styles, colours = table.use_colour(out)
    columns = tuple(
        table.Column(_(name), right=index > 0) for index, name in enumerate(words.SIDES_COLUMNS)
    )
    cells = [
        (
            table.Cell(week.week),
            table.Cell(words.score(week.left)),
            table.Cell(words.score(week.right)),
            table.Cell(words.score(abs(week.gap)) if week.gap is not None else "-"),
            table.Cell(str(week.results)),
        )
        for week in stats.sides
    ]
    out.write(
        table.render(
            columns,
            cells,
            width=shutil.get_terminal_size().columns,
            title=_(words.SIDES_TITLE),
            styles=styles,
            colours=colours,
        )
    )
    trend = words.gap_trend(stats.sides)
    if trend is not None:
        out.write(trend + "\n")


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f}"


def _print_stats(stats: Stats) -> None:
    """The stats tables, drawn by ``psoas_tui.table`` (importing Rich alone would take
    about as long as the rest of ``psoas stats``). Text from the log is cleaned there."""
    import shutil
    import sys

    from psoas_tui import table
    from psoas_tui.routine.text import clean_text
    from psoas_tui.text import sessions as describe

    out = sys.stdout
    styles, colours = table.use_colour(out)
    width = shutil.get_terminal_size().columns
    Column, Cell = table.Column, table.Cell

    def draw(title: str, columns: tuple[table.Column, ...], rows: list[tuple[str, ...]]) -> None:
        cells = [tuple(Cell(text) for text in row) for row in rows]
        out.write(
            table.render(columns, cells, width=width, title=title, styles=styles, colours=colours)
        )

    headline = clean_text(describe.stats_headline(stats))
    out.write((f"\x1b[1m{headline}\x1b[0m" if styles else headline) + "\n")
    draw(
        describe.last_weeks(len(stats.weeks)),
        (
            Column(_("Week")),
            Column(_("Sessions"), right=True),
            Column(_("Completed"), right=True),
            Column(_("Minutes"), right=True),
            Column(_("Left min"), right=True),
            Column(_("Right min"), right=True),
        ),
        [
            (
                describe.week_with_monday(week.year, week.week, week.monday),
                str(week.sessions),
                str(week.completed),
                f"{week.minutes:.1f}",
                _minutes(week.left_seconds),
                _minutes(week.right_seconds),
            )
            for week in stats.weeks
        ],
    )
    if stats.routines:
        draw(
            _("Per routine"),
            (
                Column(_("Routine"), shrink=True, min_width=10),
                Column(_("Sessions"), right=True),
                Column(_("Completed"), right=True),
                Column(_("Minutes"), right=True),
                Column(_("Last")),
            ),
            [
                (
                    routine.name,
                    str(routine.sessions),
                    str(routine.completed),
                    f"{routine.minutes:.0f}",
                    routine.last.isoformat(),
                )
                for routine in stats.routines
            ],
        )
    if stats.steps:
        draw(
            "Per-side steps (seconds, weeks shown)",
            (
                Column(_("Step"), shrink=True, min_width=10),
                Column(_("Left"), right=True),
                Column(_("Right"), right=True),
            ),
            [
                (step.step_name, f"{step.left_seconds:.0f}", f"{step.right_seconds:.0f}")
                for step in stats.steps
            ],
        )
    if stats.answers:
        draw(
            "Check answers per week",
            (
                Column(_("Week")),
                Column(_("Check"), shrink=True, min_width=10),
                Column(_("Side")),
                Column(_("Answers"), shrink=True, min_width=10),
            ),
            [
                (
                    item.week,
                    f"{item.step_name}: {item.question}",
                    item.side or "-",
                    describe.answer_counts(item.counts, str),
                )
                for item in stats.answers
            ],
        )
    if stats.tightness:
        by_week: dict[str, dict[str, str]] = {}
        for rating in stats.tightness:
            cell = f"{rating.average:.1f} ({rating.ratings})"
            by_week.setdefault(rating.week, {})[rating.side] = cell
        draw(
            "Tightness per side (0-10, weekly average)",
            (Column(_("Week")), Column(_("Left"), right=True), Column(_("Right"), right=True)),
            [
                (label, sides.get("left", "-"), sides.get("right", "-"))
                for label, sides in by_week.items()
            ],
        )


# -- psoas import -------------------------------------------------------------------------


def import_sessions(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from psoas_tui.history.importer import import_file
    from psoas_tui.routine.text import clean_text

    path = Path(args.file)
    if not path.is_file():
        raise UserError(messages.IMPORT_NO_FILE.format(path=path))
    log = _open(need=True)
    try:
        report = import_file(log, path)
    except OSError as error:
        reason = error.strerror or error
        raise UserError(messages.IMPORT_CANNOT_READ.format(path=path, reason=reason)) from None
    except UnicodeDecodeError as error:
        raise UserError(messages.IMPORT_NOT_UTF8.format(path=path, reason=error.reason)) from None
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
