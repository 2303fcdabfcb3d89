"""Audio backends behind one small interface.

A backend is opened once (``open`` raises :class:`BackendError` when it cannot work here),
then ``play`` is called for one cue at a time from the player's worker thread: it starts the
cue, calls ``started(ahead)`` when its samples go to the device (``ahead``: seconds of audio
queued in front of them, so the cue is heard that much later), and returns when the
cue has finished (so cues never overlap); when ``cancel`` is set it stops early (speech
that a "go" interrupts). A failure while playing raises
:class:`BackendError` and the player falls back down the chain.

``auto`` tries, in order: simpleaudio, miniaudio, a system player, then the bell.
"""

from __future__ import annotations

import array
import collections
import contextlib
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from psoas_tui.audio import BACKEND_NAMES
from psoas_tui.cues.alsa import quiet_alsa
from psoas_tui.cues.sounds import RATE, Sound, silence, write_wav

Started = Callable[[float], None]  # called with the seconds of audio already queued ahead
Cancel = threading.Event | None
FADE_FRAMES = 128  # a cut-off cue fades out over this many frames (6 ms) instead of clicking


class BackendError(Exception):
    """A backend cannot play (the message is short and says why, for the header)."""


class Backend:
    """One way of making sound. Subclasses override what they need."""

    name = "backend"
    queued = True  # False: play() is instant and runs on the caller's thread (the bell)

    @property
    def label(self) -> str:
        return self.name

    def open(self) -> None:
        """Get ready to play; raise BackendError if this backend cannot work here."""

    def prepare(self, sounds: dict[str, Sound]) -> None:
        """Called with every sound (volume applied) the session may play."""

    def play(self, sound: Sound, started: Started, cancel: Cancel = None) -> None:
        raise BackendError(f"{self.name} cannot play")

    def close(self) -> None:
        """Release the device; safe to call twice."""


def _wait_out(start: float, duration: float, cancel: Cancel = None) -> None:
    """Sleep until ``duration`` after ``start``: a cue's slot lasts as long as the cue."""
    left = start + duration - time.monotonic()
    if left > 0:
        if cancel is not None:
            cancel.wait(left)
        else:
            time.sleep(left)


# -- simpleaudio -----------------------------------------------------------------------


class SimpleaudioBackend(Backend):
    """simpleaudio's play_buffer, one cue at a time (it opens the ALSA device per buffer)."""

    name = "simpleaudio"

    def __init__(self) -> None:
        self._sa: Any = None
        self._current: Any = None

    def open(self) -> None:
        quiet_alsa()
        try:
            # Imported by name: an optional, untyped extension that may not have built, and
            # mypy passes whether it is installed or not (no type: ignore to go unused).
            self._sa = importlib.import_module("simpleaudio")
        except Exception as error:  # ImportError, or a broken build
            raise BackendError("simpleaudio is not installed") from error
        # A short silent buffer proves there is a device (fails at once when there is none).
        self._play(silence(0.01), lambda ahead: None)

    def _play(self, sound: Sound, started: Started, cancel: Cancel = None) -> None:
        try:
            play = self._sa.play_buffer(sound.samples, 1, 2, sound.rate)
        except Exception as error:
            raise BackendError(f"no audio device ({_short(error)})") from error
        begin = time.monotonic()
        started(0.0)
        self._current = play
        deadline = begin + sound.duration + 2.0
        while play.is_playing():
            if cancel is not None and cancel.is_set():
                play.stop()
                self._current = None
                return
            if time.monotonic() > deadline:
                play.stop()
                raise BackendError("the audio device stopped playing")
            time.sleep(0.005)
        self._current = None
        _wait_out(begin, sound.duration, cancel)

    def play(self, sound: Sound, started: Started, cancel: Cancel = None) -> None:
        self._play(sound, started, cancel)

    def close(self) -> None:
        current, self._current = self._current, None
        if current is not None:
            with contextlib.suppress(Exception):
                current.stop()


# -- miniaudio -------------------------------------------------------------------------


class MiniaudioBackend(Backend):
    """One long-lived miniaudio PlaybackDevice fed by a generator that streams queued cues.

    Between cues the generator sends silence. The device holds ``PERIODS`` periods of
    ``PERIOD_MS`` each (its buffer); miniaudio asks for one period at a time. The generator
    first waits until the buffer has room for the period, and only then takes what is
    queued, so a cue that came due while it waited still makes this period: a cue is heard
    ``buffer - period`` to ``buffer`` after it is queued (6 to 8 ms), and ``buffer - period``
    (6 ms) of audio is queued when the generator wakes (the margin against a stall). The
    waiting paces a device that takes samples faster than it plays them (ALSA's null or
    file plugins) to real time, so it gets a realistic stream instead of an endless burst
    of silence. ``underruns`` counts the times the queued audio ran out in
    the middle of a cue (a click).
    """

    name = "miniaudio"
    PERIOD_MS = 2
    PERIODS = 4

    def __init__(self, period_ms: int | None = None, periods: int | None = None) -> None:
        self.period_ms = period_ms or self.PERIOD_MS
        self.periods = periods or self.PERIODS
        self._device: Any = None
        self._lock = threading.Lock()
        # entries: [samples, offset, started callback, done event, heard-until time, cancel]
        self._pending: collections.deque[list[Any]] = collections.deque()
        self._last_pull = 0.0
        self.underruns = 0
        self.backend_name = ""

    @property
    def buffer_seconds(self) -> float:
        """The device buffer: every period it holds, in seconds."""
        return self.period_ms * self.periods / 1000

    def open(self) -> None:
        quiet_alsa()
        try:
            import miniaudio  # type: ignore[import-untyped]
        except Exception as error:
            raise BackendError("miniaudio is not installed") from error
        backends = None
        if sys.platform.startswith("linux"):
            backends = [miniaudio.Backend.ALSA, miniaudio.Backend.PULSEAUDIO]
        try:
            device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=RATE,
                buffersize_msec=self.period_ms,  # miniaudio's name for one period
                callback_periods=self.periods,
                backends=backends,
                app_name="psoas",
            )
        except Exception as error:
            raise BackendError(f"no audio device ({_short(error)})") from error
        stream = self._stream()
        next(stream)
        try:
            device.start(stream)
        except Exception as error:
            with contextlib.suppress(Exception):
                device.close()
            raise BackendError(f"the audio device would not start ({_short(error)})") from error
        self._device = device
        self.backend_name = getattr(device, "backend", "")
        self._last_pull = time.monotonic()

    def _stream(self) -> Generator[bytes, int, None]:
        frames = yield b""
        t0 = time.monotonic()
        sent = 0  # frames handed to the device since t0
        sounding = False  # the last period carried a cue that goes on in the next
        while True:
            want = frames * 2
            now = time.monotonic()
            queued = sent / RATE - (now - t0)  # audio the device holds, not yet heard
            room = self.buffer_seconds - frames / RATE  # at most this much, before this period
            if queued > room:
                time.sleep(queued - room)  # wait for room first, then take the freshest cues
                now = time.monotonic()
                queued = sent / RATE - (now - t0)
            if queued < 0 and sent:
                # The device ran dry (a stall): it starts again empty. Only a gap in a cue
                # is heard; a gap in silence is not.
                self.underruns += sounding
                t0, sent, queued = now, 0, 0.0
            out = bytearray()
            finished: list[threading.Event] = []
            with self._lock:
                while len(out) < want and self._pending:
                    entry = self._pending[0]
                    samples, offset = entry[0], entry[1]
                    if offset == 0 and entry[2] is not None:
                        entry[2](max(0.0, queued + len(out) / 2 / RATE))
                        entry[2] = None
                    take = samples[offset : offset + want - len(out)]
                    if entry[5] is not None and entry[5].is_set():
                        take = _fade_out(take[: 2 * FADE_FRAMES])
                        entry[1] = len(samples)
                    else:
                        entry[1] = offset + len(take)
                    out += take
                    if entry[1] >= len(samples):
                        self._pending.popleft()
                        tail = queued + len(out) / 2 / RATE
                        entry[4] = now + max(0.0, tail)  # when its last sample is heard
                        finished.append(entry[3])
            sounding = bool(out) and (len(out) == want or bool(self._pending))
            if len(out) < want:
                out += bytes(want - len(out))
            for event in finished:
                event.set()
            self._last_pull = now
            sent += frames
            frames = yield bytes(out)

    def play(self, sound: Sound, started: Started, cancel: Cancel = None) -> None:
        if self._device is None:
            raise BackendError("the audio device is closed")
        done = threading.Event()
        entry: list[Any] = [sound.samples, 0, started, done, 0.0, cancel]
        with self._lock:
            self._pending.append(entry)
        if not done.wait(sound.duration + 1.0):
            with self._lock:
                self._pending.clear()
            raise BackendError("the audio device stopped taking samples")
        left = entry[4] - time.monotonic()
        if left > 0:
            time.sleep(left)  # the device still holds the end of the cue

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            with contextlib.suppress(Exception):
                device.close()
        with self._lock:
            for entry in self._pending:
                entry[3].set()
            self._pending.clear()


# -- system players --------------------------------------------------------------------

SYSTEM_PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ("pw-play",)),
    ("paplay", ("paplay",)),
    ("aplay", ("aplay", "-q")),
    ("afplay", ("afplay",)),
)


class SystemBackend(Backend):
    """A system command plays each cue from a WAV file (volume applied, in a temp folder)."""

    name = "system"

    def __init__(self, players: tuple[tuple[str, tuple[str, ...]], ...] = SYSTEM_PLAYERS) -> None:
        self._players = players
        self.command: tuple[str, ...] = ()
        self.player = ""
        self._winsound: Any = None
        self._folder: Path | None = None
        self._files: dict[int, Path] = {}
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def label(self) -> str:
        return f"system ({self.player})" if self.player else "system"

    def open(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="psoas-sound-"))
        probe = silence(0.01)
        reasons = []
        if sys.platform == "win32":
            try:
                import winsound

                self._winsound = winsound
                self.player = "winsound"
                return
            except ImportError:
                reasons.append("winsound missing")
        for player, command in self._players:
            path = shutil.which(command[0])
            if path is None:
                continue
            self.command = (path, *command[1:])
            self.player = player
            try:
                self._run(self._file(probe))
                return
            except BackendError as error:
                reasons.append(f"{player}: {error}")
        self.close()
        if not reasons:
            raise BackendError("no system audio player found")
        if all(reason.endswith("no audio device") for reason in reasons):
            raise BackendError(f"no audio device ({', '.join(r.split(':')[0] for r in reasons)})")
        raise BackendError("; ".join(reasons))

    def _file(self, sound: Sound) -> Path:
        key = hash((sound.name, sound.rate, sound.samples))  # bytes cache their hash
        path = self._files.get(key)
        if path is None or not path.exists():
            assert self._folder is not None
            path = self._folder / f"{len(self._files):03d}-{sound.name}.wav"
            write_wav(path, sound)
            self._files[key] = path
        return path

    def prepare(self, sounds: dict[str, Sound]) -> None:
        if self._folder is not None:
            for sound in sounds.values():
                self._file(sound)

    def _run(
        self,
        path: Path,
        started: Started | None = None,
        duration: float = 0.0,
        cancel: Cancel = None,
    ) -> None:
        if self._winsound is not None:
            if started:
                started(0.0)
            self._winsound.PlaySound(str(path), self._winsound.SND_FILENAME)
            return
        try:
            process = subprocess.Popen(
                [*self.command, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as error:
            raise BackendError(f"cannot run {self.player} ({_short(error)})") from error
        begin = time.monotonic()
        if started:
            started(0.0)
        self._process = process
        deadline = begin + duration + 5.0
        try:
            while True:
                try:
                    code = process.wait(timeout=0.02 if cancel is not None else duration + 5.0)
                    break
                except subprocess.TimeoutExpired:
                    if cancel is not None and cancel.is_set():
                        process.terminate()
                        process.wait()
                        return
                    if time.monotonic() > deadline:
                        process.kill()
                        process.wait()
                        raise BackendError(f"{self.player} hung") from None
        finally:
            self._process = None
        if code != 0:
            raise BackendError("no audio device")
        _wait_out(begin, duration, cancel)

    def play(self, sound: Sound, started: Started, cancel: Cancel = None) -> None:
        self._run(self._file(sound), started, sound.duration, cancel)

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                process.kill()
        folder, self._folder = self._folder, None
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        self._files.clear()


# -- the bell --------------------------------------------------------------------------


def terminal_bell() -> None:
    """Ring the terminal bell on the controlling terminal, if there is one."""
    stream = sys.__stderr__
    try:
        if stream is not None and stream.isatty():
            stream.write("\a")
            stream.flush()
            return
    except (OSError, ValueError):
        pass
    with contextlib.suppress(OSError):
        fd = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY)
        try:
            os.write(fd, b"\a")
        finally:
            os.close(fd)


class BellBackend(Backend):
    """The last resort: the bell hook (the terminal bell; the TUI adds a visible flash)."""

    name = "bell"
    queued = False

    def __init__(self) -> None:
        self.ring: Callable[[], None] = terminal_bell  # the player points this at its hook

    def play(self, sound: Sound, started: Started, cancel: Cancel = None) -> None:
        started(0.0)
        self.ring()


def make_backend(name: str) -> Backend:
    if name == "simpleaudio":
        return SimpleaudioBackend()
    if name == "miniaudio":
        return MiniaudioBackend()
    if name == "system":
        return SystemBackend()
    if name == "bell":
        return BellBackend()
    raise ValueError(f"unknown audio backend {name!r}; choose from {', '.join(BACKEND_NAMES)}")


def _fade_out(chunk: bytes) -> bytes:
    """The chunk (16-bit little-endian) ramped down to silence."""
    data = array.array("h")
    data.frombytes(chunk[: len(chunk) - len(chunk) % 2])
    if sys.byteorder == "big":
        data.byteswap()
    count = len(data)
    for i in range(count):
        data[i] = int(data[i] * (count - 1 - i) / count)
    if sys.byteorder == "big":
        data.byteswap()
    return data.tobytes()


def _short(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:80]
