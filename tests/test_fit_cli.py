"""``--fit`` on ``run`` and ``show`` (issue #17): the forms a budget is written in, the
errors, and a fitted run logged with its budget and remembered for the routine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from psoas_tui.budgets import remembered_budget
from psoas_tui.cli import main
from psoas_tui.history import open_log
from psoas_tui.locations import user_locations


def show_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["show", "pre-run-warm-up", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("written", "seconds"), [("8m", 480), ("5:30", 330), ("330s", 330)])
def test_show_fit_reads_every_form_and_lands_within_five_seconds(
    capsys: pytest.CaptureFixture[str], written: str, seconds: int
) -> None:
    shown = show_json(capsys, "--fit", written)
    assert shown["budget_seconds"] == seconds
    planned = shown["planned_seconds"]
    assert isinstance(planned, float) and abs(planned - seconds) <= 5
    assert shown["written_seconds"] == 484  # as written: 8:04
    reasons = shown["reasons"]
    assert isinstance(reasons, list) and reasons[0].startswith("fitted to ")


def test_show_without_fit_is_the_routine_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    shown = show_json(capsys)
    assert shown["total_seconds"] == 484 and shown["budget_seconds"] is None
    assert shown["reasons"] == []


def test_a_budget_out_of_reach_exits_1_with_the_shortest_and_longest(
    psoas_env: dict[str, str],
) -> None:
    for command in ("show", "run"):
        done = subprocess.run(
            [sys.executable, "-m", "psoas_tui", command, "pre-run-warm-up", "--fit", "1m"]
            + (["--plain", "--mute"] if command == "run" else []),
            env=psoas_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1
        assert "cannot be fitted to 1 min: it can be fitted to between 2:49 and 11:44" in (
            done.stderr
        )
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("8x", '"8x" is not a time psoas reads'),
        ("5:75", "the seconds after a colon run from 00 to 59"),
        ("0s", "is no time at all"),
        ("25h", "longer than a day"),
    ],
)
def test_a_budget_that_cannot_be_read_is_a_usage_error_saying_how_to_write_it(
    capsys: pytest.CaptureFixture[str], written: str, said: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["show", "pre-run-warm-up", "--fit", written])
    assert exited.value.code == 2
    assert said in capsys.readouterr().err


def test_a_fitted_run_is_logged_with_its_budget_and_remembered(
    psoas_env: dict[str, str], isolated_home: Path
) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "psoas_tui",
            "run",
            "pre-run-warm-up",
            "--plain",
            "--mute",
            "--fit",
            "5m",
        ],
        env={**psoas_env, "PSOAS_TIME_SCALE": "1000"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "fitted to 5 min: 5:00" in done.stdout
    locations = user_locations()
    assert remembered_budget(locations, "pre-run-warm-up") == 300
    with open_log(locations) as log:
        (row,) = log.sessions()
    assert row.budget_seconds == 300 and row.routine_id == "pre-run-warm-up"
    assert row.fitted_seconds is not None and abs(row.fitted_seconds - 300) <= 5
    assert row.planned_seconds == pytest.approx(row.fitted_seconds)  # no untimed steps


def test_list_totals_stay_as_written_after_a_test(
    psoas_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    subprocess.run(
        [sys.executable, "-m", "psoas_tui", "run", "thomas-test", "--plain", "--mute"],
        input="3\n1\n1\n",
        env={**psoas_env, "PSOAS_TIME_SCALE": "1000"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert main(["list", "--json"]) == 0
    rows = {row["slug"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["pre-run-warm-up"]["total_seconds"] == 484
    assert show_json(capsys)["tight_side"] == "right"
