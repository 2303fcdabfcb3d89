"""Start the app with the real parts: settings, the sound player, the session log, the clock.

``psoas`` (no command) calls :func:`launch`; ``psoas run ROUTINE`` calls :func:`run_routine`.
Whatever happens inside the app, the user sees at most one line about it, never a traceback.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING, Any

from psoas_tui.errors import EXIT_INVALID, EXIT_USAGE, UserError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from psoas_tui.locations import Locations
    from psoas_tui.routine.catalog import Entry
    from psoas_tui.tui.app import PsoasApp


def launch(args: argparse.Namespace) -> int:
    """``psoas``: the home screen."""
    return run_app(args)


def run_routine(args: argparse.Namespace) -> int:
    """``psoas run ROUTINE``: straight into that routine's session; exits after its summary.
    With ``--resume``, the routine's cut-off session goes on where it stopped."""
    from psoas_tui.locations import user_locations
    from psoas_tui.runner import resolve_routine

    return run_app(args, entry=resolve_routine(args.routine, user_locations()).entry)


def run_app(args: argparse.Namespace, *, entry: Entry | None = None) -> int:
    # Start-up allocates a few hundred thousand objects (Textual's modules, the CSS, the
    # first screen) that live as long as the app; the cyclic collector would walk them
    # over and over while they are made. It is off until the first frame is on screen,
    # then collects once and freezes what is left, so later collections skip it all.
    gc.disable()
    try:
        return _run_app(args, entry)
    finally:
        # Frozen objects are skipped by the collector at exit too, and with them whatever
        # they hold (an unclosed file would not be flushed): give them back first.
        gc.unfreeze()
        gc.enable()


def _remember_budget(
    locations: Locations, routine_id: str, seconds: int, warn: Callable[[str], None]
) -> None:
    from psoas_tui.budgets import remember_budget
    from psoas_tui.text.coaching import not_remembered

    try:
        remember_budget(locations, routine_id, seconds)
    except OSError as error:
        warn(not_remembered(str(error.strerror or error)))


def _settle_heap() -> None:
    """After the first frame: collect start-up's garbage, keep the rest out of later
    collections (``gc.freeze``), and let the collector run again."""
    gc.collect()
    gc.freeze()
    gc.enable()


def _run_app(args: argparse.Namespace, entry: Entry | None) -> int:
    from psoas_tui.locations import time_scale, user_locations
    from psoas_tui.settings import load_settings, save_settings
    from psoas_tui.timebase import scaled_clock
    from psoas_tui.tui.app import make_app
    from psoas_tui.tui.parts import Deferred

    try:
        scale = time_scale()
    except ValueError as error:
        raise UserError(str(error), EXIT_USAGE) from None
    locations = user_locations()
    early: list[str] = []
    app_ref: list[PsoasApp] = []

    def warn(message: str) -> None:
        # Before the app runs, keep warnings to show on its first screen; then notify.
        if app_ref and app_ref[0].is_running:
            app_ref[0].warn(message)
        else:
            early.append(message)

    settings, problems = load_settings(locations)
    early.extend(str(problem) for problem in problems)
    budget = getattr(args, "fit", None)
    if entry is not None and entry.result.routine is not None and budget is not None:
        # ``psoas run X --fit 8m``: remembered for the routine, and the app's plan reads it.
        _remember_budget(locations, entry.result.routine.id, budget, warn)

    def make_log() -> Any:
        from psoas_tui.history import open_log

        return open_log(locations, warn=warn)

    def make_player() -> Any:
        from psoas_tui.runner import open_sound

        return open_sound(settings, args, locations, warn)

    # Built in a thread after the first frame: the home screen shows without waiting.
    log = Deferred(make_log)
    player = Deferred(make_player)
    resuming = None
    if entry is not None and getattr(args, "resume", False) and entry.result.routine:
        # Found (or refused: nothing to resume, the file changed) before the app starts.
        from psoas_tui.resume import prepare_resume

        try:
            resuming = prepare_resume(
                log,  # type: ignore[arg-type]
                entry.result.routine,
                warn=warn,
                asymmetry=settings.asymmetry,
            )
        except UserError:
            log.close()
            raise
    load_entries = None
    if entry is not None:
        # ``psoas run``: the one routine asked for (already loaded by ``resolve``).
        def load_entries(_where: Locations) -> list[Entry]:
            return [entry]

    app = make_app(
        settings=settings,
        locations=locations,
        clock=scaled_clock(scale),
        player=player,
        log=log,
        time_scale=scale,
        persist_settings=lambda changed: save_settings(locations, changed),
        start_slug=entry.slug if entry is not None else None,
        exit_after_session=entry is not None,
        resuming=resuming,
        warnings=early,
        after_first_frame=_settle_heap,
        handle_signals=True,
        **({"load_entries": load_entries} if load_entries is not None else {}),
    )
    app_ref.append(app)
    try:
        result = app.run()
    finally:
        try:
            if player.ready:
                player.close()
        finally:
            if log.ready:
                log.close()
    if app.signal_number is not None:
        return 128 + app.signal_number  # as the plain runner: 143 for SIGTERM, 129 for SIGHUP
    if app.crash_path is not None or app.return_code not in (None, 0):
        from psoas_tui.text.i18n import _

        where = app.crash_path or _("nowhere (the data folder is not writable)")
        print(
            _(
                "psoas: internal error; the app stopped. This is a bug in psoas; "
                "details were saved to {where}."
            ).format(where=where),
            file=sys.stderr,
        )
        return app.return_code or EXIT_INVALID
    return int(result or 0)
