"""The tight side end to end (issue #17): real ``psoas`` subprocesses, a real log.

A Thomas test with the left knee held and the right leg lifting clearly makes the right
side tight; ``show`` then holds the right side longer and says why; two even tests bring
it back to even (docs/coaching.md, "The rule")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def psoas(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psoas_tui", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def env(psoas_env: dict[str, str]) -> dict[str, str]:
    return {**psoas_env, "PSOAS_TIME_SCALE": "1000"}


def thomas(env: dict[str, str], answers: str) -> subprocess.CompletedProcess[str]:
    done = psoas(env, "run", "thomas-test", "--plain", "--mute", stdin=answers)
    assert done.returncode == 0, done.stderr
    return done


def stretch_holds(env: dict[str, str], *extra: str) -> dict[str, set[float]]:
    """The per-side hold lengths of the warm-up's stretch (Kneeling hip flexor stretch)."""
    shown = psoas(env, "show", "pre-run-warm-up", "--json", *extra)
    assert shown.returncode == 0, shown.stderr
    holds: dict[str, set[float]] = {"left": set(), "right": set()}
    for row in json.loads(shown.stdout)["intervals"]:
        if row["kind"] == "work" and row["side"] and "stretch" in row["step"].lower():
            holds[row["side"]].add(row["duration"])
    return holds


@pytest.mark.slow
def test_a_clearly_tight_right_side_holds_longer_until_two_even_tests(
    env: dict[str, str],
) -> None:
    assert stretch_holds(env) == {"left": {40.0}, "right": {40.0}}  # nothing logged: even

    thomas(env, "3\n1\n1\n")  # left knee held: the right leg lifted clearly; right knee: flat
    shown = psoas(env, "show", "pre-run-warm-up")
    assert shown.returncode == 0, shown.stderr
    assert "right 60 s, left 40 s: your Thomas test on " in shown.stdout
    assert "found the right side tighter" in shown.stdout
    assert stretch_holds(env) == {"left": {40.0}, "right": {60.0}}
    assert stretch_holds(env, "--even") == {"left": {40.0}, "right": {40.0}}  # as written

    # the plain runner says the same before it starts
    run = psoas(env, "run", "pre-run-warm-up", "--plain", "--mute")
    assert run.returncode == 0, run.stderr
    assert "right 60 s, left 40 s: your Thomas test on " in run.stdout

    thomas(env, "1\n1\n1\n")  # one even test: still tight (1 against 0)
    assert stretch_holds(env) == {"left": {40.0}, "right": {60.0}}
    thomas(env, "1\n1\n1\n")  # two even tests: 0.67 against 0, even again
    assert stretch_holds(env) == {"left": {40.0}, "right": {40.0}}
    assert "tighter" not in psoas(env, "show", "pre-run-warm-up").stdout


def test_asymmetry_off_in_settings_keeps_the_sides_even(env: dict[str, str]) -> None:
    thomas(env, "3\n1\n1\n")
    Path(env["PSOAS_HOME"], "settings.toml").write_text('asymmetry = "off"\n')
    assert stretch_holds(env) == {"left": {40.0}, "right": {40.0}}
