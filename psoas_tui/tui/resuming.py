"""Resuming a cut-off session in the app: home's offer (a line and the key u) and the
session screen going on where it stopped, as ``psoas run ROUTINE --resume`` does in
``--plain`` (psoas_tui/resume.py finds the session and rebuilds its plan)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from psoas_tui.errors import UserError
from psoas_tui.resume import (
    ResumePoint,
    Resuming,
    ResumingLog,
    RoutineChanged,
    find_resumable,
    resume_plan,
)
from psoas_tui.routine.text import clean_text
from psoas_tui.text.i18n import _

if TYPE_CHECKING:
    from psoas_tui.tui.app import PsoasApp


def resume_offer(app: PsoasApp) -> ResumePoint | None:
    """The cut-off session home offers to go on with (None before the log is open)."""
    if not app.parts_ready:
        return None
    try:
        return find_resumable(app.log_store)  # type: ignore[arg-type]
    except Exception:  # the log is a convenience: an offer is never worth a failure
        return None


def offer_text(point: ResumePoint) -> str:
    """``A session of Pre-run warm-up was cut off at 07:12 · press u to go on with it``."""
    return _("A session of {routine} was cut off at {when} · press u to go on with it").format(
        routine=clean_text(point.session.routine_name), when=point.when
    )


def resume_session(app: PsoasApp, point: ResumePoint) -> None:
    """Open the session screen going on with ``point``: the same session id, from the
    first interval that did not end, with the same plan. A routine changed since says so
    and offers a fresh start."""
    from psoas_tui.runner import resolve_routine

    slug = point.session.routine_slug
    try:
        routine = resolve_routine(
            slug, app.locations, catalog=lambda _where: app.entries(), exact=True
        ).routine
        plan = resume_plan(routine, point, warn=app.warn)
    except RoutineChanged:
        from psoas_tui.tui.screens.dialogs import ConfirmScreen

        question = _(
            "{routine} changed since its session was cut off at {when}, so that session "
            "cannot go on. Start it fresh?"
        ).format(routine=clean_text(point.session.routine_name), when=point.when)
        app.push_screen(
            ConfirmScreen(question, yes=_("Start"), no=_("Not now")),
            lambda yes: app.start_routine(slug) if yes else None,
        )
        return
    except UserError as error:
        app.notify(str(error), severity="error", markup=False)
        return
    app.start_routine(slug, Resuming(point, plan, ResumingLog(app.log_store, point)))  # type: ignore[arg-type]
