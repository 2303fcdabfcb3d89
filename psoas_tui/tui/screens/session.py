"""The session screen: big remaining time, the step, the side, what comes next.

Time comes from the engine and its clock, never from counting ticks: a one-shot timer
wakes the screen when the next thing is due (an event, or the shown second changing),
:meth:`SessionScreen.tick` asks the engine "what now?" and redraws only what changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, Static

from psoas_tui.mpris import CONTROLS, MediaPlayer, start_media
from psoas_tui.plan import Interval, IntervalKind, Plan
from psoas_tui.runner import Attached, attach
from psoas_tui.session import (
    CheckNeeded,
    Countdown,
    Event,
    Halfway,
    IntervalStarted,
    Paused,
    Resumed,
    Session,
    SessionAbandoned,
    SessionFinished,
    State,
    Status,
    SwitchSides,
)
from psoas_tui.tally import Tally
from psoas_tui.text import events as words
from psoas_tui.text import intervals as describe
from psoas_tui.text.durations import clock, elapsed
from psoas_tui.text.i18n import N_, _
from psoas_tui.tui.language import in_routine_language
from psoas_tui.tui.screens.dialogs import CheckInScreen, ConfirmScreen
from psoas_tui.tui.screens.howto import HowToScreen
from psoas_tui.tui.screens.session_layout import (
    SIDE_ROWS,
    face_layout,
    reflow,
    to_next_second,
    wake_delay,
)
from psoas_tui.tui.themes import HIGH_CONTRAST
from psoas_tui.tui.widgets.band import PhaseBand
from psoas_tui.tui.widgets.bigword import BigWord
from psoas_tui.tui.widgets.clockdigits import ClockDigits
from psoas_tui.tui.widgets.groups import Group, Row
from psoas_tui.tui.widgets.keybar import KeyBar, KeyHint
from psoas_tui.tui.widgets.progress import ProgressLine

if TYPE_CHECKING:
    from psoas_tui.resume import Resuming
    from psoas_tui.tui.app import PsoasApp

# The phase's name: the clock's look (ClockDigits.set_look) and the band's CSS class (the
# words are psoas_tui.text.intervals.phase_word's).
PHASES = {
    IntervalKind.GET_READY: "get-ready",
    IntervalKind.WORK: "work",
    IntervalKind.REPS: "work",
    IntervalKind.SWITCH: "switch",
    IntervalKind.REST: "rest",
    IntervalKind.CHECK: "check",
}
# The band's class: each phase its own look (reps apart from timed work).
BANDS = {**PHASES, IntervalKind.REPS: "reps"}
# Rows of everything but the clock, the side word and the how-to text: the band (3), the
# step's title, the caption, the counts, the status line and the keys.
MAX_SLEEP = 1.0  # real seconds between wake-ups at most (notices a sleeping computer)
# The events that sound a cue (psoas_tui.cues.player): each flashes the band as well.
CUES = (IntervalStarted, SwitchSides, CheckNeeded, Countdown, Halfway, SessionFinished)


def _raise(error: Exception) -> None:
    raise error


class SessionScreen(Screen[None]):
    """Runs one session of a plan; switches to the summary when it ends."""

    CSS_PATH = "session.tcss"  # parsed when the screen is first shown
    BLANK = True  # the screen itself is only its background (see widgets/groups.py)

    BINDINGS: ClassVar[list[BindingType]] = [
        # A presenter clicker sends PageDown / PageUp, and b or . to blank the screen.
        Binding("space,b,full_stop", "toggle_pause", N_("Pause")),
        Binding("right,n,pagedown", "skip", N_("Skip")),
        Binding("left,pageup", "back", N_("Back")),
        Binding("r", "restart", N_("Restart")),
        Binding("plus,equals_sign", "extend", N_("+10 s"), key_display="+"),
        Binding("d", "done", N_("Done")),
        Binding("m", "app.toggle_mute", N_("Mute")),
        Binding("h", "how_to", N_("How-to")),
        Binding("q", "quit_session", N_("Quit")),
    ]

    def __init__(self, plan: Plan, *, resuming: Resuming | None = None) -> None:
        super().__init__(id="session")
        self.plan = plan
        self.resuming = resuming  # a cut-off session going on: its place and its log row
        self.tally = Tally()
        self.session: Session | None = None
        self.attached: Attached | None = None
        self.recorder: Any = None
        self._alarm: asyncio.TimerHandle | None = None
        self._shown: dict[str, object] = {}
        self._interval_changed = True
        self._untimed_left = 0
        self._ending = False
        self._check_open = False
        self._paused_for_overlay = False
        self._stopped_by_user = False
        self._media: MediaPlayer | None = None
        self.media_off: str | None = None
        self.flash_cues = True  # each cue flashes the phase band

    @property
    def psoas(self) -> PsoasApp:
        return self.app  # type: ignore[return-value]

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        first_kind = self.plan.intervals[0].kind
        first = f"-{PHASES[first_kind]}"
        with Group(id="session-top"):
            yield PhaseBand(id="phase", classes=f"-{BANDS[first_kind]}")
            with Row(id="session-step"):
                yield Label("", id="step-title", markup=False)
                number = Label("", id="step-number", markup=False)
                total = len(self.plan.intervals)
                number.styles.width = len(f"{total}/{total}")
                yield number
        # Textual draws again every widget whose parent's region holds a changed cell, so
        # what changes every second sits where it makes nothing else draw: the clock is a
        # child of the screen, beside groups that draw nothing of their own (BLANK), and
        # the progress line has a group to itself. The side word has its group too, so the
        # clock's redraw does not draw it again.
        with Group(id="session-side"):
            # Its only phase rule is for switch: no restyle at the other new intervals.
            yield BigWord("", id="side-big", classes="-switch" if first == "-switch" else "")
        yield ClockDigits("", id="remaining")  # its look: the phase (refresh_view)
        with Group(id="session-face"):  # the clock's caption and counts
            yield Label("", id="caption", markup=False)
            yield Label("", id="paused-banner", markup=False)
            yield Label("", id="counts", markup=False)
            yield Static("", id="reason", markup=False)  # the coach's reason, when there is one
        with Group(id="session-more"):
            yield Static("", id="how")
        with Group(id="session-bottom"):
            with Group(id="session-bar"):
                yield ProgressLine(id="session-progress")
            with Group(id="session-lines"):
                yield Label("", id="next", markup=False)
                yield Label("", id="status", markup=False)
                yield KeyBar()

    # -- life cycle ----------------------------------------------------------------------

    def on_mount(self) -> None:
        # Redrawn every second: found once, not looked up by selector on each wake-up.
        self._digits = self.query_one("#remaining", ClockDigits)
        self._progress = self.query_one("#session-progress", ProgressLine)
        self._band = self.query_one("#phase", PhaseBand)
        self.query_one("#reason").display = False
        from psoas_tui.text.coaching import reason_lines

        self.set_reason(" · ".join(reason_lines(self.plan.adapted)))  # #17: fitted, tight side
        self._theme_changed()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        app = self.psoas
        scale = app.time_scale
        countdown = app.settings.countdown
        gap = app.suspend_gap * scale if app.suspend_gap is not None else None
        resuming = self.resuming
        start_at = resuming.point.next_index if resuming else 0
        self.session = Session(
            self.plan, app.clock, countdown=countdown, suspend_gap=gap, start_at=start_at
        )
        session = self.session
        session.subscribe(self.tally)
        log = resuming.log if resuming else app.log_store
        self.attached = attach(
            session, sound=app.player, log=log, time_scale=scale, failures=app.failures
        )
        self.recorder = self.attached.recorder
        session.subscribe(self._on_event)
        app.app_suspend_signal.subscribe(self, self._app_suspended, immediate=True)
        self._media = start_media(
            session, self._media_from_thread, on=app.settings.media_buttons, warn=self._media_off
        )
        session.start()
        self.tick()

    def on_resize(self) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        """The clock as tall as the terminal allows (read from the floor across the room:
        at least 45 % of the height from 30 rows, 8 rows on 24), the side word a third of
        it; what does not fit then hides: the how-to text first, then "next", then the
        progress line."""
        rows = self.size.height
        if not rows:
            return
        reason = self.query_one("#reason", Static)
        sides = any(interval.side is not None for interval in self.plan.intervals)
        face = face_layout(rows, sides=sides, reason=bool(reason.display))
        self._digits.set_glyph_height(face.clock)
        self.query_one("#side-big", BigWord).set_glyph_height(max(face.side, SIDE_ROWS))
        how = self.query_one("#how", Static)
        how.display = face.how > 0
        if face.how:
            how.styles.max_height = face.how
        self.query_one("#next", Label).display = face.next
        self._progress.display = face.progress

    def _theme_changed(self, _theme: object = None) -> None:
        """High contrast tells its phases apart by fill, not colour (session.tcss)."""
        self.set_class(self.app.theme == HIGH_CONTRAST.name, "-high-contrast")

    def set_reason(self, text: str) -> None:
        """The coach's one line about this session ("left 45 s, right 30 s: ..."), under
        the counts; hidden when empty."""
        reason = self.query_one("#reason", Static)
        reason.update(Content(text))
        if reason.display != bool(text):
            reason.display = bool(text)
            self.lay_out()

    def action_how_to(self) -> None:
        """The step's how-to text in full, over the session (which waits meanwhile)."""
        session = self.session
        interval = session.current if session is not None else None
        if interval is None:
            return
        text = interval.question if interval.kind is IntervalKind.CHECK else ""
        text = text or reflow(describe.how(interval))
        self.app.push_screen(HowToScreen(describe.title(interval), text))

    def on_unmount(self) -> None:
        self._ending = True  # the app is closing: no summary to show
        self._cancel_alarm()
        session = self.session
        if session is not None and session.state in (State.RUNNING, State.PAUSED):
            session.quit()
        self._close_recorder()

    def abandon_now(self) -> None:
        """The app was told to stop (SIGTERM, SIGHUP): a session under way ends here,
        logged as abandoned before anything else is done; no summary follows."""
        self._ending = True
        self._cancel_alarm()
        session = self.session
        if session is not None and session.state in (State.RUNNING, State.PAUSED):
            session.quit()
        self._close_recorder()

    def _media_off(self, why: str) -> None:
        self.media_off = why  # kept, not shown: a toast on every session would be noise

    def _media_from_thread(self, command: str) -> None:
        """A media button, from the MPRIS service's thread: run on the app's."""
        with contextlib.suppress(Exception):  # the app is closing
            self.app.call_from_thread(self.media_button, command)

    def media_button(self, command: str) -> None:
        control = CONTROLS.get(command)
        if control is not None:
            self._control(control)

    def _close_recorder(self) -> None:
        media, self._media = self._media, None
        if media is not None:
            media.close()
        if self.attached is not None:
            attached, self.attached = self.attached, None
            attached.close()

    # -- time ----------------------------------------------------------------------------

    def tick(self) -> None:
        """Ask the engine what happened since the last tick, redraw, and sleep till next."""
        if self.session is None:
            return
        self.session.tick()
        self._redraw_and_schedule()

    def _redraw_and_schedule(self) -> None:
        """One look at the clock, shared by the drawing and the next alarm."""
        session = self.session
        if session is None:
            return
        now = session.clock()
        status = session.status(now)
        self.refresh_view(status)
        self._schedule(session, now, status)

    def _schedule(self, session: Session, now: float, status: Status) -> None:
        self._cancel_alarm()
        if session.state is not State.RUNNING:
            return
        scale = self.psoas.time_scale
        waits = [MAX_SLEEP * scale]
        due = session.next_due()
        if due is not None:
            waits.append(due - now)
        # The big digits change when the remaining (or, untimed, elapsed) time crosses a
        # whole second; the other numbers are redrawn on the same wake-up.
        if status.remaining is not None:
            waits.append(to_next_second(status.remaining))
        else:
            waits.append(1.0 - math.modf(status.interval_elapsed)[0] or 1.0)
        self._alarm = asyncio.get_running_loop().call_later(wake_delay(waits, scale), self._ring)

    def _ring(self) -> None:
        # An asyncio alarm that ticks at once: a Textual timer is a new task and a new
        # callback wrapper every second, and a message a trip through the screen's queue;
        # each was a measurable part of a running session's CPU time (benchmarks/tui.py).
        self._alarm = None
        if self.is_attached:
            try:
                self.tick()
            except Exception as error:  # raised again in a callback: Textual handles it
                self.call_later(_raise, error)

    def _cancel_alarm(self) -> None:
        if self._alarm is not None:
            self._alarm.cancel()
            self._alarm = None

    # -- drawing -------------------------------------------------------------------------

    def _set(self, key: str, value: object) -> bool:
        """Remember what is shown; True when ``value`` differs (so it must be redrawn)."""
        if self._shown.get(key) == value:
            return False
        self._shown[key] = value
        return True

    @in_routine_language  # the session's own words follow the routine's language
    def refresh_view(self, status: Status | None = None) -> None:
        session = self.session
        if session is None:
            return
        if status is None:
            status = session.status()
        interval = status.interval
        if interval is not None:
            self._draw_interval(interval, status)
        # Digits: the remaining time (counting up for untimed intervals).
        remaining = status.remaining
        shown = clock(remaining) if remaining is not None else elapsed(status.interval_elapsed)
        if self._set("digits", shown):
            self._digits.update(shown)
        paused = status.state is State.PAUSED
        # The phase's colours, or paused: a look, not a class (no stylesheet match).
        self._digits.set_look("paused" if paused else PHASES[interval.kind] if interval else "")
        if interval is not None and interval.kind is IntervalKind.REPS and interval.tempo:
            self._draw_counts(interval, status)  # the rep under way: it counts up
        total, left = self.plan.total_seconds, status.planned_remaining
        label = words.progress(left, self._untimed_left)  # redrawn when its words change
        self._progress.update((total - left) / total if total else 1.0, label)
        if self._set("paused", (paused, status.pause_reason)):
            self.refresh_bindings()  # the key bar says "Resume" while paused
            banner = ""
            if paused:
                banner = words.paused_banner(status.pause_reason, self._stopped_by_user)
            else:
                self._stopped_by_user = False
            self.query_one("#paused-banner", Label).update(banner)
            self.query_one("#paused-banner", Label).display = paused
            self.query_one("#caption", Label).display = not paused  # the banner in its row
        player = self.psoas.player
        sound = player.description
        if player.muted and "mute" not in sound.lower():
            sound += " · " + _("muted")
        if self._set("sound", sound):
            # The sound first: a long routine name is cut at the end, never the sound.
            status_line = f"{sound} · {self.plan.routine.name}"
            self.query_one("#status", Label).update(status_line, layout=False)

    def relabel(self) -> None:
        """The UI language changed: draw everything again (the chrome's words change)."""
        self._shown.clear()
        self._interval_changed = True
        self.refresh_view()

    def key_hint(self, action: str) -> KeyHint | None:
        """The key bar's word for ``action`` now (see KeyBar): space resumes when paused,
        m unmutes when muted."""
        if action == "toggle_pause" and self.session is not None:
            return KeyHint(description=_("Resume") if self.session.state is State.PAUSED else None)
        if action == "app.toggle_mute" and self.psoas.parts_ready:
            return KeyHint(description=_("Unmute") if self.psoas.player.muted else None)
        return None

    @property
    def phase(self) -> str:
        """The phase shown: get-ready, work, switch, rest or check."""
        current = self.session.current if self.session else None
        return PHASES[current.kind] if current else ""

    def _draw_interval(self, interval: Interval, status: Status) -> None:
        if not self._set("interval", (interval.index, id(interval))) and not self._interval_changed:
            return
        self._interval_changed = False
        phase = PHASES[interval.kind]
        self.query_one("#side-big").set_class(phase == "switch", "-switch")
        band = BANDS[interval.kind]
        self._band.update_classes({f"-{name}": name == band for name in BANDS.values()})
        # Fixed sizes (see session.tcss): new text, no new layout.
        word = describe.phase_word(interval.kind)
        self._band.update(word, layout=False)
        self.query_one("#step-title", Label).update(describe.title(interval), layout=False)
        number = f"{interval.index + 1}/{len(self.plan.intervals)}"
        self.query_one("#step-number", Label).update(number, layout=False)
        big, side = describe.side_words(interval)
        self.query_one("#side-big", BigWord).update(big)
        # The caption under the digits: what they count, and the side.
        timed, reps = status.remaining is not None, interval.kind is IntervalKind.REPS
        caption = words.caption(words.remaining_caption(timed, reps), side)
        if self._set("caption", caption):
            self.query_one("#caption", Label).update(caption, layout=False)
        self._draw_counts(interval, status)
        # Untimed intervals from this one on: the time left does not count them.
        self._untimed_left = sum(not i.timed for i in self.plan.intervals[interval.index :])
        how = reflow(describe.how(interval))
        if interval.kind is IntervalKind.CHECK:
            how = interval.question
        if self._set("how", how):  # the same step's get-ready, sides and sets share it
            how_text = self.query_one("#how", Static)
            # Hidden (no room for it), new text needs no layout: showing it lays it out.
            how_text.update(Content(how), layout=how_text.display)
        self.query_one("#next", Label).update(
            describe.next_line(self._next_after(interval)), layout=False
        )
        keys = (self.check_action("done", ()), self.check_action("extend", ()))
        if self._set("keys", keys):
            self.refresh_bindings()  # the footer redraws its keys: only when d or + change

    def _draw_counts(self, interval: Interval, status: Status) -> None:
        counts = describe.counts(interval, status.interval_elapsed)
        if self._set("counts", counts):
            self.query_one("#counts", Label).update(counts, layout=False)

    def _next_after(self, interval: Interval) -> Interval | None:
        following = interval.index + 1
        intervals = self.plan.intervals
        return intervals[following] if following < len(intervals) else None

    # -- engine events -------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        if isinstance(event, CUES) and self.flash_cues:
            # Seen as well as heard (and seen when muted): the band flashes. The engine
            # may call from the tick under way: the flash starts once it is drawn.
            self.call_later(self._band.flash)
        if isinstance(event, IntervalStarted):
            self._interval_changed = True
        elif isinstance(event, CheckNeeded):
            self.call_later(self._open_check, event.interval)
        elif isinstance(event, Paused | Resumed):
            self.call_later(self.refresh_view)
        elif isinstance(event, SessionFinished | SessionAbandoned):
            self.call_later(self._show_summary)

    def _open_check(self, interval: Interval) -> None:
        session = self.session
        if session is None or session.current is not interval or self._check_open:
            return
        self._check_open = True

        def answered(choice: int | None) -> None:
            self._check_open = False
            if session.current is interval:
                session.answer(choice)
            self.tick()

        self.app.push_screen(CheckInScreen(interval), answered)

    def _show_summary(self) -> None:
        if self._ending:
            return
        self._ending = True
        self._cancel_alarm()
        from psoas_tui.tui.screens.summary import SummaryScreen

        session_id = getattr(self.recorder, "session_id", None)
        self._close_recorder()
        # Close anything on top (the palette, a dialog) so the summary replaces this screen.
        while self.app.screen is not self and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.app.switch_screen(SummaryScreen(self.plan, self.tally, session_id))

    def on_screen_suspend(self) -> None:
        """Another screen covers this one (the palette, say): time stands still meanwhile.

        The check-in waits by design and the quit question pauses by itself."""
        session = self.session
        if session is not None and session.state is State.RUNNING and not self._check_open:
            self._paused_for_overlay = True
            self._control("pause")

    def on_screen_resume(self) -> None:
        if self._paused_for_overlay:
            self._paused_for_overlay = False
            if self.session is not None and self.session.state is State.PAUSED:
                self._control("resume")

    def _app_suspended(self, _app: object) -> None:
        if self.session is not None and self.session.state is State.RUNNING:
            self._stopped_by_user = True  # Ctrl-Z: the banner says so, not "slept"
            self.session.pause("suspend")
            self.refresh_view()

    # -- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        if session is None:
            return True
        current = session.current
        if action == "done":
            return current is not None and current.kind is IntervalKind.REPS and not current.timed
        if action == "extend":
            return current is not None and current.timed
        return True

    def _control(self, name: str) -> None:
        session = self.session
        if session is None or self._ending:
            return
        getattr(session, name)()
        self._redraw_and_schedule()

    def action_toggle_pause(self) -> None:
        self._control("toggle_pause")

    def action_skip(self) -> None:
        self._control("skip")

    def action_back(self) -> None:
        self._control("back")

    def action_restart(self) -> None:
        self._control("restart")

    def action_extend(self) -> None:
        self._control("extend")
        self.notify(_("+10 s"), timeout=1)

    def action_done(self) -> None:
        self._control("done")

    def action_quit_session(self, exit_app: bool = False) -> None:
        """q: stop the session (to its summary); ``exit_app``: quit psoas (Ctrl-Q). Both
        ask first, and what was done is logged as abandoned either way."""
        # Time stands still while the question is on screen; "Go on" picks up where it was.
        was_running = self.session is not None and self.session.state is State.RUNNING
        if was_running:
            self._control("pause")

        def confirmed(yes: bool | None) -> None:
            if yes and exit_app:
                self.app.exit()  # unmounting logs the session as abandoned
            elif yes:
                self._control("quit")
            elif was_running:
                self._control("resume")

        if exit_app:
            question = _("Quit psoas? This session stops; what you did so far is kept in the log.")
            dialog = ConfirmScreen(question, yes=_("Quit"), no=_("Go on"))
        else:
            question = _("Stop this session? What you did so far is kept in the log.")
            dialog = ConfirmScreen(question, yes=_("Stop"), no=_("Go on"))
        self.app.push_screen(dialog, confirmed)

    def ask_before_app_quit(self) -> bool:
        """The app is asked to quit (Ctrl-Q, the palette): True when this screen asks the
        user first instead, because a session is under way."""
        session = self.session
        if self._ending or session is None or session.state not in (State.RUNNING, State.PAUSED):
            return False
        if not isinstance(self.app.screen, ConfirmScreen):  # not asked twice at once
            self.action_quit_session(exit_app=True)
        return True
