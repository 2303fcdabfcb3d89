"""The routine commands run for real in a subprocess: list, show, check and new."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PSOAS

SMALL = """\
name = "Small test routine"
summary = "Hand-computed: 163 timed seconds and 3 untimed intervals."
tags = ["test"]

[defaults]
get_ready = 5
switch = 3
rest = 10
start_side = "right"

[[steps]]
name = "Hold"
duration = 20
per_side = true
left = { duration = 30 }
sets = 2

[[steps]]
name = "Tempo reps"
kind = "reps"
reps = 6
tempo = 2.5
get_ready = 0

[[steps]]
name = "Circuit"
kind = "block"
rounds = 2
rest = 7

  [[steps.steps]]
  name = "Own pace"
  kind = "reps"
  reps = 4

  [[steps.steps]]
  name = "Breather"
  kind = "rest"
  duration = 5

[[steps]]
name = "How was it?"
kind = "check"
question = "Tight?"
answers = ["no", "yes"]
get_ready = 0
"""

# (start, kind, label, side, set, round, reps, duration) worked out by hand from SMALL.
EXPECTED_INTERVALS = [
    (0, "get_ready", "Get ready", "right", 1, 1, None, 5),
    (5, "work", "Hold", "right", 1, 1, None, 20),
    (25, "switch", "Switch sides", "left", 1, 1, None, 3),
    (28, "work", "Hold", "left", 1, 1, None, 30),
    (58, "rest", "Rest", None, 1, 1, None, 10),
    (68, "work", "Hold", "right", 2, 1, None, 20),
    (88, "switch", "Switch sides", "left", 2, 1, None, 3),
    (91, "work", "Hold", "left", 2, 1, None, 30),
    (121, "reps", "Tempo reps", None, 1, 1, 6, 15),
    (136, "get_ready", "Get ready", None, 1, 1, None, 5),
    (141, "reps", "Own pace", None, 1, 1, 4, None),
    (141, "rest", "Breather", None, 1, 1, None, 5),
    (146, "rest", "Rest", None, 1, 1, None, 7),
    (153, "get_ready", "Get ready", None, 1, 2, None, 5),
    (158, "reps", "Own pace", None, 1, 2, 4, None),
    (158, "rest", "Breather", None, 1, 2, None, 5),
    (163, "check", "How was it?", None, 1, 1, None, None),
]


def run(
    env: dict[str, str], *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PSOAS, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=30
    )


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_show_json_matches_hand_computed_plan(psoas_env: dict[str, str], small: Path) -> None:
    done = run(psoas_env, "show", str(small), "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["total_seconds"] == 163
    assert document["untimed"] == 3
    assert document["name"] == "Small test routine"
    found = [
        (
            i["start"],
            i["kind"],
            i["label"],
            i["side"],
            i["set"],
            i["round"],
            i["reps"],
            i["duration"],
        )
        for i in document["intervals"]
    ]
    assert found == EXPECTED_INTERVALS


def test_show_table_lists_every_interval_and_the_total(
    psoas_env: dict[str, str], small: Path
) -> None:
    done = run(psoas_env, "show", str(small))
    assert done.returncode == 0, done.stderr
    assert "Total: 2:43 (2 min 43 s) plus 3 untimed interval(s) that wait for you" in done.stdout
    starts = [
        re.search(r"(\d+:\d\d)", line).group(1)  # type: ignore[union-attr]
        for line in done.stdout.splitlines()
        if re.match(r"^│\s+\d+ │", line)
    ]
    assert starts == [f"{s // 60}:{s % 60:02d}" for s, *_ in EXPECTED_INTERVALS]
    assert "6 @ 2.5 s" in done.stdout
    assert done.stdout.count("until done") == 3  # two untimed reps and the check


def test_list_json_shows_bundled_and_user_routines(
    psoas_env: dict[str, str], isolated_home: Path
) -> None:
    user = isolated_home / "routines"
    user.mkdir()
    (user / "mine.toml").write_text(SMALL, encoding="utf-8")
    (user / "broken.toml").write_text('name = "Broken"\n', encoding="utf-8")
    done = run(psoas_env, "list", "--json")
    assert done.returncode == 0, done.stderr
    rows = {row["slug"]: row for row in json.loads(done.stdout)}
    for slug, minutes in (
        ("pre-run-warm-up", 8),
        ("stretch-and-strengthen", 15),
        ("desk-break", 3),
    ):
        assert rows[slug]["source"] == "bundled"
        assert abs(rows[slug]["total_seconds"] - minutes * 60) <= 45, slug
    assert rows["thomas-test"]["source"] == "bundled"
    assert rows["thomas-test"]["untimed"] == 3  # two sides of the test and the pain question
    table = run(psoas_env, "list")
    assert "2 min 43 s + 3 untimed" in table.stdout
    assert rows["mine"] == {
        "slug": "mine",
        "name": "Small test routine",
        "id": "mine",  # #15: each routine's id and language
        "language": "en",
        "source": "user",
        "total_seconds": 163,
        "untimed": 3,
        "tags": ["test"],
        "path": str(user / "mine.toml"),
        "problems": [],
    }
    assert rows["broken"]["total_seconds"] is None
    assert rows["broken"]["problems"] == [
        f"{user / 'broken.toml'}:1:1: a routine needs at least one step: add a [[steps]] table"
    ]


def test_check_bundled_routines_exit_zero(psoas_env: dict[str, str]) -> None:
    folder = Path(__file__).resolve().parent.parent / "psoas_tui" / "data" / "routines"
    done = run(psoas_env, "check", *sorted(str(p) for p in folder.glob("*.toml")))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": ok, ") == len(list(folder.glob("*.toml")))


def test_check_reports_path_line_col_and_exits_one(
    psoas_env: dict[str, str], tmp_path: Path, small: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "Bad"\n\n[[steps]]\nname = "A"\nduration = 0\n\n'
        '[[steps]]\nname = "B"\nduraton = 3\n',
        encoding="utf-8",
    )
    done = run(psoas_env, "check", str(small), str(bad))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{small}: ok, Small test routine, 2 min 43 s")
    assert lines[1:] == [
        f'{bad}:5:1: step 1 "A": duration must be 1 to 3600 seconds, found 0; use at least 1',
        f'{bad}:7:1: step 2 "B": a timed step needs duration = N (1 to 3600 seconds)',
        f'{bad}:9:1: unknown key "duraton" to a timed step (step 2 "B"); did you mean "duration"?',
        "1 of 2 files have problems: fix the lines above (PATH:LINE:COL) and run psoas check again",
    ]
    assert "Traceback" not in done.stderr


def test_check_syntax_error_and_missing_file(psoas_env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "syntax.toml"
    bad.write_text('name = "A"\nsteps = [\n', encoding="utf-8")
    done = run(psoas_env, "check", str(bad), str(tmp_path / "missing.toml"))
    assert done.returncode == 1
    assert done.stdout.splitlines()[:2] == [
        f"{bad}:3:1: TOML syntax error: invalid value; fix the syntax on this line",
        f"{tmp_path / 'missing.toml'}:1:1: no such file: check the path or run `psoas list` "
        "for routine names",
    ]


def test_check_folder_and_usage_errors(psoas_env: dict[str, str], tmp_path: Path) -> None:
    assert run(psoas_env, "check").returncode == 2
    assert run(psoas_env, "check", "--no-such-flag", "x.toml").returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run(psoas_env, "check", str(empty))
    assert done.returncode == 1
    assert "no .toml files in this folder" in done.stderr
    folder = Path(__file__).resolve().parent.parent / "psoas_tui" / "data" / "routines"
    assert run(psoas_env, "check", str(folder)).returncode == 0


def test_show_unknown_routine_suggests_a_name(psoas_env: dict[str, str]) -> None:
    done = run(psoas_env, "show", "desk-brake")
    assert done.returncode == 1
    assert 'did you mean "desk-break"?' in done.stderr
    assert "Traceback" not in done.stderr


def test_show_invalid_routine_lists_problems(psoas_env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "Bad"\n[[steps]]\nname = "A"\nduration = -1\n', encoding="utf-8")
    done = run(psoas_env, "show", str(bad))
    assert done.returncode == 1
    assert f"{bad}:4:1: step 1" in done.stderr


ESCAPES = 'name = "Evil\\u001b]0;pwned\\u0007 \\u001b[2J\\u009b31m name"'


def test_escape_sequences_never_reach_the_terminal(
    psoas_env: dict[str, str], isolated_home: Path
) -> None:
    user = isolated_home / "routines"
    user.mkdir()
    text = (
        f'{ESCAPES}\nsummary = "\\u001b[31mred"\ntags = ["\\u001b[2J"]\n\n[[steps]]\n'
        'name = "Step \\u001b]0;title\\u0007"\nduration = 30\nper_side = true\n'
        'how = "\\u001b[2J clear"\n'
    )
    (user / "evil.toml").write_text(text, encoding="utf-8")
    (user / "evil-broken.toml").write_text(f'{ESCAPES}\n"\\u001b[2Jkey" = 1\n', encoding="utf-8")
    (user / "\x1b]0;file\x07.toml").write_text(text, encoding="utf-8")
    (user / "\x1b[2J.toml").write_text('name = "x"\n', encoding="utf-8")
    outputs = [
        run(psoas_env, "list"),
        run(psoas_env, "list", "--json"),
        run(psoas_env, "show", "evil"),
        run(psoas_env, "show", "evil", "--json"),
        run(psoas_env, "show", "evil-broken"),
        run(psoas_env, "check", str(user / "evil.toml"), str(user / "evil-broken.toml")),
        run(psoas_env, "check", str(user)),
        run(psoas_env, "show", str(user / "\x1b]0;file\x07.toml")),
    ]
    for done in outputs:
        assert "\x1b" not in done.stdout and "\x1b" not in done.stderr, done.args
        assert "\x07" not in done.stdout and "\x9b" not in done.stdout, done.args
    assert "Evil]0;pwned [2J31m name" in outputs[2].stdout
    assert [d.returncode for d in outputs] == [0, 0, 0, 0, 1, 1, 1, 0]


def test_new_writes_a_routine_that_passes_check(
    psoas_env: dict[str, str], isolated_home: Path
) -> None:
    done = run(psoas_env, "new", "Evening stretch")
    assert done.returncode == 0, done.stderr
    path = isolated_home / "routines" / "evening-stretch.toml"
    assert path.is_file()
    assert f"Wrote {path}" in done.stdout
    checked = run(psoas_env, "check", str(path))
    assert checked.returncode == 0, checked.stdout
    listed = {row["slug"]: row for row in json.loads(run(psoas_env, "list", "--json").stdout)}
    assert listed["evening-stretch"]["name"] == "Evening stretch"
    assert listed["evening-stretch"]["source"] == "user"
    again = run(psoas_env, "new", "Evening stretch")
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_psoas_without_textual_lists_the_routines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    from psoas_tui.cli import main

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "textual" else real(name, *a)
    )
    assert main([]) == 0
    assert "pre-run-warm-up" in capsys.readouterr().out


def test_broken_symlinks_are_listed_as_invalid_with_the_reason(
    psoas_env: dict[str, str], isolated_home: Path
) -> None:
    from psoas_tui.locations import user_locations
    from psoas_tui.routine.catalog import all_entries

    user = isolated_home / "routines"
    user.mkdir()
    (user / "dangling.toml").symlink_to(user / "gone.toml")
    (user / "loop-a.toml").symlink_to(user / "loop-b.toml")
    (user / "loop-b.toml").symlink_to(user / "loop-a.toml")
    dangling = "broken symbolic link: it points to"
    loop = "symbolic link loop"

    rows = {row["slug"]: row for row in json.loads(run(psoas_env, "list", "--json").stdout)}
    assert rows["dangling"]["total_seconds"] is None
    assert rows["dangling"]["source"] == "user"
    [problem] = rows["dangling"]["problems"]
    assert problem.startswith(f"{user / 'dangling.toml'}:1:1: {dangling}")
    assert "gone.toml" in problem and "remove the link" in problem
    for slug in ("loop-a", "loop-b"):
        [problem] = rows[slug]["problems"]
        assert problem.startswith(f"{user / slug}.toml:1:1: {loop}"), problem

    table = run(psoas_env, "list")
    assert table.returncode == 0, table.stderr
    flat = " ".join(table.stdout.split())
    assert dangling in flat and loop in flat
    for slug in ("dangling", "loop-a", "loop-b"):
        assert slug in table.stdout

    shown = run(psoas_env, "show", "dangling")
    assert shown.returncode == 1
    assert "no routine named" not in shown.stderr
    assert dangling in shown.stderr and "Traceback" not in shown.stderr
    shown = run(psoas_env, "show", "loop-a")
    assert shown.returncode == 1 and loop in shown.stderr

    # The catalog the home screen lists.
    home = {entry.slug: entry for entry in all_entries(user_locations())}
    assert home["dangling"].result.routine is None
    assert dangling in home["dangling"].problems[0].message
    assert loop in home["loop-b"].problems[0].message


def test_folder_names_with_escape_sequences_are_cleaned(
    psoas_env: dict[str, str], tmp_path: Path
) -> None:
    home = tmp_path / "home \x1b]0;title\x07\x1b[2J"
    psoas_env["PSOAS_HOME"] = str(home)
    outputs = [run(psoas_env, "new", "Evening"), run(psoas_env, "new", "Evening")]
    user = home / "routines"
    (user / "broken.toml").write_text('name = "Broken"\n', encoding="utf-8")
    outputs += [
        run(psoas_env, "list"),
        run(psoas_env, "list", "--json"),
        run(psoas_env, "show", "broken"),
        run(psoas_env, "check", str(user)),
    ]
    for done in outputs:
        assert "\x1b" not in done.stdout + done.stderr, done.args
        assert "\x07" not in done.stdout + done.stderr, done.args
    cleaned = str(tmp_path / "home ]0;title[2J")
    assert f"Wrote {cleaned}/routines/evening.toml" in outputs[0].stdout
    assert "already exists" in outputs[1].stderr
    assert f"{cleaned}/routines/broken.toml:1:1" in outputs[4].stderr
    assert [d.returncode for d in outputs] == [0, 1, 0, 0, 1, 1]


def test_reading_the_routines_folder_sweeps_stale_temp_files_of_killed_saves(
    psoas_env: dict[str, str], isolated_home: Path
) -> None:
    import os
    import sys
    import time

    from psoas_tui.routine.save import FRESH_SECONDS, TEMP_SUFFIX

    user = isolated_home / "routines"
    user.mkdir()
    (user / "mine.toml").write_text(SMALL, encoding="utf-8")
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    a_while_ago = (time.time() - 2 * FRESH_SECONDS,) * 2
    # What a save killed a while ago leaves: psoas' own name, the dead saver's PID.
    stale = user / f".mine.toml.{int(dead.stdout)}.0badf00d{TEMP_SUFFIX}"
    # A save in progress in another process (this test's, which is alive).
    in_progress = user / f".mine.toml.{os.getpid()}.0123abcd{TEMP_SUFFIX}"
    # Not psoas' own, though the names look alike.
    foreign = [user / f"notes{TEMP_SUFFIX}", user / f".mine.toml.backup.0badf00d{TEMP_SUFFIX}"]
    for path in (stale, in_progress, *foreign):
        path.write_bytes(b"half a rout")
        os.utime(path, a_while_ago)

    done = run(psoas_env, "list")

    assert done.returncode == 0, done.stderr
    assert not stale.exists()
    assert in_progress.exists()
    for path in foreign:
        assert path.exists(), path.name
    assert (user / "mine.toml").read_text(encoding="utf-8") == SMALL


@pytest.mark.parametrize("command", [["list"], ["--lang", "nl", "list"], ["show", "desk-break"]])
def test_a_reader_that_goes_away_is_not_an_error(
    psoas_env: dict[str, str], command: list[str]
) -> None:
    # `psoas list | head`: the reader closes the pipe before psoas writes; Rich on its own
    # would exit 1 there.
    process = subprocess.Popen(
        [PSOAS, *command],
        env=psoas_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    error = process.stderr.read()
    assert process.wait(timeout=30) == 0, error
    assert b"Traceback" not in error and b"internal error" not in error
