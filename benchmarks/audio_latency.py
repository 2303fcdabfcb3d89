"""Audio latency: how long a play call takes to return, and how late cues start in a session.

1. For each backend, the time from ``player.play(cue)`` to its return (median, p99), beside
   a bare ``simpleaudio.play_buffer`` call measured in the same run (the baseline).
2. A real session (real time, scale 1) on each queued backend, with speech on (the plan's
   phrases rendered and queued with the tones; ``--no-speech`` for beeps only): the onset of
   every cue (the moment its samples are heard) against its due time. Target: p99 <= 10 ms
   for the tones that found the device free. miniaudio runs twice, as it was before
   (2 x 5 ms) and as it is now, and the last line is the after/before ratio of that run.

Without ``--real`` it runs without a sound card: ``HOME`` points at a temporary folder whose
``.asoundrc`` sends ALSA's default PCM to the file plugin (into /dev/null), the same trick
the tests use. ``--seconds N`` shortens the 60-second session per backend for a quick try.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from psoas_tui.cues.backends import Backend, Cancel, Started
    from psoas_tui.cues.sounds import Sound
    from psoas_tui.plan import Plan

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def capture_home(folder: Path) -> None:
    """Before libasound loads: route the default PCM to the file plugin (to /dev/null)."""
    (folder / ".asoundrc").write_text(
        'pcm.!default { type plug; slave { pcm "bench_null"; format S16_LE; rate 22050; '
        "channels 1 } }\n"
        'pcm.bench_null { type file; slave.pcm "null"; file "/dev/null"; format "raw" }\n',
        encoding="utf-8",
    )
    os.environ["HOME"] = str(folder)
    for name in ("XDG_RUNTIME_DIR", "PULSE_SERVER", "PIPEWIRE_REMOTE"):
        os.environ.pop(name, None)


TARGET = 0.010  # cue onset minus due, p99, on a free device (issue #16)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.3f} ms"


def time_calls(call: Callable[[], object], count: int, gap: float) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
        time.sleep(gap)
    return times


def bare_play_buffer(samples: bytes, count: int) -> list[float]:
    import simpleaudio

    plays = []

    def call() -> None:
        plays.append(simpleaudio.play_buffer(samples, 1, 2, 22050))

    times = time_calls(call, count, 0.05)
    for play in plays:
        play.wait_done()
    return times


def call_latency(count: int) -> None:
    from psoas_tui.cues import backend_chain
    from psoas_tui.cues.player import Player
    from psoas_tui.cues.sounds import load_cues

    tick = load_cues()["rep_tick"].scaled(80)
    print(f"-- play call to return, {count} calls each (rep_tick cue, {tick.duration:.3f} s)")
    try:
        baseline = bare_play_buffer(tick.samples, count)
    except Exception as error:
        print(f"bare simpleaudio.play_buffer: unavailable ({error}); no baseline")
        baseline = []
    if baseline:
        print(
            f"{'bare simpleaudio.play_buffer':32} median {ms(statistics.median(baseline))}  "
            f"p99 {ms(pct(baseline, 0.99))}"
        )
    for name in ("simpleaudio", "miniaudio", "system", "bell"):
        player = Player(backend_chain(name)[:1], volume=80)
        player.bell_hook = lambda: None
        if player.backend != name:
            print(f"{'player.play, ' + name:32} unavailable: {player.description}")
            player.close(drain=0)
            continue
        times = time_calls(lambda p=player: p.play("rep_tick"), count, 0.02)  # type: ignore[misc]
        player.close(drain=2.0)
        med, p99 = statistics.median(times), pct(times, 0.99)
        line = f"{'player.play, ' + player.description[7:]:32} median {ms(med)}  p99 {ms(p99)}"
        if baseline:
            line += (
                f"  ratio to bare play_buffer: median {med / statistics.median(baseline):.3f}"
                f", p99 {p99 / pct(baseline, 0.99):.3f}"
            )
        print(line)


def before_backend() -> Backend:
    """miniaudio as it was before this benchmark's target (the same-run baseline): a
    2 x 5 ms buffer, and a generator that took the queued cues first and then waited for
    the device, so a cue that came due while it waited missed the period."""
    from psoas_tui.cues.backends import FADE_FRAMES, MiniaudioBackend, _fade_out
    from psoas_tui.cues.sounds import RATE

    class BeforeMiniaudio(MiniaudioBackend):
        AHEAD = 0.010

        def __init__(self) -> None:
            super().__init__(period_ms=5, periods=2)

        def _stream(self) -> Generator[bytes, int, None]:
            frames = yield b""
            t0 = time.monotonic()
            sent = 0
            sounding = False
            while True:
                want = frames * 2
                out = bytearray()
                finished: list[threading.Event] = []
                now = time.monotonic()
                if sent and sounding and (sent - frames) / RATE < now - t0:
                    # The period handed over last came after the device had run dry
                    # (counted as the new generator counts them).
                    self.underruns += 1
                with self._lock:
                    while len(out) < want and self._pending:
                        entry = self._pending[0]
                        samples, offset = entry[0], entry[1]
                        if offset == 0 and entry[2] is not None:
                            ahead = (sent + len(out) // 2) / RATE - (now - t0)
                            entry[2](max(0.0, ahead))
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
                            tail = (sent + len(out) // 2) / RATE - (now - t0)
                            entry[4] = now + max(0.0, tail)
                            finished.append(entry[3])
                sounding = bool(out) and (len(out) == want or bool(self._pending))
                if len(out) < want:
                    out += bytes(want - len(out))
                for event in finished:
                    event.set()
                sent += frames
                ahead = sent / RATE - (now - t0)
                if ahead > self.AHEAD:
                    time.sleep(ahead - self.AHEAD)
                elif ahead < -0.5:
                    t0, sent = now, 0
                frames = yield bytes(out)

    return BeforeMiniaudio()


def bench_plan() -> Plan:
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.model import Routine, Step, StepKind

    half = max(4, int(SECONDS // 2))
    steps = (
        Step(name="Hold", kind=StepKind.TIMED, duration=half, get_ready=0),
        Step(name="Knee drive", kind=StepKind.REPS, reps=half, tempo=1.0, get_ready=0),
    )
    return build_plan(Routine(name="bench", slug="bench", steps=steps), "left")


SECONDS = 60.0
PERIOD = (0, 0)  # (period ms, periods) for "miniaudio": the backend's defaults


def run_session(backend: Backend, speech: bool, cache: Path) -> dict[str, Any] | str:
    """One real-time session on ``backend``: per cue its name, lateness, and whether the
    device was still busy with an earlier cue when it came due (it waits, by the rule that
    nothing talks over anything)."""
    from psoas_tui.cues.player import Player
    from psoas_tui.session import Session, State

    plan = bench_plan()
    ends: list[float] = []  # when each play() returned: the cue has been heard to its end
    play = backend.play

    def timed_play(sound: Sound, started: Started, cancel: Cancel = None) -> None:
        try:
            play(sound, started, cancel)
        finally:
            ends.append(time.monotonic())

    backend.play = timed_play  # type: ignore[method-assign]
    player = Player([backend], volume=80, speech=speech, cache_dir=cache)
    if player.backend != backend.name:
        player.close(drain=0)
        return f"unavailable: {player.description}"
    clock = time.monotonic
    session = Session(plan, clock)
    player.prepare(plan, clock)
    session.subscribe(player)
    session.start()
    while session.state is State.RUNNING:
        due = session.next_due()
        if due is not None:
            wait = due - clock()
            if wait > 0:
                time.sleep(wait)
        session.tick()
    player.close(drain=5.0)
    played = player.played
    cues = []
    for index, (name, due, onset) in enumerate(played):
        busy = index > 0 and index - 1 < len(ends) and ends[index - 1] > due
        cues.append((name, onset - due, busy))
    return {
        "description": player.description[7:],
        "cues": cues,
        "dropped": len(player.dropped),
        "underruns": getattr(backend, "underruns", None),
    }


def session_onsets(seconds: float, speech: bool, period_ms: int = 0, periods: int = 0) -> None:
    from psoas_tui.cues.backends import MiniaudioBackend, make_backend

    global SECONDS, PERIOD
    SECONDS = seconds
    PERIOD = (period_ms or MiniaudioBackend.PERIOD_MS, periods or MiniaudioBackend.PERIODS)
    plan = bench_plan()
    said = "speech on" if speech else "speech off"
    print(f"-- cue onset minus due in a real {plan.total_seconds:g}-second session, {said}")
    print(
        "   tones that found the device free (the target's figure); tones and phrases that "
        "waited behind another cue are counted apart"
    )
    runs: list[tuple[str, Callable[[], Backend]]] = [
        ("miniaudio before", before_backend),
        ("miniaudio", lambda: MiniaudioBackend(PERIOD[0], PERIOD[1])),
        ("simpleaudio", lambda: make_backend("simpleaudio")),
        ("system", lambda: make_backend("system")),
    ]
    p99s: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="psoas-bench-say-") as cache:
        for label, make in runs:
            result = run_session(make(), speech, Path(cache))
            if isinstance(result, str):
                print(f"{label:18} {result}")
                continue
            cues = result["cues"]
            free = [late for name, late, busy in cues if not busy and name != "speech"]
            waited = [late for name, late, busy in cues if busy or name == "speech"]
            if not free:
                print(f"{label:18} no cue played on a free device")
                continue
            p99 = pct(free, 0.99)
            p99s[label] = p99
            verdict = "meets" if p99 <= TARGET else "misses"
            if label.startswith("miniaudio"):
                backend = "miniaudio"
                if label == "miniaudio before":
                    config = "(2 x 5 ms, before)"
                else:
                    config = f"({PERIOD[1]} x {PERIOD[0]} ms)"
                label = f"{backend} {config}"
            else:
                label = result["description"]
            underruns = result["underruns"]
            print(
                f"{label:30} tones {len(free):3}  median {ms(statistics.median(free))}  "
                f"p99 {ms(p99)}  max {ms(max(free))}  p99/target {p99 / TARGET:.2f} "
                f"({verdict} {TARGET * 1000:g} ms)"
            )
            print(
                f"{'':30} waited {len(waited):3}  dropped {result['dropped']:2}"
                + (f"  underruns {underruns}" if underruns is not None else "")
            )
    if "miniaudio" in p99s and "miniaudio before" in p99s:
        print(
            f"miniaudio p99, after / before (same run): "
            f"{p99s['miniaudio'] * 1000:.1f} / {p99s['miniaudio before'] * 1000:.1f} ms = "
            f"{p99s['miniaudio'] / p99s['miniaudio before']:.2f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="session length")
    parser.add_argument("--calls", type=int, default=60, help="play calls per backend")
    parser.add_argument("--real", action="store_true", help="use the real sound device")
    parser.add_argument(
        "--speech",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="render the plan's phrases with espeak-ng and queue them with the tones",
    )
    parser.add_argument("--period", type=int, default=0, help="miniaudio period, ms (to try)")
    parser.add_argument("--periods", type=int, default=0, help="miniaudio periods (to try)")
    parser.add_argument("--skip-calls", action="store_true", help="only the session part")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="psoas-bench-") as folder:
        if not args.real:
            capture_home(Path(folder))
        if not args.skip_calls:
            call_latency(args.calls)
        session_onsets(args.seconds, args.speech, args.period, args.periods)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
