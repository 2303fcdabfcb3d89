"""`make bench` keeps working: each benchmark script runs a short version of itself.

These check that the scripts run and print their ratio lines, not what they measure (no
test asserts a wall-clock time; the numbers are for `make bench` on a quiet machine).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def run_benchmark(tmp_path: Path, *args: str, timeout: float = 60) -> str:
    env = {**os.environ, "PSOAS_HOME": str(tmp_path / "psoas")}
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_timing_benchmark_runs(tmp_path: Path) -> None:
    out = run_benchmark(tmp_path, "timing.py", "--seconds", "3")  # its smallest size
    assert "a 3 s routine (3 intervals)" in out
    assert "asyncio loop:" in out and "plain loop:" in out and "final drift" in out


@pytest.mark.slow
def test_history_benchmark_runs(tmp_path: Path) -> None:
    out = run_benchmark(tmp_path, "history.py", "--sessions", "300", "--quick", "--runs", "1")
    assert "psoas stats --json:" in out and "psoas log (first page):" in out


@pytest.mark.slow
def test_tui_benchmark_runs(tmp_path: Path) -> None:
    out = run_benchmark(tmp_path, "tui.py", "--only", "start", "--runs", "1")
    assert "start-up time:" in out and "ratio" in out


def test_tui_start_up_ratio_is_the_median_of_paired_ratios() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from tui import paired_ratio  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(BENCHMARKS))
    # The second pair ran while the machine was twice as slow: paired, that divides out.
    median, low, high = paired_ratio([1.1, 2.2, 1.21], [1.0, 2.0, 1.0])
    assert round(median, 3) == 1.1 and low <= median <= high
    assert paired_ratio([1.3], [1.0]) == (1.3, 1.3, 1.3)


def test_audio_benchmark_imports_and_parses_its_options(tmp_path: Path) -> None:
    # A real run plays a session on three backends (half a minute at the least): too long
    # for the suite, so this only loads the script and everything it imports.
    out = run_benchmark(tmp_path, "audio_latency.py", "--help")
    assert "--seconds" in out and "--calls" in out


def test_every_benchmark_script_is_covered_here() -> None:
    scripts = {p.name for p in BENCHMARKS.glob("*.py") if p.name != "run_all.py"}
    assert scripts == {"timing.py", "history.py", "tui.py", "audio_latency.py"}
