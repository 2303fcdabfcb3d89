"""Import: sessions from an export (one JSON line each, :mod:`export`), merged by UUID.

Every line is validated and a bad one is reported as ``FILE:LINE: message``; each good
session is stored whole or not at all (a savepoint per session; commits in batches). A
session whose UUID is already in the log is left as it is, so importing twice adds nothing.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from psoas_tui.history.export import FORMAT, FORMAT_V1
from psoas_tui.history.model import STATUSES, utc_text
from psoas_tui.history.schema import THOMAS_ANSWERS, routine_id_for
from psoas_tui.history.store import SessionLog
from psoas_tui.kinds import EXERCISE_KINDS, SIDES, IntervalKind
from psoas_tui.routine.text import clean_text

INTERVAL_KINDS = tuple(kind.value for kind in IntervalKind)  # plain text: compared quickly
LEFT, RIGHT = SIDES
SIDES_OR_NULL = f"{LEFT}, {RIGHT} or null"
MAX_TEXT = 2000
MAX_LINE = 4 * 1024 * 1024  # bytes of one line; a longer one is skipped while it is read
MAX_INTERVALS = 10_000  # recorded intervals of one session (going back adds to the plan's)
BATCH = 500
MAX_BUDGET = 24 * 3600  # psoas_tui.coaching.fit.LONGEST_BUDGET
MAX_ANSWERS = 20  # answers of one check (more than the routine format allows)
MAX_SCORE = 100

# Bounds on what one line may claim (the routine format's limits, psoas_tui/routine/load.py).
# An interval's active time: a day at most (an untimed rep set waits for the user).
MAX_INTERVAL_SECONDS = 86_400.0
# Plan limits: at most PLAN_INTERVALS intervals, so at most that many of a day each.
PLAN_INTERVALS = 2000  # psoas_tui.routine.load.MAX_INTERVALS (not imported: it loads TOML)
MAX_SESSION_SECONDS = PLAN_INTERVALS * MAX_INTERVAL_SECONDS
MAX_SEQ = 2 * MAX_INTERVALS  # intervals and answers share one sequence
MAX_SETS = 20  # RANGES["sets"], RANGES["rounds"]
MAX_REPS = 500  # RANGES["reps"]
MAX_TIME_SCALE = 1_000_000.0
# Stored instants are fixed-width UTC text: four-digit years, before and after the offset.
FIRST_YEAR, LAST_YEAR = 1900, 9998

# -- import -------------------------------------------------------------------------------


@dataclass
class ImportReport:
    imported: int = 0
    present: int = 0
    problems: list[str] = field(default_factory=list)  # "FILE:LINE: message"

    @property
    def bad(self) -> int:
        return len(self.problems)


@dataclass(frozen=True)
class _Rows:
    session: tuple[Any, ...]
    intervals: list[tuple[Any, ...]]
    answers: list[tuple[Any, ...]]
    tightness: list[tuple[Any, ...]]


class Invalid(ValueError):
    pass


def import_lines(log: SessionLog, lines: Iterable[str], *, source: str) -> ImportReport:
    """Merge sessions from JSONL ``lines`` into ``log``; ``source`` names the file."""
    report = ImportReport()
    pending: list[tuple[int, _Rows]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            pending.append((number, parse_line(line)))
        except Invalid as error:
            report.problems.append(f"{source}:{number}: {error}")
        if len(pending) >= BATCH:
            _store(log, pending, report, source)
            pending = []
    if pending:
        _store(log, pending, report, source)
    return report


def import_file(log: SessionLog, path: Path) -> ImportReport:
    """Raises OSError when the file cannot be read at all."""
    with open(path, "rb") as handle:
        return import_lines(log, _lines(handle, MAX_LINE), source=str(path))


def _lines(handle: IO[bytes], limit: int) -> Iterator[str]:
    """The file's lines as text, each read at most ``limit`` bytes at a time: a longer line
    is skipped as it is read (memory stays bounded) and reported like any other bad line."""
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        if len(raw) > limit and not raw.endswith(b"\n"):
            while True:  # the rest of the line, a piece at a time, dropped
                piece = handle.readline(64 * 1024)
                if not piece or piece.endswith(b"\n"):
                    break
            yield _TOO_LONG + str(limit)
            continue
        try:
            yield raw.rstrip(b"\r\n").decode("utf-8")
        except UnicodeDecodeError as error:
            # a line that is not UTF-8 is reported like any other bad line
            yield _NOT_UTF8 + str(error.start + 1)


_TOO_LONG = "\x00too-long:"
_NOT_UTF8 = "\x00not-utf8:"


def _store(
    log: SessionLog, pending: list[tuple[int, _Rows]], report: ImportReport, source: str
) -> None:
    with log.write() as conn:
        for number, rows in pending:
            conn.execute("SAVEPOINT one_session")
            try:
                if conn.execute(
                    "SELECT 1 FROM sessions WHERE id = ?", (rows.session[0],)
                ).fetchone():
                    report.present += 1
                else:
                    _insert(conn, rows)
                    report.imported += 1
                conn.execute("RELEASE one_session")
            except sqlite3.IntegrityError as error:
                conn.execute("ROLLBACK TO one_session")
                conn.execute("RELEASE one_session")
                report.problems.append(f"{source}:{number}: not stored: {error}")


def _insert(conn: sqlite3.Connection, rows: _Rows) -> None:
    conn.execute(
        "INSERT INTO sessions (id, routine_slug, routine_name, content_hash, started_utc, "
        "utc_offset, local_date, ended_utc, updated_utc, status, active_seconds, "
        "planned_seconds, planned_intervals, planned_exercises, done_exercises, time_scale, "
        "psoas_version, first_side, note, left_seconds, right_seconds, routine_id, "
        "budget_seconds, fitted_seconds) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows.session,
    )
    if rows.intervals:
        conn.executemany(
            "INSERT INTO intervals (session_id, seq, position, step_number, step_name, label, "
            "kind, side, set_no, round_no, reps, planned_seconds, actual_seconds, skipped, "
            "extended_seconds, start_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?)",
            rows.intervals,
        )
    if rows.answers:
        conn.executemany(
            "INSERT INTO answers (session_id, seq, step_number, step_name, side, question, "
            "answer, answer_index, answer_score, about_side) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows.answers,
        )
    if rows.tightness:
        conn.executemany(
            "INSERT INTO tightness (session_id, side, rating) VALUES (?, ?, ?)", rows.tightness
        )


# -- validation ---------------------------------------------------------------------------


def _reject_constant(name: str) -> None:
    raise Invalid(f"{name} is not a number JSON allows")


def parse_line(line: str) -> _Rows:
    """One exported line to the rows to insert; raises :class:`Invalid` saying what is wrong."""
    if line.startswith(_NOT_UTF8):
        raise Invalid(f"not UTF-8 text (byte {line[len(_NOT_UTF8) :]})")
    if line.startswith(_TOO_LONG):
        raise Invalid(f"line is longer than {line[len(_TOO_LONG) :]} bytes; skipped")
    if len(line) > MAX_LINE:
        raise Invalid(f"line is longer than {MAX_LINE} characters")
    try:
        data = json.loads(line, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise Invalid(f"not JSON: {error.msg} at column {error.colno}") from None
    except (RecursionError, ValueError) as error:  # too deep; an integer of 4300+ digits
        raise Invalid(f"not JSON psoas can read: {_show(str(error), 80)}") from None
    if not isinstance(data, dict):
        raise Invalid("expected a JSON object (one session)")
    fmt = data.get("format", FORMAT)
    if fmt not in (FORMAT, FORMAT_V1):
        raise Invalid(f'"format" must be "{FORMAT}" or "{FORMAT_V1}", not {_show(fmt)}')
    v1 = fmt == FORMAT_V1
    session_id = _text(data, "id", limit=64)
    try:
        session_id = str(uuid.UUID(session_id))
    except ValueError:
        raise Invalid(f'"id" must be a UUID, not {_show(session_id)}') from None
    slug = _text(data, "routine_slug", limit=200)
    if not slug:
        raise Invalid('"routine_slug" must not be empty')
    name = _text(data, "routine_name")
    content_hash = _text(data, "content_hash", limit=200, empty=True)
    started = _moment(data, "started")
    assert started is not None
    ended = _moment(data, "ended", optional=True)
    status = data.get("status")
    if status not in STATUSES:
        raise Invalid(f'"status" must be one of {", ".join(STATUSES)}, not {_show(status)}')
    if status == "running":
        status = "interrupted"  # its process is on another machine and long gone
    active = _number(data, "active_seconds", maximum=MAX_SESSION_SECONDS)
    planned = _number(data, "planned_seconds", maximum=MAX_SESSION_SECONDS)
    planned_intervals = _integer(data, "planned_intervals", maximum=PLAN_INTERVALS)
    planned_exercises = _integer(data, "planned_exercises", maximum=PLAN_INTERVALS)
    scale = _number(data, "time_scale", default=1.0, maximum=MAX_TIME_SCALE)
    if scale < 1:
        raise Invalid('"time_scale" must be at least 1')
    version = _text(data, "psoas_version", limit=50, empty=True)
    first_side = data.get("first_side")
    if first_side not in (None, *SIDES):
        raise Invalid(f'"first_side" must be {SIDES_OR_NULL}, not {_show(first_side)}')
    if v1:  # version 1 had no id, budget or fit: the id as the v6 migration maps it
        routine_id, budget, fitted = routine_id_for(slug), None, None
    else:
        routine_id = _text(data, "routine_id", limit=200, empty=True) or routine_id_for(slug)
        budget = _optional(data, "budget_seconds", MAX_BUDGET, whole=True)
        fitted = _optional(data, "fitted_seconds", MAX_SESSION_SECONDS, whole=False)
    note = data.get("note")
    if note is not None:
        if not isinstance(note, str):
            raise Invalid('"note" must be text or null')
        note = _clean(note[:MAX_TEXT], '"note"', multiline=True) or None

    intervals_data = data.get("intervals", [])
    if not isinstance(intervals_data, list):
        raise Invalid('"intervals" must be a list')
    if len(intervals_data) > MAX_INTERVALS:
        raise Invalid(f'"intervals" has more than {MAX_INTERVALS} entries')
    intervals = []
    texts: dict[str, str] = {}  # step names and labels repeat: check each once
    seqs: set[int] = set()
    done = 0
    left = right = 0.0
    for position, item in enumerate(intervals_data, start=1):
        where = f"intervals[{position}]"
        if not isinstance(item, dict):
            raise Invalid(f"{where} must be an object")
        row = _interval(item, where, texts)
        if row[0] in seqs:
            raise Invalid(f'{where}: "seq" {row[0]} appears twice')
        seqs.add(row[0])
        kind, side, actual, skipped = row[5], row[6], row[11], row[12]
        if kind in EXERCISE_KINDS:
            done += 0 if skipped else 1
            if side == LEFT:
                left += actual
            elif side == RIGHT:
                right += actual
        intervals.append((session_id, *row))

    answers_data = data.get("answers", [])
    if not isinstance(answers_data, list):
        raise Invalid('"answers" must be a list')
    answers = []
    answer_seqs: set[int] = set()
    for position, item in enumerate(answers_data, start=1):
        where = f"answers[{position}]"
        if not isinstance(item, dict):
            raise Invalid(f"{where} must be an object")
        seq = _integer(item, "seq", where=where, maximum=MAX_SEQ)
        if seq in answer_seqs:
            raise Invalid(f'{where}: "seq" {seq} appears twice')
        answer_seqs.add(seq)
        side = item.get("side")
        if side not in (None, *SIDES):
            raise Invalid(f'{where}: "side" must be {SIDES_OR_NULL}, not {_show(side)}')
        answer = item.get("answer")
        if answer is not None and not isinstance(answer, str):
            raise Invalid(f'{where}: "answer" must be text or null')
        step_name = _text(item, "step_name", where=where)
        if v1:
            scored = _v1_scored(routine_id, step_name, side, answer)
        else:
            scored = (
                _optional(item, "answer_index", MAX_ANSWERS, where=where, whole=True),
                _optional(item, "answer_score", MAX_SCORE, where=where, whole=True),
                _side_or_null(item, "about_side", where),
            )
        answers.append(
            (
                session_id,
                seq,
                _text(item, "step_number", limit=50, where=where),
                step_name,
                side,
                _text(item, "question", where=where, empty=True),
                _clean(answer[:MAX_TEXT], f'{where}: "answer"') if answer is not None else None,
                *scored,
            )
        )

    tightness_data = data.get("tightness", {})
    if tightness_data is None:
        tightness_data = {}
    if not isinstance(tightness_data, dict):
        raise Invalid(f'"tightness" must be an object like {{"{LEFT}": 4, "{RIGHT}": null}}')
    tightness = []
    for side, rating in tightness_data.items():
        if side not in SIDES:
            raise Invalid(f'"tightness" has side {_show(side)}; only {LEFT} and {RIGHT}')
        if rating is None:
            continue
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
            raise Invalid(f'"tightness" {side} must be a whole number 0-10, not {_show(rating)}')
        tightness.append((session_id, side, rating))

    offset = started.utcoffset() or timedelta(0)
    started_text = utc_text(started)
    ended_text = utc_text(ended) if ended else None
    session = (
        session_id,
        slug,
        name,
        content_hash,
        started_text,
        int(offset.total_seconds()),
        started.date().isoformat(),
        ended_text,
        ended_text or started_text,
        status,
        active,
        planned,
        planned_intervals,
        planned_exercises,
        done,
        scale,
        version,
        first_side,
        note,
        left,
        right,
        routine_id,
        budget,
        fitted,
    )
    return _Rows(session, intervals, answers, tightness)


def _v1_scored(
    routine_id: str, step_name: str, side: str | None, answer: str | None
) -> tuple[int | None, int | None, str | None]:
    """A version-1 answer of the bundled Thomas test by index and score, as the v6
    migration maps the log's own old rows; other answers have neither."""
    if routine_id != "thomas-test" or side is None:
        return None, None, None
    for step, text, index in THOMAS_ANSWERS:
        if step == step_name and text == answer:
            return index, index, RIGHT if side == LEFT else LEFT
    return None, None, None


def _optional(
    data: dict[str, Any], key: str, maximum: float, *, where: str | None = None, whole: bool
) -> Any:
    """A number that may be null or missing (None)."""
    if data.get(key) is None:
        return None
    if whole:
        return _integer(data, key, maximum=int(maximum), where=where)
    return _number(data, key, maximum=maximum, where=where)


def _side_or_null(data: dict[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value not in (None, *SIDES):
        raise Invalid(f'{where}: "{key}" must be {SIDES_OR_NULL}, not {_show(value)}')
    return value


def _interval(item: dict[str, Any], where: str, texts: dict[str, str]) -> tuple[Any, ...]:
    """One interval's row, or :class:`Invalid` saying what is wrong. Each field is looked
    at quickly first (plainly valid: the common case) and carefully only when it is not."""
    kind = item.get("kind")
    if kind not in INTERVAL_KINDS:
        raise Invalid(f'{where}: "kind" must be one of {", ".join(INTERVAL_KINDS)}')
    side = item.get("side")
    if side is not None and side not in SIDES:
        raise Invalid(f'{where}: "side" must be {SIDES_OR_NULL}, not {_show(side)}')
    skipped = item.get("skipped")
    if skipped is not None and type(skipped) is not bool:
        raise Invalid(f'{where}: "skipped" must be true or false')
    reps = item.get("reps")
    if reps is not None:
        reps = _integer(item, "reps", where=where, maximum=MAX_REPS)
    planned = item.get("planned_seconds")
    if planned is not None:
        planned = _number(item, "planned_seconds", where=where, maximum=MAX_INTERVAL_SECONDS)
    return (
        _integer(item, "seq", where=where, maximum=MAX_SEQ),
        _integer(item, "position", where=where, maximum=PLAN_INTERVALS),
        _text(item, "step_number", limit=50, where=where, texts=texts),
        _text(item, "step_name", where=where, texts=texts),
        _text(item, "label", where=where, empty=True, texts=texts),
        kind,
        side,
        _integer(item, "set", where=where, default=1, maximum=MAX_SETS),
        _integer(item, "round", where=where, default=1, maximum=MAX_SETS),
        reps,
        planned,
        _number(item, "actual_seconds", where=where, maximum=MAX_INTERVAL_SECONDS),
        1 if skipped else 0,
        _number(item, "extended_seconds", where=where, default=0.0, maximum=MAX_INTERVAL_SECONDS),
        _number(item, "start_offset", where=where, maximum=MAX_SESSION_SECONDS),
    )


_MISSING = object()


def _field(data: dict[str, Any], key: str, where: str | None, default: object) -> Any:
    value = data.get(key, default)
    if value is _MISSING:
        raise Invalid(f'{where + ": " if where else ""}"{key}" is missing')
    return value


def _text(
    data: dict[str, Any],
    key: str,
    *,
    limit: int = MAX_TEXT,
    where: str | None = None,
    empty: bool = False,
    texts: dict[str, str] | None = None,
) -> str:
    """The field's text, cleaned; ``texts`` remembers texts cleaned before (step names and
    labels repeat in every session)."""
    value = data.get(key, "" if empty else _MISSING)
    if type(value) is str and len(value) <= limit and texts is not None and value in texts:
        return texts[value]
    value = _field(data, key, where, "" if empty else _MISSING)
    if type(value) is not str:
        raise Invalid(f"{_what(where, key)} must be text, not {_show(value)}")
    if len(value) > limit:
        raise Invalid(f"{_what(where, key)} is longer than {limit} characters")
    cleaned = _clean(value, _what(where, key))
    if texts is not None:
        texts[value] = cleaned
    return cleaned


def _what(where: str | None, key: str) -> str:
    """How a message names a field: ``intervals[3]: "seq"`` or ``"note"``."""
    return f'{where}: "{key}"' if where else f'"{key}"'


def _clean(value: str, what: str, *, multiline: bool = False) -> str:
    """Control characters stripped; text SQLite can store (no lone surrogates)."""
    cleaned = clean_text(value, multiline=multiline)
    try:
        cleaned.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid(f"{what} holds characters that are not valid Unicode") from None
    return cleaned


def _number(
    data: dict[str, Any],
    key: str,
    *,
    maximum: float,
    where: str | None = None,
    default: object = _MISSING,
) -> float:
    value = data.get(key, default)
    # int and float compare exactly, however large the int: no conversion, no overflow
    if (type(value) is float or type(value) is int) and 0 <= value <= maximum:
        return float(value)
    value = _field(data, key, where, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise Invalid(f"{_what(where, key)} must be a number, not {_show(value)}")
    if value < 0:
        raise Invalid(f"{_what(where, key)} must not be negative")
    raise Invalid(f"{_what(where, key)} must be at most {maximum:,.0f}, not {_show_number(value)}")


def _integer(
    data: dict[str, Any],
    key: str,
    *,
    maximum: int,
    where: str | None = None,
    default: object = _MISSING,
) -> int:
    value = data.get(key, default)
    if type(value) is int and 0 <= value <= maximum:
        return value
    value = _field(data, key, where, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{_what(where, key)} must be a whole number, not {_show(value)}")
    raise Invalid(f"{_what(where, key)} must be 0 to {maximum:,}, not {_show_number(value)}")


def _show_number(value: float) -> str:
    """A number for a message; a huge integer by its size, not its 4000 digits."""
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a number of {len(str(abs(value)))} digits"
    return _show(value)


def _moment(data: dict[str, Any], key: str, *, optional: bool = False) -> datetime | None:
    value = data.get(key, _MISSING)
    if optional and (value is None or value is _MISSING):
        return None
    if value is _MISSING:
        raise Invalid(f'"{key}" is missing')
    if not isinstance(value, str):
        raise Invalid(f'"{key}" must be a date and time like 2026-11-24T07:30:00+01:00')
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid(
            f'"{key}" must be a date and time like 2026-11-24T07:30:00+01:00, not {_show(value)}'
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise Invalid(f'"{key}" needs a UTC offset, like 2026-11-24T07:30:00+01:00')
    try:
        year = moment.astimezone(UTC).year
    except OverflowError:  # 0001-01-01T00:00+01:00 is in year 0 in UTC
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR or not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise Invalid(f'"{key}" must be between the years {FIRST_YEAR} and {LAST_YEAR}')
    return moment


def _show(value: object, limit: int = 40) -> str:
    from psoas_tui.routine.text import shorten

    return shorten(value, limit)
