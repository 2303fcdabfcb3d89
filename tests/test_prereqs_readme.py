"""The README tells a newcomer how to install psoas for everyday use and where their files
live, with the paths psoas really uses on Linux and macOS."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from platformdirs.macos import MacOS
from platformdirs.unix import Unix

from psoas_tui.locations import APP_NAME, Locations

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


@pytest.mark.parametrize(("platform", "column"), [(Unix, 1), (MacOS, 2)], ids=["linux", "macos"])
def test_the_readme_names_where_settings_routines_and_the_log_live(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: type, column: int
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    dirs = platform(APP_NAME)
    where = Locations(config=Path(dirs.user_config_dir), data=Path(dirs.user_data_dir))
    rows = {
        line.split("|")[1].strip(): line.split("|")[1 + column].strip().strip("`")
        for line in section("Where your files live").splitlines()
        if line.startswith("| ") and not line.startswith("| What")
    }

    def shown(path: Path, folder: bool = False) -> str:
        return "~/" + str(path.relative_to(home)) + ("/" if folder else "")

    assert rows["settings"] == shown(where.settings_file)
    assert rows["your routines"] == shown(where.routines, folder=True)
    assert rows["the session log"] == shown(where.log_file)
    assert rows["deleted routines"] == shown(where.trash, folder=True)


def test_the_readme_says_how_to_install_for_everyday_use() -> None:
    install = section("Install for everyday use")
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert "\npipx install . " in install
    assert "\npython3 -m pip wheel --no-deps --wheel-dir dist . " in install
    assert f"\npipx install dist/psoas-{version}-py3-none-any.whl\n" in install
