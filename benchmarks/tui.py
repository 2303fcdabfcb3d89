"""TUI benchmark: start-up time, CPU while a session runs, and peak memory.

Every program runs in its own pseudo-terminal (100x30), the way a person runs it; the
baselines run in the same way in the same run:

* start-up: launch to the first frame of home (its "Last done" column is on screen)
  against a bare Textual app that shows one Label, the two programs taking turns. The
  ratio judged is the median of the pairs' ratios: a pair runs back to back, so the
  machine's speed at that moment (which drifts by 20-30 % on a shared VM) divides out.
  The medians of each program and their ratio are printed too. Target <= 1.2x.
* CPU: user+system seconds of a running session (``psoas run desk-break``, sound off)
  over ``--seconds`` against a bare Textual app that updates one ``Digits`` once a second.
  The window opens ``WARM_UP`` seconds after launch, when both programs are up and
  running (start-up has its own line above), and is read from /proc/PID/stat.
  The programs run side by side, at the same time, so that a change in the machine's
  speed during the minute falls on all of them alike.
  Target <= 1.2x (issue #16: the large face must cost no more). Also reported: the
  same including launch (from exec to the end), and termdown counting down the same
  time. CPU is read to the nanosecond from each thread's /proc schedstat.
* memory: peak RSS (ru_maxrss) of that session against the bare Digits app. Target <= 1.3x.

    python benchmarks/tui.py [--seconds 60] [--runs 21] [--only start|cpu]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import resource
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PSOAS = str(Path(sys.executable).with_name("psoas"))
COLUMNS, ROWS = 100, 30

BARE_LABEL = """
from textual.app import App, ComposeResult
from textual.widgets import Label

class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("bare-app-ready")

Bare().run()
"""

BARE_DIGITS = """
import time
from textual.app import App, ComposeResult
from textual.widgets import Digits

class Clock(App[None]):
    def compose(self) -> ComposeResult:
        yield Digits("0:00")

    def on_mount(self) -> None:
        self.start = time.monotonic()
        self.set_interval(1, self.tick)

    def tick(self) -> None:
        seconds = int(time.monotonic() - self.start)
        self.query_one(Digits).update(f"{seconds // 60}:{seconds % 60:02d}")

Clock().run()
"""


WARM_UP = 3.0  # seconds after launch before the CPU window opens

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Run:
    seconds_to_marker: float | None
    cpu: float  # user + system seconds of the child, launch included
    max_rss_kib: int
    window_cpu: float | None = None  # user + system seconds from ``window_from`` to the end
    window_bytes: int = 0  # bytes written to the terminal in the window


def proc_cpu(pid: int) -> float | None:
    """Seconds of CPU used so far by ``pid``'s threads (Linux /proc), or None.

    Read to the nanosecond from each thread's ``schedstat`` where the kernel keeps it:
    ``stat``'s utime and stime count 10 ms ticks, and a quiet session uses only a few
    dozen of them a minute, too coarse to tell 1.1x from 1.3x. Falls back to the ticks."""
    try:
        total = 0
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += int((task / "schedstat").read_text().split()[0])
        return total / 1e9
    except (OSError, ValueError, IndexError):
        pass
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14, 15)


class Child:
    """A program on a fresh pty of COLUMNS x ROWS, the pty drained as it writes."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.started = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # the child: the pty is its terminal
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(self.master)
            os.close(slave)
            os.execvpe(argv[0], argv, env)
        os.close(slave)
        self.pid = pid
        self.open = True
        self.seen = b""
        self.written = 0  # bytes the program wrote to its terminal so far

    def read(self) -> bytes:
        """What the program wrote since the last read (b"" once it has closed the pty)."""
        try:
            chunk = os.read(self.master, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            self.open = False
        self.written += len(chunk)
        self.seen = (self.seen + chunk)[-65536:]
        return chunk

    def stop(self) -> tuple[float, int]:
        """SIGTERM (SIGKILL after 5 s); (user + system seconds, peak RSS in KiB)."""
        os.kill(self.pid, signal.SIGTERM)
        drain_until = time.perf_counter() + 5.0
        while True:
            waited, _code, usage = os.wait4(self.pid, os.WNOHANG)
            if waited:
                break
            if time.perf_counter() > drain_until:
                os.kill(self.pid, signal.SIGKILL)
            try:
                if select.select([self.master], [], [], 0.05)[0]:
                    os.read(self.master, 65536)
            except OSError:
                time.sleep(0.01)
        os.close(self.master)
        return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def run_in_pty(
    argv: list[str], env: dict[str, str], *, marker: bytes, timeout: float = 30.0
) -> Run:
    """Run ``argv`` until it shows ``marker`` (or ``timeout`` passes), then stop it."""
    child = Child(argv, env)
    found: float | None = None
    deadline = child.started + timeout
    while child.open and found is None:
        now = time.perf_counter()
        if now >= deadline:
            break
        if select.select([child.master], [], [], min(0.05, deadline - now))[0]:
            child.read()
            if marker in child.seen:
                found = time.perf_counter() - child.started
    cpu, rss = child.stop()
    return Run(found, cpu, rss)


def side_by_side(argvs: list[list[str]], env: dict[str, str], seconds: float) -> list[Run]:
    """Run the programs at the same time (so a change in the machine's speed falls on all
    alike), each on its own pty, for ``WARM_UP + seconds``; the CPU window opens at
    ``WARM_UP`` seconds."""
    children = [Child(argv, env) for argv in argvs]
    begun = time.perf_counter()
    window_start: list[float | None] = [None] * len(children)
    bytes_start = [0] * len(children)
    opened = False
    deadline = begun + WARM_UP + seconds
    while True:
        now = time.perf_counter()
        if not opened and now - begun >= WARM_UP:
            window_start = [proc_cpu(child.pid) for child in children]
            bytes_start = [child.written for child in children]
            opened = True
        if now >= deadline:
            break
        live = [child for child in children if child.open]
        if not live:
            break
        wait = max(0.0, min(0.05, deadline - now))
        for fd in select.select([child.master for child in live], [], [], wait)[0]:
            next(child for child in live if child.master == fd).read()
    window_end = [proc_cpu(child.pid) for child in children]
    written = [child.written - start for child, start in zip(children, bytes_start, strict=True)]
    runs = []
    for child, first, last, count in zip(children, window_start, window_end, written, strict=True):
        cpu, rss = child.stop()
        window = last - first if first is not None and last is not None else None
        runs.append(Run(None, cpu, rss, window, count))
    return runs


def start_times(
    first: tuple[list[str], bytes], second: tuple[list[str], bytes], env: dict[str, str], runs: int
) -> tuple[list[float], list[float]]:
    """Seconds to the marker of each program, ``runs`` times, the two taking turns (so a
    busy moment of the machine falls on both alike)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for (argv, marker), found in zip((first, second), times, strict=True):
            result = run_in_pty(argv, env, marker=marker)
            if result.seconds_to_marker is None:
                raise SystemExit(f"{' '.join(argv)} never showed {marker!r}")
            found.append(result.seconds_to_marker)
    return times


def paired_ratio(mine: list[float], base: list[float]) -> tuple[float, float, float]:
    """Median, first and third quartile of ``mine[i] / base[i]``: each pair ran back to
    back, so the machine's speed at that moment divides out of each ratio."""
    ratios = sorted(m / b for m, b in zip(mine, base, strict=True))
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
    return statistics.median(ratios), quartiles[0], quartiles[2]


def ratio_line(name: str, value: float, base: float, unit: str, target: float) -> str:
    ratio = value / base if base else float("inf")
    verdict = "meets" if ratio <= target else "MISSES"
    return (
        f"{name}: {value:.3f} {unit} vs {base:.3f} {unit} -> ratio {ratio:.2f}x "
        f"(target <= {target}x: {verdict})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to measure CPU")
    parser.add_argument("--runs", type=int, default=21, help="start-up runs of each program")
    parser.add_argument(
        "--only", choices=("start", "cpu"), help="measure only start-up, or only CPU and memory"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="psoas-bench-") as folder:
        work = Path(folder)
        (work / "home").mkdir()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(work / "home"),
            "PSOAS_HOME": str(work / "psoas"),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "COLUMNS": str(COLUMNS),
            "LINES": str(ROWS),
        }
        label = work / "bare_label.py"
        label.write_text(textwrap.dedent(BARE_LABEL))
        digits = work / "bare_digits.py"
        digits.write_text(textwrap.dedent(BARE_DIGITS))
        load = os.getloadavg()[0]
        print(f"load average {load:.2f} on {os.cpu_count()} CPUs (numbers are noisy when busy)")

        # Warm the file caches (and Python's bytecode caches) before timing anything.
        run_in_pty([PSOAS], env, marker=b"Last done")
        run_in_pty([sys.executable, str(label)], env, marker=b"bare-app-ready")

        if args.only != "cpu":
            homes, bares = start_times(
                ([PSOAS], b"Last done"),
                ([sys.executable, str(label)], b"bare-app-ready"),
                env,
                args.runs,
            )
            home, bare = statistics.median(homes), statistics.median(bares)
            print(
                f"start-up median of {args.runs}: psoas home {home:.3f} s, bare label {bare:.3f} s"
                f" (ratio of the medians {home / bare:.2f}x)"
            )
            ratio, low, high = paired_ratio(homes, bares)
            print(
                f"start-up time: paired ratio {ratio:.2f}x, middle half {low:.2f}x-{high:.2f}x "
                f"(target <= 1.2x: {'meets' if ratio <= 1.2 else 'MISSES'})"
            )
        if args.only == "start":
            return 0

        seconds = args.seconds
        programs = [[PSOAS, "run", "desk-break", "--audio", "off"], [sys.executable, str(digits)]]
        termdown = shutil.which("termdown") or str(Path(sys.executable).with_name("termdown"))
        if Path(termdown).exists():
            programs.append([termdown, f"{int(WARM_UP + seconds) + 5}s"])
        runs = side_by_side(programs, env, seconds)
        session, clock = runs[0], runs[1]
        print(f"side by side: {' | '.join(Path(p[0]).name for p in programs)}")
        if session.window_cpu is not None and clock.window_cpu is not None:
            print(
                f"CPU over {seconds:g} s of running (from {WARM_UP:g} s after launch): "
                f"psoas session {session.window_cpu:.3f} s, "
                f"bare Digits app {clock.window_cpu:.3f} s"
            )
            print(ratio_line("session CPU", session.window_cpu, clock.window_cpu, "s", 1.2))
            print(
                f"written to the terminal: psoas {session.window_bytes / seconds:.0f} bytes/s, "
                f"bare Digits app {clock.window_bytes / seconds:.0f} bytes/s (for information: "
                "the escape sequences are made on the main thread)"
            )
        else:
            print("session CPU: /proc is not readable here; only the total below")
        print(
            f"CPU including launch ({WARM_UP + seconds:g} s from exec): psoas session "
            f"{session.cpu:.3f} s, bare Digits app {clock.cpu:.3f} s -> ratio "
            f"{session.cpu / max(clock.cpu, 1e-9):.2f}x (for information)"
        )
        if len(runs) > 2:
            count = runs[2]
            mine = session.window_cpu if session.window_cpu is not None else session.cpu
            theirs = count.window_cpu if count.window_cpu is not None else count.cpu
            print(f"termdown counting down, same window: {theirs:.3f} s CPU")
            ratio = mine / max(theirs, 1e-9)
            print(f"session CPU vs termdown: ratio {ratio:.2f}x (for information)")
        else:
            print("termdown: not installed (pip install termdown); skipped")
        print(
            f"peak memory: psoas session {session.max_rss_kib / 1024:.1f} MiB, "
            f"bare Digits app {clock.max_rss_kib / 1024:.1f} MiB"
        )
        print(
            ratio_line(
                "peak memory", session.max_rss_kib / 1024, clock.max_rss_kib / 1024, "MiB", 1.3
            )
        )
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(f"(benchmark itself used {usage.ru_utime + usage.ru_stime:.2f} s CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
