"""Write the README's screenshot: the app's own SVG of a running session.

    python scripts/screenshot.py [OUT.svg]      (default docs/session.svg; `make screenshot`)

The app runs headless (Textual's ``run_test``) on a temporary PSOAS_HOME with a clock moved
by hand, so the picture is the same on every run: the bundled pre-run warm-up, some seconds
into its half-kneeling stretch. Run it again whenever the session screen changes; a test
checks that docs/session.svg is what this script writes.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from psoas_tui.history import open_log
from psoas_tui.locations import Locations
from psoas_tui.plan import Plan
from psoas_tui.session import Event
from psoas_tui.settings import Settings
from psoas_tui.tui.app import PsoasApp, make_app
from psoas_tui.tui.screens.session import SessionScreen
from psoas_tui.tui.widgets.band import FLASH_SECONDS

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "docs" / "session.svg"
SIZE = (100, 30)
ROUTINE = "pre-run-warm-up"
STEP = "Half-kneeling hip flexor stretch"
SECONDS_INTO_STEP = 12.4
NOW = datetime(2026, 11, 24, 7, 15)


class HandClock:
    """Routine seconds that pass only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class SilentPlayer:
    """A player that plays nothing; the header names the usual backend."""

    description = "sound: miniaudio (ALSA default)"
    muted = False
    bell_hook = None

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def prepare(self, plan: Plan, clock: object) -> None:
        pass

    def __call__(self, event: Event) -> None:
        pass

    def close(self) -> None:
        pass


def seconds_to(plan: Plan, step: str) -> float:
    """Routine seconds from the start to the first work interval of ``step``."""
    total = 0.0
    for interval in plan.intervals:
        if interval.step_name == step and interval.kind == "work":
            return total
        assert interval.duration is not None, f"{interval.label} waits for the user"
        total += interval.duration
    raise SystemExit(f"{ROUTINE} has no step named {step!r}")


async def screenshot(home: Path, out: Path) -> None:
    clock = HandClock()
    locations = Locations(config=home, data=home)
    app: PsoasApp = make_app(
        settings=Settings(),
        locations=locations,
        clock=clock,
        player=SilentPlayer(),
        log=open_log(locations),
        now=lambda: NOW,
        suspend_gap=None,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.start_routine(ROUTINE)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen), screen
        clock.now += seconds_to(screen.plan, STEP) + SECONDS_INTO_STEP
        screen.tick()
        await pilot.pause(FLASH_SECONDS + 0.1)  # the cue's flash on the band is over
        # The app's own screenshot action (what ctrl+p "Save screenshot" does).
        app.save_screenshot(filename=out.name, path=str(out.parent))
        screen.action_quit_session()  # leave no session running behind the picture
        await pilot.pause()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else DEFAULT_OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="psoas-screenshot-") as home:
        asyncio.run(screenshot(Path(home), out.resolve()))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
