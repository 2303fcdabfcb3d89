"""The wheel carries routines, schema and sounds; installed, it works from any folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "psoas_tui" / "data"


def _has_offline_build_backend() -> bool:
    try:
        import setuptools
        import wheel  # noqa: F401
    except ImportError:
        return False
    return int(setuptools.__version__.split(".")[0]) >= 68


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build from a copy of the sources, so the shared working tree gets no build/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "psoas_tui",
        source / "psoas_tui",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    command = [sys.executable, "-m", "build", "--wheel", "--outdir", str(work / "dist")]
    if _has_offline_build_backend():
        command += ["--no-isolation", "--skip-dependency-check"]
    done = subprocess.run(
        [*command, str(source)], capture_output=True, text=True, timeout=240, cwd=work
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (found,) = (work / "dist").glob("psoas-*.whl")
    return found


def test_wheel_carries_routines_schema_and_sounds(built_wheel: Path) -> None:
    names = set(zipfile.ZipFile(built_wheel).namelist())
    routines = {f"psoas_tui/data/routines/{p.name}" for p in (DATA / "routines").glob("*.toml")}
    assert len(routines) >= 4
    assert routines <= names
    assert "psoas_tui/data/routine.schema.json" in names
    sounds = {n for n in names if n.startswith("psoas_tui/data/sounds/")}
    assert {f"psoas_tui/data/sounds/{p.name}" for p in (DATA / "sounds").glob("*.wav")} <= sounds
    assert sounds
    assert not any(n.startswith(("tests/", "routines/", "sounds/")) for n in names)


def test_installed_wheel_lists_bundled_routines_from_another_folder(
    built_wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(built_wheel)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    site = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    # The dependencies (textual, rich, ...) come from the project venv's site-packages, added
    # by a .pth file. Its own .pth files are not processed, so the editable psoas there (a
    # finder hook installed by a .pth) stays out: psoas_tui can only come from the wheel.
    (site / "psoas_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    psoas = str(target / "bin" / "psoas")
    listed = subprocess.run(
        [psoas, "list", "--json"], cwd=elsewhere, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    bundled = [row for row in rows if row["source"] == "bundled"]
    assert {row["slug"] for row in bundled} >= {
        "pre-run-warm-up",
        "stretch-and-strengthen",
        "desk-break",
        "thomas-test",
    }
    for row in bundled:
        assert Path(row["path"]).is_relative_to(site), row["path"]
        assert row["problems"] == []
    paths = [row["path"] for row in bundled]
    checked = subprocess.run(
        [psoas, "check", *paths], cwd=elsewhere, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    where = subprocess.run(
        [str(python), "-c", "import psoas_tui.locations as l; print(l.bundled_schema())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert Path(where.stdout.strip()).is_relative_to(site)
    assert Path(where.stdout.strip()).is_file()
