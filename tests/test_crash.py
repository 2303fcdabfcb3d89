"""One crash-report writer (psoas_tui/crash.py) for the command line and the app."""

from __future__ import annotations

import ast
from pathlib import Path

from psoas_tui import __version__
from psoas_tui.crash import save_crash_report, save_crash_text

PACKAGE = Path(__file__).resolve().parent.parent / "psoas_tui"


def test_only_the_crash_module_names_the_crash_file() -> None:
    naming = [
        str(path.relative_to(PACKAGE.parent))
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value == "crash.log"
    ]
    assert naming == ["psoas_tui/crash.py"]


def test_a_report_is_appended_under_a_dated_header(tmp_path: Path) -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        first = save_crash_report(tmp_path / "data", error)
    second = save_crash_text(tmp_path / "data", "second report\n")
    assert first == second == tmp_path / "data" / "crash.log"
    text = first.read_text(encoding="utf-8")
    assert text.count(f" psoas {__version__}\n") == 2
    assert text.startswith("--- ") and "RuntimeError: boom" in text
    assert text.endswith("second report\n")


def test_an_unwritable_folder_gives_none(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert save_crash_text(blocked, "report") is None
