"""The plain runner's terminal: single keys in cbreak mode, and the signals it acts on."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TextIO

from psoas_tui.errors import EXIT_INTERRUPTED


class Terminal:
    """A terminal in cbreak mode (single keys, no echo; Ctrl-C and Ctrl-Z still signal)."""

    def __init__(self, fd: int) -> None:
        import termios

        self.fd = fd
        self._saved = termios.tcgetattr(fd)

    def _in_foreground(self) -> bool:
        try:
            return os.tcgetpgrp(self.fd) == os.getpgrp()
        except OSError:
            return True  # not our controlling terminal: no job control to respect

    def enter(self) -> None:
        import termios
        import tty

        if self._in_foreground():
            with contextlib.suppress(termios.error):
                tty.setcbreak(self.fd, termios.TCSANOW)

    def restore(self) -> None:
        import termios

        with contextlib.suppress(termios.error):
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)


def input_fd(stream: TextIO | None) -> int | None:
    """The file descriptor of an input that is not a terminal (a pipe, a file), if any."""
    try:
        fd = stream.fileno() if stream is not None else -1
    except (AttributeError, OSError, ValueError):
        return None
    return fd if fd >= 0 and not os.isatty(fd) else None


@contextlib.contextmanager
def keyboard(stream: TextIO) -> Iterator[Terminal | None]:
    """Single-key input from a terminal, else None."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        yield None
        return
    if not os.isatty(fd):
        yield None
        return
    terminal = Terminal(fd)
    terminal.enter()
    try:
        yield terminal
    finally:
        terminal.restore()


class Signals:
    """Ctrl-C, Ctrl-Z and ``fg`` turned into flags the drive loop reads at a safe point
    (never in the middle of the engine or a listener), waking it at once through a pipe.

    Only the main thread can handle signals; elsewhere this does nothing."""

    def __init__(self, clock: Callable[[], float], terminal: Terminal | None) -> None:
        self.clock = clock
        self.terminal = terminal
        self.interrupted = False
        self.signal_number: int | None = None  # the signal that interrupted the run
        self.continued = False
        self.stopped_at: float | None = None
        self._pipe: tuple[int, int] | None = None
        self._previous: dict[int, object] = {}
        self._previous_wakeup = -1

    def fileno(self) -> int | None:
        return self._pipe[0] if self._pipe else None

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        read, write = os.pipe()
        os.set_blocking(read, False)
        os.set_blocking(write, False)
        self._pipe = (read, write)
        self._previous_wakeup = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        handlers: dict[int, Callable[[int, FrameType | None], None]] = {
            signal.SIGINT: self._on_interrupt,
            signal.SIGTERM: self._on_interrupt,
        }
        if hasattr(signal, "SIGHUP"):  # the terminal went away (ssh dropped, window closed)
            handlers[signal.SIGHUP] = self._on_interrupt
        if hasattr(signal, "SIGTSTP"):
            handlers[signal.SIGTSTP] = self._on_stop
            handlers[signal.SIGCONT] = self._on_continue
        for number, handler in handlers.items():
            self._previous[number] = signal.signal(number, handler)

    def uninstall(self) -> None:
        for number, previous in self._previous.items():
            signal.signal(number, previous)  # type: ignore[arg-type]
        self._previous.clear()
        if self._pipe is not None:
            signal.set_wakeup_fd(self._previous_wakeup)
            for fd in self._pipe:
                os.close(fd)
            self._pipe = None

    def drain(self) -> None:
        if self._pipe is not None:
            with contextlib.suppress(OSError):
                while os.read(self._pipe[0], 64):
                    pass

    def _on_interrupt(self, signum: int, frame: FrameType | None) -> None:
        self.interrupted = True
        if self.signal_number is None:
            self.signal_number = signum

    def exit_code(self) -> int:
        """130 for Ctrl-C, 128 + the signal's number for the others (143 for SIGTERM)."""
        if self.signal_number is None or self.signal_number == signal.SIGINT:
            return EXIT_INTERRUPTED
        return 128 + self.signal_number

    def _on_stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopped_at = self.clock()
        if self.terminal is not None:
            self.terminal.restore()
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        try:
            os.kill(os.getpid(), signal.SIGTSTP)  # stops here until fg / SIGCONT
        finally:
            signal.signal(signal.SIGTSTP, self._on_stop)
        self._on_continue(signal.SIGCONT, frame)

    def _on_continue(self, signum: int, frame: FrameType | None) -> None:
        if self.terminal is not None:
            self.terminal.enter()
        self.continued = True

    def take_stop(self) -> tuple[bool, float | None]:
        """Whether the process was stopped and continued since the last call, and when it
        stopped (None when it was stopped by something else than Ctrl-Z)."""
        continued, at = self.continued, self.stopped_at
        self.continued = False
        self.stopped_at = None
        return continued, at


# Arrow and function keys arrive as escape sequences ("\x1b[B" is the down arrow): they
# must not be read as the letters in them ("B" would go back). The ones a presenter clicker
# sends (PageDown, PageUp) and the left and right arrows are kept, by name.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|O.|.)?", re.DOTALL)
NAMED_KEYS = {
    "\x1b[6~": "pagedown",
    "\x1b[5~": "pageup",
    "\x1b[C": "right",
    "\x1bOC": "right",
    "\x1b[D": "left",
    "\x1bOD": "left",
}


def keys_of(text: str) -> list[str]:
    """The keys in what the terminal sent: single characters, and the named keys of
    :data:`NAMED_KEYS`; every other escape sequence is dropped."""
    keys: list[str] = []
    position = 0
    for match in _ESCAPES.finditer(text):
        keys.extend(text[position : match.start()])
        name = NAMED_KEYS.get(match.group())
        if name is not None:
            keys.append(name)
        position = match.end()
    keys.extend(text[position:])
    return keys


def read_keys(fd: int) -> list[str] | None:
    """The keys waiting on ``fd``; None at the end of input."""
    try:
        data = os.read(fd, 64)
    except BlockingIOError:
        return []
    except OSError:
        return None
    if not data:
        return None
    return keys_of(data.decode("utf-8", "ignore"))
