"""`psoas` (the real launcher, on a pseudo-terminal): the collector settings of start-up
are undone when the app ends."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tui_fakes import run_script_on_a_terminal

CHILD = textwrap.dedent(
    """
    import gc, sys
    import psoas_tui.tui.launch as launch

    settle = launch._settle_heap

    def settle_then_quit():
        settle()
        from textual._context import active_app
        report.append(f"first frame: frozen={gc.get_freeze_count() > 0} on={gc.isenabled()}")
        active_app.get().exit()

    report = []
    launch._settle_heap = settle_then_quit
    from psoas_tui.cli import main

    code = main([])
    report.append(f"after: frozen={gc.get_freeze_count() > 0} on={gc.isenabled()} code={code}")
    out = open(sys.argv[1], "w", encoding="utf-8")  # left open on purpose: exit flushes it
    out.write("\\n".join(report))
    """
)


def test_start_up_freezes_the_heap_and_the_exit_gives_it_back(
    tmp_path: Path, psoas_env: dict[str, str]
) -> None:
    result = tmp_path / "report.txt"
    assert run_script_on_a_terminal(CHILD, [str(result)], psoas_env) == 0
    lines = result.read_text(encoding="utf-8").splitlines()
    assert lines == [
        "first frame: frozen=True on=True",
        "after: frozen=False on=True code=0",
    ]
