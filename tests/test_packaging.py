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
from typing import Any, NamedTuple

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


@pytest.fixture(scope="session")
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


@pytest.mark.slow
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


class Installed(NamedTuple):
    python: Path
    site: Path
    env: dict[str, str]


@pytest.fixture(scope="session")
def installed_wheel(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel installed into a fresh venv that sees no psoas but the wheel's."""
    target = tmp_path_factory.mktemp("installed") / "venv"
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
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    return Installed(python, site, env)


@pytest.mark.slow
def test_installed_wheel_lists_bundled_routines_from_another_folder(
    installed_wheel: Installed, tmp_path: Path
) -> None:
    python, site, env = installed_wheel
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    psoas = str(python.with_name("psoas"))
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


# Every screen's stylesheet, found as Textual finds it (its CSS_PATH beside the class's
# module) and parsed with the theme's variables; and no screen keeps CSS in a string.
STYLESHEETS = """
import importlib, inspect, json, pkgutil
from pathlib import Path

import psoas_tui.tui
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.screen import Screen

for module in pkgutil.walk_packages(psoas_tui.tui.__path__, "psoas_tui.tui."):
    importlib.import_module(module.name)


def subclasses(base):
    for cls in base.__subclasses__():
        yield cls
        yield from subclasses(cls)


def ours(cls):
    return cls.__module__.startswith("psoas_tui.")


variables = App().get_css_variables()
css_path = {}
for cls in filter(ours, {*subclasses(App), *subclasses(Screen)}):
    paths = cls.CSS_PATH or []
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files = [(Path(inspect.getfile(cls)).parent / path).resolve() for path in paths]
    for file in files:
        sheet = Stylesheet(variables=variables)
        sheet.read(file)  # a missing file raises
        sheet.parse()  # and so does a rule Textual does not know
    css_path[cls.__qualname__] = [str(file) for file in files]
css_in_strings = [
    cls.__qualname__
    for cls in filter(ours, subclasses(DOMNode))
    if (cls.__dict__.get("DEFAULT_CSS") or cls.__dict__.get("CSS"))
    and not cls.__module__.startswith("psoas_tui.tui.widgets.")
]
print(json.dumps({"css_path": css_path, "css_in_strings": css_in_strings}))
"""
SCREENS_WITH_CSS = {
    "PsoasApp",
    "SessionScreen",
    "SummaryScreen",
    "HistoryScreen",
    "SessionDetailScreen",
    "ConfirmScreen",
    "CheckInScreen",
    "EditorScreen",
    "LeaveDialog",
}


def check_stylesheets(python: Path | str, env: dict[str, str] | None, cwd: Path) -> dict[str, Any]:
    done = subprocess.run(
        [str(python), "-c", STYLESHEETS], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, Any] = json.loads(done.stdout)
    # Home is the first screen: Textual reads no CSS_PATH for it, so its rules are the
    # app's (psoas.tcss). Every other screen has a stylesheet of its own.
    assert {name for name, files in found["css_path"].items() if not files} == {"HomeScreen"}
    assert {name for name, files in found["css_path"].items() if files} >= SCREENS_WITH_CSS
    assert found["css_in_strings"] == []
    return found


def test_every_screen_has_a_stylesheet_that_parses(tmp_path: Path) -> None:
    found = check_stylesheets(sys.executable, None, tmp_path)
    for files in found["css_path"].values():
        assert all(Path(file).is_relative_to(ROOT / "psoas_tui") for file in files)


def test_installed_wheel_carries_every_screens_stylesheet(
    installed_wheel: Installed, tmp_path: Path
) -> None:
    """A .tcss left out of the wheel fails here, not on a user's first session."""
    python, site, env = installed_wheel
    found = check_stylesheets(python, env, tmp_path)
    for files in found["css_path"].values():
        assert all(Path(file).is_relative_to(site) for file in files), files
