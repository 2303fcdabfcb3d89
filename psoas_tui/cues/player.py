"""The player: engine events in, cues out, on one backend, never in the caller's way."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from psoas_tui.cues.backends import Backend, BackendError, BellBackend, terminal_bell
from psoas_tui.cues.queue import Clock, CueQueue, Job
from psoas_tui.cues.sounds import Sound, SoundError, load_cues
from psoas_tui.cues.speech import Speaker, espeak_available, voice_for
from psoas_tui.plan import EXERCISE_KINDS, IntervalKind, Plan
from psoas_tui.session import (
    CheckNeeded,
    Countdown,
    Event,
    Halfway,
    IntervalStarted,
    RepTick,
    SessionAbandoned,
    SessionFinished,
    SwitchSides,
)
from psoas_tui.text import spoken
from psoas_tui.text.i18n import N_, _

Warn = Callable[[str], None]
MAX_RECORDS = 10_000


def _no_warning(message: str) -> None:
    return None


class Player:
    """Plays cues for a session. A Session listener: ``session.subscribe(player)``.

    Never raises to callers and never blocks them: ``__call__`` only queues work for a
    worker thread that plays one cue at a time on the live backend. When the backend
    fails, the player falls down the chain (ending at the bell) and goes on.

    ``bell_hook`` is what the bell backend does; it is called on the thread that delivers
    the event (the UI thread under the TUI), so it may touch the screen. ``warn`` is also
    only ever called on the caller's thread: what the worker thread has to say (a backend
    failed) is held until the caller's next call into the player.
    """

    def __init__(
        self,
        backends: Sequence[Backend],
        *,
        volume: int = 80,
        muted: bool = False,
        speech: bool = False,
        warn: Warn = _no_warning,
        off_reason: str | None = None,
        cues: dict[str, Sound] | None = None,
        cache_dir: Path | None = None,
        threaded: bool = True,
    ) -> None:
        self.bell_hook: Callable[[], None] = terminal_bell
        self.muted = muted
        self.volume = max(0, min(100, volume))
        self.speech = speech
        self.warnings: list[str] = []
        self.played: list[tuple[str, float, float]] = []  # (name, due, onset) in clock units
        self._warn = warn
        self._chain = list(backends)
        for backend in self._chain:
            if isinstance(backend, BellBackend):
                backend.ring = self._ring
        self._position = -1
        self._live: Backend | None = None
        self._failures: list[str] = []
        self._off_reason = off_reason
        # With sound off for the whole run (``--audio off``, no backend) nothing can play:
        # the cues are not decoded, and take no memory.
        if cues is not None:
            self._raw = dict(cues)
        else:
            self._raw = load_cues() if off_reason is None else {}
        self._sounds = {name: sound.scaled(self.volume) for name, sound in self._raw.items()}
        self._speech: dict[str, Sound] = {}  # volume applied
        self._speech_raw: dict[str, Sound] = {}
        self._speech_note = ""
        self._speaker: Speaker | None = None
        self._cache_dir = cache_dir
        self._clock: Clock = time.monotonic
        self._queue = CueQueue()
        self._threaded = threaded
        self._worker: threading.Thread | None = None
        self._busy = threading.Event()
        self._lock = threading.RLock()
        self._closed = False
        self._said_once: set[str] = set()
        self._held: list[str] = []  # warnings from the worker thread, not yet told
        self._current: Job | None = None  # the job the worker is playing
        self._cancel = threading.Event()  # set: stop the current job early
        if off_reason is None and not muted:
            self._open_from(0)

    # -- the contract ---------------------------------------------------------------------

    def set_muted(self, muted: bool) -> None:
        with self._guard():
            self.muted = muted
            if muted:
                self._queue.clear()
                self._cancel.set()  # and the cue playing now stops (with a fade)
            elif self._live is None and self._off_reason is None and self._position < 0:
                self._open_from(0)

    def prepare(self, plan: Plan, clock: Callable[[], float]) -> None:
        """Remember the session clock, render speech for the plan, hand sounds to the backend."""
        with self._guard():
            self._clock = clock
            self._queue.clock = clock
            self._speech = {}
            self._speech_raw = {}
            live = self._live
            heard = self._off_reason is None and (
                (live is None and self.muted) or (live is not None and live.queued)
            )
            if self.speech and self._off_reason is None:
                # Speech is asked for (or on by default): render it, or say why it cannot be
                # heard (each reason once), never drop it silently. The bell renders nothing.
                engine = espeak_available()
                if not engine:
                    self._speech_note = "no espeak-ng: beeps only"
                    self._say_once(spoken.no_engine())
                if not heard:
                    why = "no audio device" if engine else "no espeak-ng, no audio device"
                    self._speech_note = f"not spoken: {why}"
                    self._say_once(spoken.no_device(self._why("no audio device")))
                elif engine:
                    self._render_speech(plan)
            if self._live is not None:
                self._live.prepare(self._all_sounds())

    def __call__(self, event: Event) -> None:
        with self._guard():
            if isinstance(event, SessionAbandoned):
                self._queue.clear()
                return
            for name, speech, late, kind in self._cues_for(event):
                self._enqueue(name, event.due, speech, late, kind)

    def close(self, drain: float = 1.5) -> None:
        """Let queued cues finish (up to ``drain`` seconds), then release the device."""
        if self._closed:
            return
        self.wait_idle(max(0.0, drain))
        with self._guard():
            if self._closed:
                return
            self._closed = True
            self._queue.close()
            self._cancel.set()
        worker = self._worker
        if worker is not None:
            worker.join(timeout=1.0)
        with self._guard():
            if self._live is not None:
                self._live.close()
            if self._speaker is not None:
                self._speaker.close()

    # -- more -----------------------------------------------------------------------------

    @property
    def backend(self) -> str | None:
        """The live backend's name, or None when sound is off."""
        return self._live.name if self._live is not None else None

    @property
    def dropped(self) -> list[str]:
        return [job.name for job in self._queue.dropped]

    def set_volume(self, volume: int) -> None:
        with self._guard():
            self.volume = max(0, min(100, volume))
            self._sounds = {name: sound.scaled(self.volume) for name, sound in self._raw.items()}
            self._speech = {key: s.scaled(self.volume) for key, s in self._speech_raw.items()}
            if self._live is not None:
                self._live.prepare(self._all_sounds())

    def play(self, name: str, due: float | None = None) -> None:
        """Queue one cue by name (a preview, or a test); ``due`` defaults to now."""
        with self._guard():
            self._enqueue(name, self._clock() if due is None else due, False, None)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until nothing is queued or playing; True if that happened in time."""
        deadline = time.monotonic() + timeout
        while len(self._queue) or self._busy.is_set():
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def drain(self) -> None:
        """Play everything queued on the calling thread (unthreaded players, tests)."""
        while True:
            job = self._queue.take(timeout=0)
            if job is None:
                return
            self._play_job(job)

    # -- internals ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Never let a sound problem reach the caller; pass on what the worker had to say."""
        try:
            while self._held:
                self._tell(self._held.pop(0))
            with self._lock:
                yield None
        except Exception as error:  # a bug or a broken library: say it once, go on
            self._say_once(
                _("sound problem ignored: {kind}: {error}").format(
                    kind=type(error).__name__, error=error
                )
            )

    def _ring(self) -> None:
        self.bell_hook()

    def _say_once(self, message: str) -> None:
        if message in self._said_once:
            return
        self._said_once.add(message)
        self.warnings.append(message)
        if self._worker is not None and threading.current_thread() is self._worker:
            self._held.append(message)  # told on the caller's thread, at its next call
        else:
            self._tell(message)

    def _tell(self, message: str) -> None:
        with contextlib.suppress(Exception):
            self._warn(message)

    def _cues_for(self, event: Event) -> list[tuple[str, bool, float | None, str | None]]:
        """(cue or phrase key, spoken, how late it may start, the queue rule it follows)."""
        if isinstance(event, IntervalStarted):
            kind = event.interval.kind
            index = event.interval.index
            if kind is IntervalKind.GET_READY:
                return [("get_ready", False, None, None), (f"ready:{index}", True, None, None)]
            if kind in EXERCISE_KINDS:
                return [("go", False, None, None), (f"start:{index}", True, None, None)]
            if kind is IntervalKind.REST:
                return [("rest", False, None, None), (f"rest:{index}", True, None, None)]
            return []
        if isinstance(event, SwitchSides):
            return [("switch", False, None, None), ("switch", True, None, None)]
        if isinstance(event, CheckNeeded):
            return [
                ("check", False, None, None),
                (f"check:{event.interval.index}", True, None, None),
            ]
        if isinstance(event, Countdown):
            number = f"count:{event.remaining}"
            if self._speaks(number):  # "three, two, one" instead of the ticks
                return [(number, True, None, "countdown")]
            return [("countdown", False, None, None)]
        if isinstance(event, Halfway):
            return [("halfway", False, None, None), ("halfway", True, None, None)]
        if isinstance(event, RepTick):
            if event.rep == 1:
                return []  # "go" marks the first rep
            tempo = event.interval.tempo or 1.0
            late = min(0.5, tempo / 2)
            number = f"count:{event.rep}"
            if spoken.counted(event.interval) and self._speaks(number):
                return [(number, True, late, "rep_tick")]
            return [("rep_tick", False, late, None)]
        if isinstance(event, SessionFinished):
            return [("finish", False, None, None), ("done", True, None, None)]
        return []

    def _speaks(self, key: str) -> bool:
        """Whether ``key`` is said aloud now (rendered, and a queued backend plays it)."""
        live = self._live
        return key in self._speech and live is not None and live.queued

    def _enqueue(
        self, name: str, due: float, speech: bool, late: float | None, kind: str | None = None
    ) -> None:
        if self._closed or self.muted or self._off_reason or self.volume == 0:
            return
        live = self._live
        if live is None:
            return
        sound = self._speech.get(name) if speech else self._sounds.get(name)
        if sound is None:
            return
        if not live.queued:
            if speech:
                return  # the bell already rang for the cue this announcement follows
            self._record(name, due)
            live.play(sound, lambda ahead: None)
            return
        job = self._queue.put(sound, due, kind or ("speech" if speech else name), late)
        current = self._current
        if current is not None and current.name == "speech" and job.priority < current.priority:
            self._cancel.set()  # "go", "switch" and "finish" cut an announcement short
        if self._threaded and self._worker is None:
            self._worker = threading.Thread(target=self._work, name="psoas-sound", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            job = self._queue.take()
            if job is None:
                return
            self._play_job(job)

    def _play_job(self, job: Job) -> None:
        live = self._live
        if live is None or not live.queued or self.muted:
            return
        self._busy.set()
        records = len(self.played)
        self._cancel.clear()
        self._current = job
        try:
            live.play(job.sound, lambda ahead: self._record(job.name, job.due, ahead), self._cancel)
        except Exception as error:
            del self.played[records:]  # it was not heard after all
            reason = str(error) if isinstance(error, BackendError) else f"{error!r}"
            # Only this thread falls back; no lock, so the caller's thread never waits for
            # the next device to open (meanwhile _live is None and cues are skipped).
            if self._live is live and not self._closed:
                self._fall_back(live, reason)
        finally:
            self._current = None
            self._busy.clear()

    def _record(self, name: str, due: float, ahead: float = 0.0) -> None:
        """Note when a cue is heard: now plus the audio queued ahead of it (at time scale 1,
        clock units are seconds)."""
        if len(self.played) < MAX_RECORDS:
            self.played.append((name, due, self._clock() + ahead))

    def _open_from(self, start: int) -> None:
        for index in range(start, len(self._chain)):
            backend = self._chain[index]
            try:
                backend.open()
            except Exception as error:
                reason = str(error) if isinstance(error, BackendError) else repr(error)
                self._failures.append(f"{backend.name}: {reason}")
                with contextlib.suppress(Exception):
                    backend.close()
                continue
            self._position = index
            self._live = backend
            with contextlib.suppress(Exception):
                backend.prepare(self._all_sounds())
            return
        self._position = len(self._chain)
        self._live = None

    def _fall_back(self, failed: Backend, reason: str) -> None:
        with contextlib.suppress(Exception):
            failed.close()
        self._failures.append(f"{failed.name}: {reason}")
        self._live = None
        self._open_from(self._position + 1)
        now = self._live.label if self._live is not None else _("no sound")
        self._say_once(
            _("sound: {backend} failed ({reason}); now using {now}").format(
                backend=failed.label, reason=reason, now=now
            )
        )

    def _all_sounds(self) -> dict[str, Sound]:
        sounds = dict(self._sounds)
        for key, sound in self._speech.items():
            sounds[f"speech:{key}"] = sound
        return sounds

    def _render_speech(self, plan: Plan) -> None:
        if self._speaker is None:
            self._speaker = Speaker(self._cache_dir)
        voice = voice_for(plan.routine.language)
        said = spoken.phrases(plan)
        if not said:
            return
        speaker = self._speaker
        # The first phrase proves the voice (or falls back to English); the rest are
        # rendered side by side, since each is one espeak-ng process, each text once.
        first_key, first_text = next(iter(said.items()))
        rendered: dict[str, Sound] = {}
        try:
            rendered[first_key] = speaker.render(first_text, voice, "speech")
        except SoundError as error:
            if voice != "en" and espeak_available():
                self._say_once(spoken.no_voice(voice))
                voice = "en"
                with contextlib.suppress(SoundError):
                    rendered[first_key] = speaker.render(first_text, voice, "speech")
            else:
                self._say_once(spoken.failed(str(error)))

        def render(text: str) -> Sound | None:
            try:
                return speaker.render(text, voice, "speech")
            except SoundError:
                return None

        texts = sorted({text for key, text in said.items() if key != first_key})
        if texts and rendered:
            with ThreadPoolExecutor(max_workers=4) as pool:
                sounds = dict(zip(texts, pool.map(render, texts), strict=True))
            for key, text in said.items():
                sound = sounds.get(text)
                if key != first_key and sound is not None:
                    rendered[key] = sound
        missing = len(said) - len(rendered)
        if rendered and missing:
            self._say_once(spoken.failed(f"{missing} of {len(said)} phrases not rendered"))
        self._speech_raw = rendered
        self._speech = {key: sound.scaled(self.volume) for key, sound in rendered.items()}
        self._speech_note = f"speech ({voice})" if rendered else "speech failed: beeps only"

    def _why(self, default: str) -> str:
        """The last failure, short: "no audio device" rather than a library's message."""
        if not self._failures:
            return default
        reason = self._failures[-1].split(": ", 1)[-1]
        return reason.split(" (", 1)[0]

    @property
    def description(self) -> str:
        """What sounds now (the status line), worded when read: in the language shown then.
        The usual reasons are marked for translation (#15); others are shown as they are."""
        why = (N_("no backend"), N_("chosen"), N_("no audio device"))
        if self._off_reason:
            text = _("sound off: {reason}").format(reason=_(self._off_reason))
        elif self.muted:
            text = _("sound off: muted")
        elif self.volume == 0:
            text = _("sound off: volume 0")
        elif self._live is None:
            text = _("sound off: {reason}").format(reason=_(self._why(why[0])))
        elif isinstance(self._live, BellBackend):
            text = _("sound: bell ({reason})").format(reason=_(self._why(why[1])))
        else:
            text = _("sound: {backend}").format(backend=self._live.label)
            if self.speech and self._speech_note:
                text += f" + {self._speech_note}" if self._speech else f" ({self._speech_note})"
        if self.speech and self._speech_note.startswith("not spoken") and not self.muted:
            text += f" · {self._speech_note}"
        return text
