"""Export and import: one session a line (JSONL), merged by UUID.

Export streams every session with its intervals, check answers and tightness. Import
validates every line, reports bad ones as ``FILE:LINE: message``, and stores each good
session whole or not at all (a savepoint per session; commits in batches). A session whose
UUID is already in the log is left as it is, so importing twice adds nothing.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from psoas_tui.history.model import STATUSES, from_utc_text, utc_text
from psoas_tui.history.store import ANSWER_COLUMNS, INTERVAL_COLUMNS, SessionLog, session_filters
from psoas_tui.routine.text import clean_text

FORMAT = "psoas-session/1"
INTERVAL_KINDS = ("get_ready", "work", "reps", "switch", "rest", "check")
EXERCISE_KINDS = ("work", "reps")
SIDES = ("left", "right")
MAX_TEXT = 2000
MAX_LINE = 4 * 1024 * 1024  # bytes of one line; a longer one is skipped while it is read
MAX_INTERVALS = 10_000  # recorded intervals of one session (going back adds to the plan's)
BATCH = 500

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

EXPORT_SESSION_COLUMNS = (
    "id, routine_slug, routine_name, content_hash, started_utc, utc_offset, ended_utc, "
    "status, active_seconds, planned_seconds, planned_intervals, planned_exercises, "
    "time_scale, psoas_version, first_side, note"
)


# -- export -------------------------------------------------------------------------------


def export_lines(
    log: SessionLog, *, since: date | None = None, routine: str | None = None
) -> Generator[str, None, None]:
    """Every session (filtered) as one JSON line, in UUID order; streams, merge-joined."""
    if not log.available:
        return
    where, params = session_filters(since, routine)
    conn = log.conn
    # Separate connections would each see their own snapshot; one read transaction keeps
    # the four cursors consistent with each other while a runner writes.
    with log._lock:
        conn.execute("BEGIN")
        try:
            sessions = conn.execute(
                f"SELECT {EXPORT_SESSION_COLUMNS} FROM sessions s{where} ORDER BY s.id", params
            )
            intervals = _grouped(
                conn.execute(
                    f"SELECT i.session_id, {_prefixed('i', INTERVAL_COLUMNS)} FROM intervals i "
                    f"JOIN sessions s ON s.id = i.session_id{where} "
                    "ORDER BY i.session_id, i.seq",
                    params,
                )
            )
            answers = _grouped(
                conn.execute(
                    f"SELECT a.session_id, {_prefixed('a', ANSWER_COLUMNS)} FROM answers a "
                    f"JOIN sessions s ON s.id = a.session_id{where} "
                    "ORDER BY a.session_id, a.seq",
                    params,
                )
            )
            tightness = _grouped(
                conn.execute(
                    "SELECT t.session_id, t.side, t.rating FROM tightness t "
                    f"JOIN sessions s ON s.id = t.session_id{where} ORDER BY t.session_id",
                    params,
                )
            )
            for row in sessions:
                session_id = row[0]
                document = _session_document(
                    row,
                    intervals.take(session_id),
                    answers.take(session_id),
                    tightness.take(session_id),
                )
                yield json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("COMMIT")


def _prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{name.strip()}" for name in columns.split(","))


class _grouped:
    """Rows sorted by session id, handed out one session at a time (a merge join)."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._rows = iter(rows)
        self._next: tuple[Any, ...] | None = next(self._rows, None)

    def take(self, session_id: str) -> list[tuple[Any, ...]]:
        found: list[tuple[Any, ...]] = []
        while self._next is not None and self._next[0] <= session_id:
            if self._next[0] == session_id:
                found.append(self._next[1:])
            self._next = next(self._rows, None)
        return found


def _session_document(
    row: tuple[Any, ...],
    intervals: list[tuple[Any, ...]],
    answers: list[tuple[Any, ...]],
    tightness: list[tuple[Any, ...]],
) -> dict[str, Any]:
    (
        session_id,
        slug,
        name,
        content_hash,
        started,
        offset,
        ended,
        status,
        active,
        planned,
        planned_intervals,
        planned_exercises,
        scale,
        version,
        first_side,
        note,
    ) = row
    ratings: dict[str, int | None] = {"left": None, "right": None}
    for side, rating in tightness:
        ratings[side] = rating
    return {
        "format": FORMAT,
        "id": session_id,
        "routine_slug": slug,
        "routine_name": name,
        "content_hash": content_hash,
        "started": from_utc_text(started, offset).isoformat(),
        "ended": from_utc_text(ended, offset).isoformat() if ended else None,
        "status": status,
        "active_seconds": active,
        "planned_seconds": planned,
        "planned_intervals": planned_intervals,
        "planned_exercises": planned_exercises,
        "time_scale": scale,
        "psoas_version": version,
        "first_side": first_side,
        "note": note,
        "tightness": ratings,
        "intervals": [
            {
                "seq": i[0],
                "position": i[1],
                "step_number": i[2],
                "step_name": i[3],
                "label": i[4],
                "kind": i[5],
                "side": i[6],
                "set": i[7],
                "round": i[8],
                "reps": i[9],
                "planned_seconds": i[10],
                "actual_seconds": i[11],
                "skipped": bool(i[12]),
                "extended_seconds": i[13],
                "start_offset": i[14],
            }
            for i in intervals
        ],
        "answers": [
            {
                "seq": a[0],
                "step_number": a[1],
                "step_name": a[2],
                "side": a[3],
                "question": a[4],
                "answer": a[5],
            }
            for a in answers
        ],
    }


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
        "psoas_version, first_side, note, left_seconds, right_seconds) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            "answer) VALUES (?, ?, ?, ?, ?, ?, ?)",
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
    if fmt != FORMAT:
        raise Invalid(f'"format" must be "{FORMAT}", not {_show(fmt)}')
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
        raise Invalid(f'"first_side" must be left, right or null, not {_show(first_side)}')
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
        row = _interval_fast(item, texts) or _interval(item, where)
        if row[0] in seqs:
            raise Invalid(f'{where}: "seq" {row[0]} appears twice')
        seqs.add(row[0])
        kind, side, actual, skipped = row[5], row[6], row[11], row[12]
        if kind in EXERCISE_KINDS:
            done += 0 if skipped else 1
            if side == "left":
                left += actual
            elif side == "right":
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
            raise Invalid(f'{where}: "side" must be left, right or null, not {_show(side)}')
        answer = item.get("answer")
        if answer is not None and not isinstance(answer, str):
            raise Invalid(f'{where}: "answer" must be text or null')
        answers.append(
            (
                session_id,
                seq,
                _text(item, "step_number", limit=50, where=where),
                _text(item, "step_name", where=where),
                side,
                _text(item, "question", where=where, empty=True),
                _clean(answer[:MAX_TEXT], f'{where}: "answer"') if answer is not None else None,
            )
        )

    tightness_data = data.get("tightness", {})
    if tightness_data is None:
        tightness_data = {}
    if not isinstance(tightness_data, dict):
        raise Invalid('"tightness" must be an object like {"left": 4, "right": null}')
    tightness = []
    for side, rating in tightness_data.items():
        if side not in SIDES:
            raise Invalid(f'"tightness" has side {_show(side)}; only left and right')
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
    )
    return _Rows(session, intervals, answers, tightness)


def _plain_int(value: object, maximum: int) -> bool:
    return type(value) is int and 0 <= value <= maximum


def _plain_number(value: object, maximum: float) -> bool:
    # int and float compare exactly, however large the int: no conversion, no overflow
    return (type(value) is float or type(value) is int) and 0 <= value <= maximum


def _plain_text(value: object, limit: int, texts: dict[str, str]) -> bool:
    """Text that cleaning would leave as it is (the common case), remembered."""
    if type(value) is not str:
        return False
    if value in texts:
        return True
    if len(value) > limit or not value.isprintable() or value != value.strip():
        return False
    texts[value] = value
    return True


def _interval_fast(item: dict[str, Any], texts: dict[str, str]) -> tuple[Any, ...] | None:
    """The interval row when every field is plainly valid, else None (the careful
    :func:`_interval` then says what is wrong, or cleans what needs cleaning)."""
    get: Any = item.get
    seq, position, kind, side = get("seq"), get("position"), get("kind"), get("side")
    set_no, round_no, reps = get("set", 1), get("round", 1), get("reps")
    planned, actual = get("planned_seconds"), get("actual_seconds")
    extended, offset, skipped = get("extended_seconds", 0.0), get("start_offset"), get("skipped")
    number, name, label = get("step_number"), get("step_name"), get("label", "")
    if not (
        _plain_int(seq, MAX_SEQ)
        and _plain_int(position, PLAN_INTERVALS)
        and _plain_int(set_no, MAX_SETS)
        and _plain_int(round_no, MAX_SETS)
        and (reps is None or _plain_int(reps, MAX_REPS))
        and kind in INTERVAL_KINDS
        and (side is None or side in SIDES)
        and (planned is None or _plain_number(planned, MAX_INTERVAL_SECONDS))
        and _plain_number(actual, MAX_INTERVAL_SECONDS)
        and _plain_number(extended, MAX_INTERVAL_SECONDS)
        and _plain_number(offset, MAX_SESSION_SECONDS)
        and (skipped is None or type(skipped) is bool)
        and _plain_text(number, 50, texts)
        and _plain_text(name, MAX_TEXT, texts)
        and (label == "" or _plain_text(label, MAX_TEXT, texts))
    ):
        return None
    return (
        seq,
        position,
        number,
        name,
        label,
        kind,
        side,
        set_no,
        round_no,
        reps,
        None if planned is None else float(planned),
        float(actual),
        1 if skipped else 0,
        float(extended),
        float(offset),
    )


def _interval(item: dict[str, Any], where: str) -> tuple[Any, ...]:
    kind = item.get("kind")
    if kind not in INTERVAL_KINDS:
        raise Invalid(f'{where}: "kind" must be one of {", ".join(INTERVAL_KINDS)}')
    side = item.get("side")
    if side not in (None, *SIDES):
        raise Invalid(f'{where}: "side" must be left, right or null, not {_show(side)}')
    skipped = item.get("skipped", False)
    if not isinstance(skipped, bool):
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
        _text(item, "step_number", limit=50, where=where),
        _text(item, "step_name", where=where),
        _text(item, "label", where=where, empty=True),
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
) -> str:
    value = _field(data, key, where, "" if empty else _MISSING)
    if not isinstance(value, str):
        raise Invalid(f'{where + ": " if where else ""}"{key}" must be text, not {_show(value)}')
    if len(value) > limit:
        raise Invalid(f'{where + ": " if where else ""}"{key}" is longer than {limit} characters')
    return _clean(value, f'{where + ": " if where else ""}"{key}"')


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
    value = _field(data, key, where, default)
    prefix = f'{where + ": " if where else ""}"{key}"'
    # Compared before any conversion: float() of a huge integer overflows.
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise Invalid(f"{prefix} must be a number, not {_show(value)}")
    if value < 0:
        raise Invalid(f"{prefix} must not be negative")
    if value > maximum:
        raise Invalid(f"{prefix} must be at most {maximum:,.0f}, not {_show_number(value)}")
    return float(value)


def _integer(
    data: dict[str, Any],
    key: str,
    *,
    maximum: int,
    where: str | None = None,
    default: object = _MISSING,
) -> int:
    value = _field(data, key, where, default)
    prefix = f'{where + ": " if where else ""}"{key}"'
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{prefix} must be a whole number, not {_show(value)}")
    if not 0 <= value <= maximum:
        raise Invalid(f"{prefix} must be 0 to {maximum:,}, not {_show_number(value)}")
    return value


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
