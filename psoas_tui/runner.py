"""The session runner: what both front ends (the plain runner and the app) do to run a routine.

1. :func:`resolve_routine`: a routine's name or path to a runnable routine, or a
   :class:`~psoas_tui.errors.UserError` saying what is wrong and what to do.
2. :func:`prepare_plan`: the routine to the plan of one session, shaped by
   :class:`PlanOptions`: the alternate-first-side rule, a time budget (``--fit``) and the
   tight side's longer hold (docs/coaching.md). ``plan.adapted`` says what changed and why
   (``psoas_tui.text.coaching.reason_lines`` puts it into words).
3. :func:`attach`: sound (cues and speech) and the log subscribed to the session, under
   one failure policy (:class:`Failures`): a listener that raises is switched off for the
   rest of the session, the session runs on, the failure is said once and its traceback
   is kept in crash.log.

The front ends build the parts (``run_plain`` opens them, the app is handed them by
``launch`` or by a test) and say things their own way (a line on stderr, a notification).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

from psoas_tui.commands import messages
from psoas_tui.errors import UserError
from psoas_tui.locations import Locations
from psoas_tui.plan import Plan, build_plan
from psoas_tui.routine.catalog import Entry, RoutineNotFound, all_entries, resolve
from psoas_tui.routine.model import Routine, Side
from psoas_tui.routine.text import clean_text
from psoas_tui.text.i18n import N_, _, shown_language

if TYPE_CHECKING:
    import argparse

    from psoas_tui.coaching.sides import SideResult
    from psoas_tui.cues.player import Player
    from psoas_tui.session import Event, Session
    from psoas_tui.settings import Settings

Warn = Callable[[str], None]
Listener = Callable[["Event"], None]


# -- 1. resolve ----------------------------------------------------------------------------


class Runnable(NamedTuple):
    """A routine found by name or path that loads without problems."""

    entry: Entry
    routine: Routine


def resolve_routine(
    name: str,
    locations: Locations,
    *,
    catalog: Callable[[Locations], list[Entry]] = all_entries,
    exact: bool = False,
) -> Runnable:
    """The routine ``name`` (a slug, or a path to a .toml file) ready to run.

    Raises UserError when there is no such routine (with a "did you mean" when a slug is
    close) or when its file has problems (every problem, PATH:LINE:COL first). ``catalog``
    lists the routines a slug is looked up in: the app hands in the list it shows.

    A slug that is a routine's ``id`` finds its version in the language psoas shows, when
    there is one (catalog.resolve); ``exact`` (a routine picked from a list) turns that off."""
    try:
        language = None if exact else shown_language()
        entry = resolve(name, locations, catalog=catalog, language=language)
    except RoutineNotFound as error:
        raise UserError(str(error)) from None
    routine = entry.result.routine
    if routine is None:
        lines = "\n".join(str(problem) for problem in entry.problems)
        raise UserError(messages.ROUTINE_HAS_PROBLEMS.format(problems=lines))
    return Runnable(entry, routine)


# -- 2. prepare ----------------------------------------------------------------------------


class PastSessions(Protocol):
    """What the preparation reads from the session log."""

    def alternate_first_side(self, slug: str) -> Side: ...


class SideResults(Protocol):
    """The per-side results the tight-side rule reads (the session log)."""

    def side_results(self) -> list[SideResult]: ...


@dataclass(frozen=True)
class PlanOptions:
    """Everything besides the routine file that shapes a session's plan.

    ``past``: the log that the alternate-first-side rule reads (None: sides in file
    order, as ``psoas show`` and home's outline show them).
    ``budget``: seconds to fit the routine to (``--fit``); None: as written.
    ``sides``: the log the tight-side rule reads its results from (None: no results, the
    sides even: ``show --even``).
    ``asymmetry``: the setting, ``"auto"`` or ``"off"`` (no extra for the tight side)."""

    past: PastSessions | None = None
    budget: int | None = None
    sides: SideResults | None = None
    asymmetry: str = "auto"


def prepare_plan(routine: Routine, options: PlanOptions, *, warn: Warn) -> Plan:
    """The plan of one session of ``routine``, and in ``plan.adapted`` what was changed
    and why.

    Fit first (``budget``), then the tight side's extra out of the budget (docs/coaching.md).
    A budget out of the routine's reach raises UserError (exit 1) with the shortest and
    longest it can be fitted to. Results that cannot be read count as none (a damaged log
    silently, any other failure said with ``warn``).

    Steps with ``start_side = "alternate"`` start on the other side from the last logged
    session of this routine (left when there is none, when the log is damaged (the session
    moves it aside and says so) or when it cannot be read (said with ``warn``))."""
    from psoas_tui.coaching.adapt import adapt
    from psoas_tui.text import coaching as words

    results = _side_results(options.sides, warn) if options.asymmetry != "off" else []
    adapted = adapt(routine, budget=options.budget, results=results, asymmetry=options.asymmetry)
    if adapted.fit is not None and not adapted.fit.ok:
        raise UserError(words.out_of_reach(clean_text(routine.name), adapted.fit))
    plan = build_plan(adapted.routine, _first_side(routine, options.past, warn))
    return plan._replace(adapted=adapted)


def _side_results(sides: SideResults | None, warn: Warn) -> list[SideResult]:
    if sides is None:
        return []
    from psoas_tui.history import LogDamaged

    try:
        return sides.side_results()
    except LogDamaged:
        return []
    except Exception as error:  # the log is a convenience: it never blocks a session
        warn(
            _("Could not read the log ({error}); the sides are taken as even.").format(
                error=clean_text(str(error))
            )
        )
        return []


def _first_side(routine: Routine, past: PastSessions | None, warn: Warn) -> Side:
    if past is None or not routine.has_alternating_sides():
        return "left"
    from psoas_tui.history import LogDamaged

    try:
        return past.alternate_first_side(routine.slug) or "left"
    except LogDamaged:
        return "left"
    except Exception as error:  # the log is a convenience: it never blocks a session
        warn(
            _("Could not read the log ({error}); sides start on the left.").format(
                error=clean_text(str(error))
            )
        )
        return "left"


# -- 3. attach -----------------------------------------------------------------------------


class SessionSound(Protocol):
    """The player as a session uses it (``psoas_tui.cues``)."""

    def prepare(self, plan: Plan, clock: Callable[[], float]) -> None: ...

    def __call__(self, event: Event) -> None: ...


class SessionRecorder(Protocol):
    """Writes the session into the log as it happens (``psoas_tui.history``)."""

    def __call__(self, event: Event) -> None: ...

    def close(self) -> None: ...


class Recording(Protocol):
    """The session log as a session uses it."""

    @property
    def available(self) -> bool: ...

    def recorder(self, plan: Plan, *, time_scale: float = 1.0) -> SessionRecorder: ...


@dataclass(frozen=True)
class Failures:
    """How a front end hears of a failing part: ``say`` tells the person (a line on
    stderr, a notification), ``keep`` saves the traceback (crash.log)."""

    say: Warn
    keep: Callable[[BaseException], object]


class Guard:
    """One part of a session (sound, the log) under the failure policy: the first error
    switches it off for the rest of the session and is said once; the session runs on."""

    def __init__(self, name: str, failures: Failures) -> None:
        self.name = name
        self.failures = failures
        self.on = True

    def fail(self, error: Exception) -> None:
        self.failures.keep(error)
        if self.on:
            self.on = False
            detail = clean_text(f"{type(error).__name__}: {error}")
            self.failures.say(
                _("{part} stopped working ({detail}); the session goes on without it.").format(
                    part=_(self.name), detail=detail
                )
            )

    def listener(self, listener: Listener) -> Listener:
        def call(event: Event) -> None:
            if self.on:
                try:
                    listener(event)
                except Exception as error:
                    self.fail(error)

        return call


@dataclass
class Attached:
    """What :func:`attach` subscribed; :meth:`close` finishes the log's record."""

    recorder: SessionRecorder | None = None
    _closers: list[tuple[Guard, Callable[[], None]]] = field(default_factory=list)

    def close(self) -> None:
        """Close what the session opened; a close that fails is kept, and said if that
        part has not failed before."""
        closers, self._closers = self._closers, []
        for guard, closer in reversed(closers):
            try:
                closer()
            except Exception as error:
                guard.fail(error)


SOUND = N_("Sound")
LOG = N_("The session log")


def attach(
    session: Session,
    *,
    sound: SessionSound,
    log: Recording,
    time_scale: float,
    failures: Failures,
) -> Attached:
    """Subscribe the player (cues and speech) and the log's recorder to ``session``.

    Both are under :class:`Guard`: a part that raises, as it is set up or on any event
    later, is off for the rest of the session and said once through ``failures``. A log
    that is not ``available`` records nothing (the front end says why)."""
    attached = Attached()
    guard = Guard(SOUND, failures)
    try:
        sound.prepare(session.plan, session.clock)
    except Exception as error:
        guard.fail(error)
    else:
        session.subscribe(guard.listener(sound))
    if log.available:
        guard = Guard(LOG, failures)
        try:
            recorder = log.recorder(session.plan, time_scale=time_scale)
        except Exception as error:
            guard.fail(error)
        else:
            attached.recorder = recorder
            attached._closers.append((guard, recorder.close))
            session.subscribe(guard.listener(recorder))
    return attached


def open_sound(
    settings: Settings, args: argparse.Namespace, locations: Locations, warn: Warn
) -> Player:
    """The player from settings and the command line (``--audio``, ``--mute``,
    ``--speak``/``--no-speak``); spoken phrases are cached in the cache folder."""
    from psoas_tui.cues import open_player

    return open_player(
        settings,
        backend=getattr(args, "audio", None),
        mute=True if getattr(args, "mute", False) else None,
        speech=getattr(args, "speak", None),
        warn=warn,
        cache_dir=locations.cache / "speech",
    )
