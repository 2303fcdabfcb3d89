"""The log's one bump for #15 and #17 (schema v6, export psoas-session/2), on real SQLite:
answers by index and score, the routine id (old rows mapped by slug), export v2 and import
of v1 and v2, and the tight-side rule read from logged sessions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from psoas_tui.coaching.sides import tight_side
from psoas_tui.history import open_log, schema
from psoas_tui.history.export import export_lines
from psoas_tui.history.importer import import_lines
from psoas_tui.locations import user_locations
from tests.test_coach_tui import fitted_session
from tests.test_history import run_session

OLD_ID = "0b3c8a54-1f0e-4d7e-9f43-2a1c5e6d7f80"


def _v5_log(path: Path, slug: str, name: str) -> None:
    """A version-5 log with one Thomas test of ``slug``: left knee "Clearly", right "No"."""
    conn = schema.connect(path, migrate_to=5)
    conn.execute(
        "INSERT INTO sessions (id, routine_slug, routine_name, content_hash, started_utc, "
        "utc_offset, local_date, ended_utc, updated_utc, status, planned_seconds, "
        "planned_intervals, planned_exercises, psoas_version) VALUES (?, ?, ?, 'h', "
        "'2026-11-26T07:00:00.000000Z', 0, '2026-11-26', '2026-11-26T07:05:00.000000Z', "
        "'2026-11-26T07:05:00.000000Z', 'completed', 15, 5, 0, '0.1')",
        (OLD_ID, slug, name),
    )
    answers = {
        "thomas-test": ("Thomas test", "Clearly", "No, it stayed flat"),
        "thomastest": ("Thomastest", "Duidelijk", "Nee, het bleef plat liggen"),
    }[slug]
    step, left, right = answers
    conn.executemany(
        "INSERT INTO answers (session_id, seq, step_number, step_name, side, question, answer) "
        "VALUES (?, ?, '1', ?, ?, 'Did it lift?', ?)",
        [(OLD_ID, 2, step, "left", left), (OLD_ID, 4, step, "right", right)],
    )
    conn.close()


@pytest.mark.parametrize("slug", ["thomas-test", "thomastest"])
def test_the_migration_maps_old_rows_id_by_slug_and_scores_old_thomas_answers(
    isolated_home: Path, slug: str
) -> None:
    _v5_log(isolated_home / "history.sqlite3", slug, "Thomas")
    with open_log(user_locations(), warn=pytest.fail) as log:
        assert log.conn.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST == 6
        (row,) = log.sessions()
        assert row.routine_id == "thomas-test" and row.routine_slug == slug
        assert [(a.side, a.answer_index, a.answer_score, a.about_side) for a in row.answers] == [
            ("left", 2, 2, "right"),  # the left knee held: about the right side
            ("right", 0, 0, "left"),
        ]
        assert tight_side(log.side_results()).tight == "right"


def test_other_routines_keep_their_slug_as_id_and_their_answers_unscored(
    isolated_home: Path,
) -> None:
    path = isolated_home / "history.sqlite3"
    _v5_log(path, "thomas-test", "Thomas")
    conn = schema.connect(path, migrate_to=5)
    conn.execute("UPDATE sessions SET routine_slug = 'my-test'")
    conn.close()
    with open_log(user_locations(), warn=pytest.fail) as log:
        (row,) = log.sessions()
        assert row.routine_id == "my-test"
        assert [a.answer_score for a in row.answers] == [None, None]
        assert log.side_results() == []


def test_a_recorded_thomas_test_logs_index_score_and_side_and_makes_a_side_tight(
    isolated_home: Path,
) -> None:
    with open_log(user_locations(), warn=pytest.fail) as log:
        run_session(log, "thomas-test", answer=2)  # "Clearly" on both sides: even
        (row,) = log.sessions()
        assert row.routine_id == "thomas-test"
        scored = [(a.side, a.answer_index, a.answer_score, a.about_side) for a in row.answers]
        assert scored == [("left", 2, 2, "right"), ("right", 2, 2, "left"), (None, 1, None, None)]
        assert tight_side(log.side_results()).tight is None
        sid, _plan, _session = run_session(log, "thomas-test", answer=0)
        log.save_summary(sid, tightness={"left": 10, "right": 0})  # 2.0 and 0.0 on 0–2
        state = tight_side(log.side_results())  # the last 3 per side: left 2, 0, 10/5;
        assert state.tight is None  # right 2, 0, 0/5: 1.33 against 0.67, under the gap of 1
        assert (state.left, state.right) == pytest.approx((4 / 3, 2 / 3))
        sid, _plan, _session = run_session(log, "desk-break")  # any routine's rating counts
        log.save_summary(sid, tightness={"left": 10, "right": 0})
        state = tight_side(log.side_results())  # left 0, 2, 2 against right 0, 0, 0
        assert state.tight == "left" and state.found is not None
        assert state.found.source == "rating"


def test_export_is_v2_and_its_round_trip_keeps_id_budget_and_scores(isolated_home: Path) -> None:
    locations = user_locations()
    with open_log(locations, warn=pytest.fail) as log:
        run_session(log, "thomas-test", answer=2)
        fitted_session(log, 240)
        lines = list(export_lines(log))
    documents = [json.loads(line) for line in lines]
    assert {d["format"] for d in documents} == {"psoas-session/2"}
    fitted = next(d for d in documents if d["routine_slug"] == "desk-break")
    assert fitted["budget_seconds"] == 240 and abs(fitted["fitted_seconds"] - 240) <= 5
    thomas = next(d for d in documents if d["routine_slug"] == "thomas-test")
    assert thomas["routine_id"] == "thomas-test"
    assert [a["answer_score"] for a in thomas["answers"]] == [2, 2, None]
    assert [a["about_side"] for a in thomas["answers"]] == ["right", "left", None]

    other = isolated_home / "other.sqlite3"
    with open_log(locations, path=other, warn=pytest.fail) as copy:
        report = import_lines(copy, lines, source="export.jsonl")
        assert (report.imported, report.problems) == (2, [])
        assert list(export_lines(copy)) == lines  # the same, field for field


def test_import_reads_version_1_and_maps_id_and_thomas_answers(isolated_home: Path) -> None:
    line = json.dumps(
        {
            "format": "psoas-session/1",
            "id": OLD_ID,
            "routine_slug": "thomastest",
            "routine_name": "Thomastest",
            "content_hash": "h",
            "started": "2026-11-26T08:00:00+01:00",
            "ended": None,
            "status": "completed",
            "active_seconds": 15,
            "planned_seconds": 15,
            "planned_intervals": 5,
            "planned_exercises": 0,
            "tightness": {"left": None, "right": None},
            "intervals": [],
            "answers": [
                {"seq": 2, "step_number": "1", "step_name": "Thomastest", "side": "left",
                 "question": "?", "answer": "Een beetje"},
                {"seq": 4, "step_number": "1", "step_name": "Thomastest", "side": "right",
                 "question": "?", "answer": "Nee, het bleef plat liggen"},
            ],
        }
    )  # fmt: skip
    with open_log(user_locations(), warn=pytest.fail) as log:
        report = import_lines(log, [line], source="old.jsonl")
        assert (report.imported, report.problems) == (1, [])
        (row,) = log.sessions()
        assert row.routine_id == "thomas-test" and row.budget_seconds is None
        assert [(a.answer_index, a.answer_score, a.about_side) for a in row.answers] == [
            (1, 1, "right"),
            (0, 0, "left"),
        ]


def test_import_rejects_an_unknown_format_naming_both_it_reads(isolated_home: Path) -> None:
    with open_log(user_locations(), warn=pytest.fail) as log:
        report = import_lines(log, ['{"format": "psoas-session/9"}'], source="x.jsonl")
    assert report.problems == [
        'x.jsonl:1: "format" must be "psoas-session/2" or "psoas-session/1", not "psoas-session/9"'
    ]


def test_log_json_shows_the_budget_and_the_fitted_length(
    isolated_home: Path, psoas_env: dict[str, str]
) -> None:
    import subprocess

    from tests.conftest import PSOAS

    with open_log(user_locations(), warn=pytest.fail) as log:
        fitted_session(log, 240)
        run_session(log, "thomas-test", answer=2)
    done = subprocess.run(
        [PSOAS, "log", "--json"], env=psoas_env, capture_output=True, text=True, check=True
    )
    rows = {row["routine_slug"]: row for row in json.loads(done.stdout)}
    fitted, plain = rows["desk-break"], rows["thomas-test"]
    assert fitted["budget_seconds"] == 240 and abs(fitted["fitted_seconds"] - 240) <= 5
    assert fitted["routine_id"] == "desk-break" and fitted["first_side"] in ("left", "right")
    assert plain["budget_seconds"] is None and plain["fitted_seconds"] is None
