"""What a session runs: the routine fitted to a budget and the tight side's extra, composed.

Fit works out the holds first; the tight side's extra comes out of the budget, not on top
of it (the fitter counts it in every total it tries).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import NamedTuple

from psoas_tui.coaching.fit import Fit, fit_routine
from psoas_tui.coaching.sides import (
    EXTRA,
    Asymmetry,
    ExtraDecision,
    Hold,
    SideResult,
    decide_extra,
    tight_holds,
    with_extra,
)
from psoas_tui.routine.model import Routine


class Adapted(NamedTuple):
    routine: Routine  # what ``run`` runs and ``show`` shows (``show --even``: ``written``)
    written: Routine
    fit: Fit | None  # None without a budget
    extra: ExtraDecision
    holds: tuple[Hold, ...]  # the tight side's longer holds in ``routine``; () for none


def adapt(
    routine: Routine,
    *,
    budget: int | None = None,
    results: Iterable[SideResult] = (),
    asymmetry: Asymmetry | str = Asymmetry.AUTO,
    extra: float = EXTRA,
) -> Adapted:
    """``routine`` fitted to ``budget`` seconds (if given) with the tight side's extra."""
    decision = decide_extra(routine, results, asymmetry)
    side = decision.side
    adjust = partial(with_extra, side=side, extra=extra) if side is not None else None
    fit = fit_routine(routine, budget, adjust=adjust) if budget is not None else None
    if fit is not None:
        adapted = fit.routine
    elif adjust is not None:
        adapted = adjust(routine)
    else:
        adapted = routine
    holds = tight_holds(adapted, side) if side is not None else ()
    return Adapted(adapted, routine, fit, decision, holds)
