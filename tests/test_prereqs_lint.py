"""`make lint` passes whether or not simpleaudio could be built: mypy, on the sound
backends, with an interpreter that has simpleaudio and one that has not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def python_without_simpleaudio(folder: Path) -> Path:
    """A venv whose site-packages are this one's, bar simpleaudio."""
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True, timeout=60
    )
    ours = Path(next(p for p in sys.path if p.endswith("site-packages")))
    (theirs,) = folder.glob("lib/python*/site-packages")
    for entry in ours.iterdir():
        if not entry.name.lower().startswith("simpleaudio"):
            (theirs / entry.name).symlink_to(entry)
    return folder / "bin" / "python"


def mypy(python: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--python-executable",
            str(python),
            "--cache-dir",
            str(cache),
            "--follow-imports=silent",
            "psoas_tui/cues/backends.py",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "MYPY_FORCE_COLOR": "0"},
    )


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for both runs (the standard library is most of the work)."""
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.mark.slow
@pytest.mark.parametrize("simpleaudio", [False, True], ids=["without", "with"])
def test_mypy_passes_on_the_backends_with_and_without_simpleaudio(
    tmp_path: Path, mypy_cache: Path, simpleaudio: bool
) -> None:
    python = Path(sys.executable) if simpleaudio else python_without_simpleaudio(tmp_path / "v")
    found = subprocess.run([str(python), "-c", "import simpleaudio"], capture_output=True)
    assert (found.returncode == 0) == simpleaudio  # really with, or really without it
    result = mypy(python, mypy_cache)
    assert result.returncode == 0, result.stdout
