"""The README's screenshot (docs/session.svg) is what scripts/screenshot.py writes: the app's
own SVG of a running session. After a change to the session screen, `make screenshot`."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "docs" / "session.svg"


def text_of(svg: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@pytest.mark.slow
def test_the_script_writes_the_committed_screenshot_of_a_running_session(
    tmp_path: Path,
) -> None:
    out = tmp_path / "session.svg"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "screenshot.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    made = out.read_text(encoding="utf-8")
    assert made.startswith("<svg")
    shown = text_of(made)
    for part in ("WORK", "Half-kneeling", "remaining · left side", "Next: ", "space Pause"):
        assert part in shown, part
    assert made == COMMITTED.read_text(encoding="utf-8"), (
        "docs/session.svg is not what scripts/screenshot.py writes now: run `make screenshot`"
    )


def test_the_readme_shows_the_screenshot() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/session.svg)" in readme
