"""The sound backends' names are listed once (psoas_tui/audio.py) and offered the same way
by settings.toml, ``psoas run --audio`` and the cues."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from psoas_tui import audio, cues, settings

PACKAGE = Path(__file__).resolve().parent.parent / "psoas_tui"


def test_the_list_of_backend_names_is_written_once() -> None:
    lists = [
        f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Tuple | ast.List | ast.Set)
        and any(isinstance(e, ast.Constant) and e.value == "miniaudio" for e in node.elts)
    ]
    assert lists == ["psoas_tui/audio.py:10"]


def test_settings_cues_and_the_command_line_offer_the_same_names(tmp_path: Path) -> None:
    assert settings.AUDIO_CHOICES == audio.AUDIO_CHOICES == ("auto", *cues.BACKEND_NAMES)
    assert cues.AUTO_ORDER == audio.AUTO_ORDER
    result = subprocess.run(
        [sys.executable, "-m", "psoas_tui", "run", "x", "--audio", "nonsense"],
        capture_output=True,
        text=True,
        env={"PSOAS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    offered = result.stderr.split("choose from ")[1].strip().rstrip(")")
    assert tuple(name.strip("' ") for name in offered.split(",")) == audio.AUDIO_CHOICES
