"""Audio latency: how long a play call takes to return, and how late cues start in a session.

1. For each backend, the time from ``player.play(cue)`` to its return (median, p99), beside
   a bare ``simpleaudio.play_buffer`` call measured in the same run (the baseline).
2. A real session (real time, scale 1) on each queued backend: the onset of every cue (the
   moment its samples go to the device) against its due time. Target: p99 <= 20 ms.

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
import time
from collections.abc import Callable
from pathlib import Path

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


def session_onsets(seconds: float) -> None:
    from psoas_tui.cues import backend_chain
    from psoas_tui.cues.player import Player
    from psoas_tui.plan import build_plan
    from psoas_tui.routine.model import Routine, Step, StepKind
    from psoas_tui.session import Session, State

    half = max(4, int(seconds // 2))
    steps = (
        Step(name="Hold", kind=StepKind.TIMED, duration=half, get_ready=0),
        Step(name="Knee drive", kind=StepKind.REPS, reps=half, tempo=1.0, get_ready=0),
    )
    plan = build_plan(Routine(name="bench", slug="bench", steps=steps), "left")
    print(f"-- cue onset minus due in a real {plan.total_seconds:g}-second session")
    for name in ("miniaudio", "simpleaudio", "system"):
        player = Player(backend_chain(name)[:1], volume=80)
        if player.backend != name:
            print(f"{name:12} unavailable: {player.description}")
            player.close(drain=0)
            continue
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
        player.close(drain=2.0)
        late = [onset - due for _, due, onset in player.played]
        if not late:
            print(f"{name:12} no cue played")
            continue
        p99 = pct(late, 0.99)
        verdict = "meets" if p99 <= 0.020 else "misses"
        print(
            f"{player.description[7:]:16} cues {len(late):3}  dropped {len(player.dropped):2}  "
            f"median {ms(statistics.median(late))}  p99 {ms(p99)}  max {ms(max(late))}  "
            f"p99/target {p99 / 0.020:.2f} ({verdict} 20 ms)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="session length")
    parser.add_argument("--calls", type=int, default=60, help="play calls per backend")
    parser.add_argument("--real", action="store_true", help="use the real sound device")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="psoas-bench-") as folder:
        if not args.real:
            capture_home(Path(folder))
        call_latency(args.calls)
        session_onsets(args.seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
