"""`psoas import` against hostile lines: out of range, absurd, arbitrary, over-long."""

from __future__ import annotations

import json
import re
import tracemalloc
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_history import _doc, locations

from psoas_tui.cli import main
from psoas_tui.history import SessionLog, importer, open_log
from psoas_tui.history.export import export_lines
from psoas_tui.history.importer import import_file, import_lines


@pytest.fixture
def log(isolated_home: Path) -> SessionLog:
    opened = open_log(locations(isolated_home), warn=pytest.fail)
    yield opened  # type: ignore[misc]
    opened.close()


def _with(day: int, change: dict[str, Any], interval: dict[str, Any] | None = None) -> str:
    document = json.loads(_doc(date(2026, 2, day)))
    document.update(change)
    if interval:
        document["intervals"][0].update(interval)
    return json.dumps(document)


def test_out_of_range_lines_are_reported_and_skipped_and_the_good_ones_kept(
    log: SessionLog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "1" + "0" * 400  # valid JSON, too big for a float
    path = tmp_path / "in.jsonl"
    lines = [
        _doc(date(2026, 2, 1)),
        _with(2, {}).replace('"active_seconds": 600', f'"active_seconds": {huge}'),
        _with(3, {}).replace('"actual_seconds": 30', f'"actual_seconds": {huge}'),
        _with(4, {}).replace('"actual_seconds": 30', '"actual_seconds": 1e400'),
        _with(5, {"started": "0001-01-01T00:00:00+01:00"}),
        _with(6, {"ended": "9999-12-31T23:59:59-14:00"}),
        _with(7, {}).replace('"planned_intervals": 2', '"planned_intervals": ' + "9" * 5000),
        _with(8, {"time_scale": 10**30}),
        _doc(date(2026, 2, 9)),
    ]
    assert '"active_seconds": 1000' in lines[1] and "9999" in lines[6]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", str(path)]) == 1
    captured = capsys.readouterr()
    assert "internal error" not in captured.err
    reported = [line.split(":")[1] for line in captured.err.splitlines()]
    assert reported == ["2", "3", "4", "5", "6", "7", "8"]
    assert "imported 2 new sessions" in captured.out
    assert {row.local_date.day for row in log.sessions()} == {1, 9}


@pytest.mark.parametrize(
    ("change", "interval", "message"),
    [
        ({"active_seconds": 1e300}, None, '"active_seconds" must be at most'),
        ({"planned_seconds": 2000 * 86_400 + 1}, None, '"planned_seconds" must be at most'),
        ({"planned_intervals": 2001}, None, '"planned_intervals" must be 0 to 2,000'),
        ({"planned_exercises": 10**9}, None, '"planned_exercises" must be 0 to 2,000'),
        ({}, {"actual_seconds": 86_400.5}, '"actual_seconds" must be at most 86,400'),
        ({}, {"planned_seconds": 1e300}, '"planned_seconds" must be at most 86,400'),
        ({}, {"extended_seconds": 1e9}, '"extended_seconds" must be at most 86,400'),
        ({}, {"start_offset": 1e300}, '"start_offset" must be at most'),
        ({}, {"reps": 501}, '"reps" must be 0 to 500'),
        ({}, {"set": 21}, '"set" must be 0 to 20'),
        ({}, {"round": 10**12}, '"round" must be 0 to 20'),
        ({}, {"position": 5000}, '"position" must be 0 to 2,000'),
    ],
)
def test_absurd_durations_and_counts_are_rejected(
    log: SessionLog, change: dict[str, Any], interval: dict[str, Any] | None, message: str
) -> None:
    report = import_lines(log, [_with(10, change, interval)], source="f")
    assert len(report.problems) == 1 and message in report.problems[0], report.problems
    assert report.imported == 0


def test_the_largest_values_a_routine_allows_are_accepted_and_stats_stay_short(
    log: SessionLog, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _with(
        11,
        {"active_seconds": 2000 * 86_400.0, "planned_intervals": 2000, "planned_exercises": 2000},
        {"actual_seconds": 86_400, "reps": 500, "set": 20, "round": 20},
    )
    assert import_lines(log, [line], source="f").problems == []
    assert main(["stats", "--weeks", "1000"]) == 0
    out = capsys.readouterr().out
    numbers = re.findall(r"\d[\d.,]*", out)
    assert "2880000" in out.replace(",", "")  # 2,000 days of minutes, in all
    assert max(len(number) for number in numbers) <= 12


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([10**400, -(10**400), 2**63, 2**31, 86_401, -1, 0])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([1e300, -0.0, 5e-324])
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-14:00",
            "2026-01-01T00:00:00+23:59",
            "2026-01-01T00:00:00",
            "left",
            "work",
            "completed",
            "\x1b[2J\u202e",
        ]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
SESSION_FIELDS = list(json.loads(_doc(date(2026, 1, 1))))
INTERVAL_FIELDS = [*json.loads(_doc(date(2026, 1, 1)))["intervals"][0], "set", "round", "reps"]
ANSWER_FIELDS = list(json.loads(_doc(date(2026, 1, 1)))["answers"][0])
FIELDS = (
    [("session", name) for name in [*SESSION_FIELDS, "note", "first_side", "format"]]
    + [("interval", name) for name in INTERVAL_FIELDS]
    + [("answer", name) for name in ANSWER_FIELDS]
    + [("tightness", side) for side in ("left", "right", "middle")]
)


@pytest.mark.slow
def test_arbitrary_json_in_any_field_is_stored_within_bounds_or_reported(
    tmp_path: Path,
) -> None:
    log = open_log(locations(tmp_path / "hypothesis-home"), warn=pytest.fail)
    stored: list[str] = []

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(field=st.sampled_from(FIELDS), value=JSON_VALUES, drop=st.booleans())
    def check(field: tuple[str, str], value: object, drop: bool) -> None:
        document = json.loads(_doc(date(2026, 1, 1)))
        document["id"] = str(uuid.uuid4())
        where, name = field
        target = {
            "session": document,
            "interval": document["intervals"][0],
            "answer": document["answers"][0],
            "tightness": document["tightness"],
        }[where]
        if drop and where != "tightness":
            target.pop(name, None)
        else:
            target[name] = value
        try:
            line = json.dumps(document, ensure_ascii=False)
        except ValueError:  # an integer of 4300+ digits: JSON of its own kind, tried above
            return
        report = import_lines(log, [line], source="f")
        assert report.imported + report.bad == 1, report
        if report.bad:
            assert report.problems[0].startswith("f:1: ")
        else:
            stored.append(str(uuid.UUID(document["id"])))
        assert log.count() == len(stored)  # a bad line stores nothing

    check()
    # Everything stored reads back and exports, with bounded, clean values.
    rows = log.sessions(limit=None)
    assert {row.id for row in rows} == set(stored)
    for row in rows:
        assert 0 <= row.active_seconds <= importer.MAX_SESSION_SECONDS
        assert 0 <= row.planned_seconds <= importer.MAX_SESSION_SECONDS
        assert "\x1b" not in row.routine_name + row.routine_slug + (row.note or "")
        detail = log.session_detail(row.id)
        assert detail is not None
        for interval in detail.intervals:
            assert 0 <= interval.actual_seconds <= importer.MAX_INTERVAL_SECONDS
            assert "\x1b" not in interval.step_name + interval.label + interval.step_number
    assert len(list(export_lines(log))) == len(stored)
    log.stats(weeks=600)
    log.close()


def test_an_over_long_line_is_skipped_as_it_is_read_with_bounded_memory(
    log: SessionLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = 64 * 1024
    monkeypatch.setattr(importer, "MAX_LINE", limit)
    path = tmp_path / "long.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(_doc(date(2026, 3, 1)) + "\n")
        handle.write('{"note": "' + "x" * (8 * 1024 * 1024) + '"}\n')  # 128 times the limit
        handle.write(_doc(date(2026, 3, 2)) + "\n")
    tracemalloc.start()
    try:
        report = import_file(log, path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.problems == [f"{path}:2: line is longer than {limit} bytes; skipped"]
    assert report.imported == 2
    assert peak < 16 * limit, peak  # the long line's 8 MB never sat in memory at once


def test_a_line_of_exactly_the_limit_is_read(
    log: SessionLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = _doc(date(2026, 3, 3))
    monkeypatch.setattr(importer, "MAX_LINE", len(line.encode()))
    path = tmp_path / "exact.jsonl"
    path.write_text(line + "\n" + line[:-1] + "  }\n", encoding="utf-8")
    report = import_file(log, path)
    assert report.imported == 1
    assert report.problems == [f"{path}:2: line is longer than {len(line)} bytes; skipped"]


def test_an_interval_is_judged_the_same_whether_or_not_its_text_needs_cleaning(
    log: SessionLog,
) -> None:
    """One interval validator: ``"skipped": null`` counts as not skipped, also beside a
    label that has to be cleaned (two validators once disagreed about that)."""
    plain = _with(10, {}, {"skipped": None})
    untidy = _with(11, {}, {"skipped": None, "label": " Hold\x07 "})
    report = import_lines(log, [plain, untidy], source="in.jsonl")
    assert report.problems == []
    assert report.imported == 2


def test_kinds_and_sides_come_from_the_enums() -> None:
    """The log's SQL and the import repeat no kind or side as a literal of their own."""
    import ast

    from psoas_tui.plan import IntervalKind
    from psoas_tui.routine.model import SIDES

    assert tuple(kind.value for kind in IntervalKind) == importer.INTERVAL_KINDS
    words = {*(kind.value for kind in IntervalKind), *SIDES}
    fields = {"reps"}  # also the name of an interval's field in exports
    history = Path(importer.__file__).parent
    spelled = []
    for path in sorted(history.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            quoted = [word for word in words if f"'{word}'" in node.value]
            if (node.value in words - fields) or quoted:
                spelled.append(f"{path.name}:{node.lineno} {node.value[:40]!r}")
    assert spelled == []
