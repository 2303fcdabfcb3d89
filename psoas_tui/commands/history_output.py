"""The log's sessions as files for programs: JSONL (the export format), a JSON list, CSV.

Used by ``psoas log --json/--csv/--jsonl`` and ``psoas export``; the tables for people are
in :mod:`psoas_tui.commands.history`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from psoas_tui.kinds import SIDES

if TYPE_CHECKING:
    from psoas_tui.history import SessionLog, SessionRow


def write_jsonl(
    log: SessionLog, since: date | None, routine: str | None, offset: int, limit: int | None
) -> None:
    import sys
    from itertools import islice

    from psoas_tui.history.export import export_lines

    out = sys.stdout
    lines = export_lines(log, since=since, routine=routine)
    try:
        for line in islice(lines, offset, offset + limit if limit else None):
            out.write(line + "\n")
    finally:
        lines.close()  # ends its read transaction before the log closes
    out.flush()


def write_json_list(encoded: Iterable[str]) -> None:
    """One JSON list of encoded items, written as they come: an item a line."""
    import sys

    out = sys.stdout
    out.write("[")
    separator = "\n"
    for item in encoded:
        out.write(separator)
        out.write(item)
        separator = ",\n"
    out.write("\n]\n" if separator != "\n" else "]\n")
    out.flush()


def session_json(row: SessionRow) -> dict[str, Any]:
    """A session for ``psoas log --json``; text from the log is cleaned as it is shown."""
    from psoas_tui.routine.text import clean_text

    return {
        "id": row.id,
        "routine_slug": clean_text(row.routine_slug),
        "routine_name": clean_text(row.routine_name),
        "started": row.started.isoformat(),
        "ended": row.ended.isoformat() if row.ended else None,
        "status": row.status,
        "active_seconds": round(row.active_seconds, 3),
        "planned_seconds": round(row.planned_seconds, 3),
        "completion": round(row.completion, 4),
        "left_seconds": round(row.left_seconds, 3),
        "right_seconds": round(row.right_seconds, 3),
        "time_scale": row.time_scale,
        "routine_id": clean_text(row.routine_id),
        "budget_seconds": row.budget_seconds,  # --fit's budget, or null
        "fitted_seconds": (
            round(row.fitted_seconds, 3) if row.fitted_seconds is not None else None
        ),
        "first_side": row.first_side,
        "note": clean_text(row.note, multiline=True) if row.note is not None else None,
        "answers": [
            {
                "step": clean_text(a.step_name),
                "side": a.side,
                "question": clean_text(a.question),
                "answer": clean_text(a.answer) if a.answer is not None else None,
            }
            for a in row.answers
        ],
        "tightness": {side: row.tightness.get(side) for side in SIDES},
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


def write_csv(rows: Iterable[SessionRow]) -> None:
    import csv
    import sys

    from psoas_tui.routine.text import clean_text

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            (
                row.id,
                row.started.isoformat(),
                clean_text(row.routine_slug),
                _csv_safe(clean_text(row.routine_name)),
                row.status,
                f"{row.active_seconds / 60:.2f}",
                f"{row.planned_seconds / 60:.2f}",
                f"{row.completion * 100:.0f}",
                f"{row.left_seconds:.1f}",
                f"{row.right_seconds:.1f}",
                _blank(row.tightness.get("left")),
                _blank(row.tightness.get("right")),
                _csv_safe(clean_text("; ".join(a.short() for a in row.answers))),
                _csv_safe(clean_text(row.note or "", multiline=True)),
            )
        )


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def _csv_safe(text: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
