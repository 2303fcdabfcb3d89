"""The session screen: big remaining time, the step, the side, what comes next.

Time comes from the engine and its clock, never from counting ticks: a one-shot timer
wakes the screen when the next thing is due (an event, or the shown second changing),
:meth:`SessionScreen.tick` asks the engine "what now?" and redraws only what changed.
"""

from __future__ import annotations

import asyncio
import math
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Digits, Label, Static

from psoas_tui.plan import Interval, IntervalKind, Plan
from psoas_tui.runner import Attached, attach
from psoas_tui.session import (
    CheckNeeded,
    Event,
    IntervalStarted,
    Paused,
    Resumed,
    Session,
    SessionAbandoned,
    SessionFinished,
    State,
    Status,
)
from psoas_tui.tally import Tally
from psoas_tui.text import events as words
from psoas_tui.text import intervals as describe
from psoas_tui.text.durations import clock, elapsed
from psoas_tui.text.i18n import N_, _
from psoas_tui.tui.language import in_routine_language
from psoas_tui.tui.screens.dialogs import CheckInScreen, ConfirmScreen
from psoas_tui.tui.widgets.bigword import BigWord
from psoas_tui.tui.widgets.clockdigits import ClockDigits
from psoas_tui.tui.widgets.keybar import KeyBar, KeyHint
from psoas_tui.tui.widgets.progress import ProgressLine

if TYPE_CHECKING:
    from psoas_tui.tui.app import PsoasApp

# The phase's CSS class (the words are psoas_tui.text.intervals.phase_word's).
PHASES = {
    IntervalKind.GET_READY: "get-ready",
    IntervalKind.WORK: "work",
    IntervalKind.REPS: "work",
    IntervalKind.SWITCH: "switch",
    IntervalKind.REST: "rest",
    IntervalKind.CHECK: "check",
}
MAX_SLEEP = 1.0  # real seconds between wake-ups at most (notices a sleeping computer)
LARGE_CLOCK = (90, 32)  # columns and rows from which the clock is drawn five rows high
MIN_SLEEP = 0.01


class SessionScreen(Screen[None]):
    """Runs one session of a plan; switches to the summary when it ends."""

    CSS_PATH = "session.tcss"  # parsed when the screen is first shown

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", N_("Pause")),
        Binding("right,n", "skip", N_("Skip")),
        Binding("left,b", "back", N_("Back")),
        Binding("r", "restart", N_("Restart")),
        Binding("plus,equals_sign", "extend", N_("+10 s"), key_display="+"),
        Binding("d", "done", N_("Done")),
        Binding("m", "app.toggle_mute", N_("Mute")),
        Binding("q", "quit_session", N_("Quit")),
    ]

    def __init__(self, plan: Plan) -> None:
        super().__init__(id="session")
        self.plan = plan
        self.tally = Tally()
        self.session: Session | None = None
        self.attached: Attached | None = None
        self.recorder: Any = None
        self._alarm: asyncio.TimerHandle | None = None
        self._shown: dict[str, object] = {}
        self._interval_changed = True
        self._ending = False
        self._check_open = False
        self._paused_for_overlay = False
        self._stopped_by_user = False

    @property
    def psoas(self) -> PsoasApp:
        return self.app  # type: ignore[return-value]

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="session-top"):
            first = f"-{PHASES[self.plan.intervals[0].kind]}"
            yield Label("", id="phase", markup=False, classes=first)
            yield Label("", id="step-title", markup=False)
            number = Label("", id="step-number", markup=False)
            total = len(self.plan.intervals)
            number.styles.width = len(f"{total}/{total}")
            yield number
        with Vertical(id="session-face"):  # what changes each second, and its caption
            with Horizontal(id="session-main"):
                yield ClockDigits("", id="remaining", classes=first)
                yield BigWord("", id="side-big", classes=first)
            yield Label("", id="caption", markup=False)
            yield ProgressLine(id="session-progress")
        with Vertical(id="session-more"):
            yield Label("", id="counts", markup=False)
            yield Label("", id="paused-banner", markup=False)
            yield Static("", id="how")
        with Vertical(id="session-bottom"):
            yield Label("", id="next", markup=False)
            yield Label("", id="status", markup=False)
            yield KeyBar()

    # -- life cycle ----------------------------------------------------------------------

    def on_mount(self) -> None:
        # Redrawn every second: found once, not looked up by selector on each wake-up.
        self._digits = self.query_one("#remaining", Digits)
        self._progress = self.query_one("#session-progress", ProgressLine)
        app = self.psoas
        scale = app.time_scale
        countdown = app.settings.countdown
        gap = app.suspend_gap * scale if app.suspend_gap is not None else None
        self.session = Session(self.plan, app.clock, countdown=countdown, suspend_gap=gap)
        session = self.session
        session.subscribe(self.tally)
        self.attached = attach(
            session, sound=app.player, log=app.log_store, time_scale=scale, failures=app.failures
        )
        self.recorder = self.attached.recorder
        session.subscribe(self._on_event)
        app.app_suspend_signal.subscribe(self, self._app_suspended, immediate=True)
        session.start()
        self.tick()

    def on_resize(self) -> None:
        """A terminal with room to spare gets the clock and the side five rows high (read
        from the floor across the room); a small one keeps Textual's three."""
        columns, rows = LARGE_CLOCK
        large = self.size.width >= columns and self.size.height >= rows
        for widget in (self._digits, self.query_one("#side-big", BigWord)):
            if widget.has_class("-large") != large:
                widget.set_class(large, "-large")
                widget.refresh(layout=True)

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

    def _close_recorder(self) -> None:
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
            waits.append(_to_next_second(status.remaining))
        else:
            waits.append(1.0 - math.modf(status.interval_elapsed)[0] or 1.0)
        delay = max(MIN_SLEEP, min(waits) / scale + 0.002)
        self._alarm = asyncio.get_running_loop().call_later(delay, self._ring)

    class Wake(Message, bubble=False):
        """Time to look at the clock again (posted by the loop's alarm)."""

    def _ring(self) -> None:
        # An asyncio alarm, not a Textual timer: a timer is a new task and a new callback
        # wrapper every second, and that was a good part of a running session's CPU time.
        # The tick itself runs as a message, so an error in it is handled like any other.
        self._alarm = None
        if self.is_attached:
            self.post_message(self.Wake())

    def on_session_screen_wake(self, _message: Wake) -> None:
        self.tick()

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
        if status.remaining is not None:
            shown = clock(status.remaining)
        else:
            shown = elapsed(status.interval_elapsed)
        reps = interval is not None and interval.kind is IntervalKind.REPS
        label = words.remaining_caption(status.remaining is not None, reps)
        if self._set("digits", shown):
            self._digits.update(shown)
        caption = words.caption(label, str(self._shown.get("side-words", "")))
        if self._set("caption", caption):
            self.query_one("#caption", Label).update(caption, layout=False)
        if interval is not None:
            counts = describe.counts(interval, status.interval_elapsed)
            if self._set("counts", counts):
                self.query_one("#counts", Label).update(counts, layout=False)
        total = self.plan.total_seconds
        done = max(0.0, total - status.planned_remaining)
        progress_text = words.progress(status.done, status.planned_remaining)
        if self._set("progress", progress_text):
            line = self._progress
            line.update(done / total if total else 1.0, progress_text)
        paused = status.state is State.PAUSED
        if self._set("paused", (paused, status.pause_reason)):
            self.refresh_bindings()  # the key bar says "Resume" while paused
            # Classes on the few widgets that change, not the screen: no restyle of it all.
            self._digits.set_class(paused, "-paused")
            banner = ""
            if paused:
                banner = words.paused_banner(status.pause_reason, self._stopped_by_user)
            else:
                self._stopped_by_user = False
            self.query_one("#paused-banner", Label).update(banner)
            self.query_one("#paused-banner", Label).display = paused
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
        classes = {f"-{name}": name == phase for name in PHASES.values()}
        for selector in ("#phase", "#remaining", "#side-big"):
            self.query_one(selector).update_classes(classes)
        # Fixed sizes (see session.tcss): new text, no new layout.
        word = describe.phase_word(interval.kind)
        self.query_one("#phase", Label).update(word, layout=False)
        self.query_one("#step-title", Label).update(describe.title(interval), layout=False)
        number = f"{interval.index + 1}/{len(self.plan.intervals)}"
        self.query_one("#step-number", Label).update(number, layout=False)
        big, side = describe.side_words(interval)
        self.query_one("#side-big", BigWord).update(big)
        self._shown["side-words"] = side
        self.query_one("#side-big", BigWord).display = bool(big)
        how = reflow(describe.how(interval))
        if interval.kind is IntervalKind.CHECK:
            how = interval.question
        if self._set("how", how):  # the same step's get-ready, sides and sets share it
            self.query_one("#how", Static).update(Content(how))
        self.query_one("#next", Label).update(
            describe.next_line(self._next_after(interval)), layout=False
        )
        keys = (self.check_action("done", ()), self.check_action("extend", ()))
        if self._set("keys", keys):
            self.refresh_bindings()  # the footer redraws its keys: only when d or + change

    def _next_after(self, interval: Interval) -> Interval | None:
        following = interval.index + 1
        intervals = self.plan.intervals
        return intervals[following] if following < len(intervals) else None

    # -- engine events -------------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
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


def reflow(text: str) -> str:
    """Join the lines of each paragraph so the text wraps to the screen, not the file."""
    paragraphs = [
        " ".join(line.strip() for line in part.splitlines() if line.strip())
        for part in text.strip().split("\n\n")
    ]
    return "\n\n".join(p for p in paragraphs if p)


def _to_next_second(remaining: float) -> float:
    """Clock units until ``clock(remaining)`` shows a different second."""
    fraction = remaining - math.floor(remaining)
    return fraction if fraction > 1e-6 else 1.0
