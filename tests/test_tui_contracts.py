"""The app and the key bar ask screens through typed Protocols (tui/contracts.py), and a
screen takes part by defining the method, with the signature the Protocol gives."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from tui_fakes import ROUTINE

from psoas_tui.plan import IntervalKind, build_plan
from psoas_tui.routine.load import parse_routine
from psoas_tui.tui.contracts import AsksBeforeQuit, HintsKeys, RedrawsView
from psoas_tui.tui.screens.dialogs import CheckInScreen, ConfirmScreen
from psoas_tui.tui.screens.home import HomeScreen
from psoas_tui.tui.screens.session import SessionScreen
from psoas_tui.tui.widgets.keybar import KeyHint

TUI = Path(__file__).resolve().parent.parent / "psoas_tui" / "tui"
HOOKS = ("refresh_view", "ask_before_app_quit", "key_hint")


def test_screens_keep_the_contracts_they_take_part_in() -> None:
    routine = parse_routine(ROUTINE).routine
    assert routine is not None
    plan = build_plan(routine)
    session = SessionScreen(plan)
    assert isinstance(session, RedrawsView)
    assert isinstance(session, AsksBeforeQuit)
    assert isinstance(session, HintsKeys)
    check = next(i for i in plan.intervals if i.kind is IntervalKind.CHECK)
    dialog = CheckInScreen(check)
    assert isinstance(dialog, HintsKeys)
    assert dialog.key_hint("answer(0)") == KeyHint(key=f"1-{len(check.answers)}", clickable=False)
    for other in (HomeScreen(), ConfirmScreen("Sure?")):
        assert not isinstance(other, (RedrawsView, AsksBeforeQuit, HintsKeys))


def test_the_hooks_have_the_contracts_signatures() -> None:
    for protocol, method in (
        (RedrawsView, "refresh_view"),
        (AsksBeforeQuit, "ask_before_app_quit"),
        (HintsKeys, "key_hint"),
    ):
        wanted = list(inspect.signature(getattr(protocol, method)).parameters)
        for screen in (SessionScreen, CheckInScreen):
            if hasattr(screen, method):
                given = list(inspect.signature(getattr(screen, method)).parameters)
                assert given[: len(wanted)] == wanted, (screen, method)


def test_no_hook_is_looked_up_by_name() -> None:
    """getattr(screen, "key_hint", None) finds nothing when the hook is renamed, silently."""
    by_name = re.compile(r"getattr\([^)]*[\"'](" + "|".join(HOOKS) + r")[\"']")
    found = [
        f"{path.relative_to(TUI)}:{number}"
        for path in TUI.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_name.search(line)
    ]
    assert found == []


def test_settings_are_typed_settings_not_looked_up_by_name() -> None:
    from psoas_tui.tui.app import PsoasApp
    from psoas_tui.tui.launch import run_app

    parameters = inspect.signature(PsoasApp.__init__).parameters
    assert parameters["settings"].annotation == "Settings"
    assert parameters["persist_settings"].annotation == "Callable[[Settings], None] | None"
    assert inspect.signature(run_app).parameters["entry"].annotation == "Entry | None"
    by_name = re.compile(r"getattr\([^)]*settings")
    found = [
        f"{path.relative_to(TUI)}:{number}"
        for path in TUI.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_name.search(line)
    ]
    assert found == []
