"""Spoken step names: phrases for a plan, rendered once with ``espeak-ng --stdout``, cached."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from psoas_tui.cues.sounds import Sound, SoundError, decode_wav
from psoas_tui.plan import Interval, IntervalKind, Plan

ESPEAK = "espeak-ng"
RENDER_TIMEOUT = 10.0


@dataclass(frozen=True)
class Words:
    left: str
    right: str
    switch: str
    seconds: str
    reps: str
    rest: str


WORDS: dict[str, Words] = {
    "en": Words("Left side.", "Right side.", "Switch sides.", "seconds", "reps", "Rest."),
    "nl": Words(
        "Linkerkant.", "Rechterkant.", "Wissel van kant.", "seconden", "herhalingen", "Rust."
    ),
}


def words_for(language: str) -> Words:
    return WORDS.get(language.split("-")[0].lower(), WORDS["en"])


def sentence(text: str) -> str:
    """Text that ends like a sentence, so the voice pauses after it."""
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def announcement(plan: Plan, interval: Interval) -> str:
    """What is said at an interval's get-ready: side, step name, and how long or how many."""
    words = words_for(plan.routine.language)
    parts: list[str] = []
    if interval.side == "left":
        parts.append(words.left)
    elif interval.side == "right":
        parts.append(words.right)
    parts.append(sentence(interval.step_name))
    work = _work_after(plan, interval)
    if work is not None:
        if work.kind is IntervalKind.REPS and work.reps:
            parts.append(f"{work.reps} {words.reps}.")
        elif work.duration is not None:
            parts.append(f"{work.duration:g} {words.seconds}.")
    return " ".join(parts)


def _work_after(plan: Plan, interval: Interval) -> Interval | None:
    following = interval.index + 1
    if following < len(plan.intervals):
        candidate = plan.intervals[following]
        if candidate.is_exercise and candidate.step_name == interval.step_name:
            return candidate
    return None


def question(plan: Plan, interval: Interval) -> str:
    """What is said when a check starts: side, name and the question."""
    words = words_for(plan.routine.language)
    parts = []
    if interval.side == "left":
        parts.append(words.left)
    elif interval.side == "right":
        parts.append(words.right)
    parts.append(sentence(interval.step_name))
    if interval.question:
        parts.append(sentence(interval.question))
    return " ".join(parts)


def phrases(plan: Plan) -> dict[str, str]:
    """Every phrase a session of this plan may say, keyed by what triggers it:
    ``ready:N`` at get-ready N, ``start:N`` when exercise N starts a new step without a
    get-ready, ``check:N`` when check N asks its question, and ``switch``."""
    words = words_for(plan.routine.language)
    said: dict[str, str] = {}
    previous: Interval | None = None
    for interval in plan.intervals:
        if interval.kind is IntervalKind.GET_READY:
            said[f"ready:{interval.index}"] = announcement(plan, interval)
        elif interval.kind is IntervalKind.SWITCH:
            said["switch"] = words.switch
        elif interval.kind is IntervalKind.CHECK:
            said[f"check:{interval.index}"] = question(plan, interval)
        elif interval.is_exercise and (
            previous is None or previous.step_name != interval.step_name
        ):
            said[f"start:{interval.index}"] = _start(plan, interval)
        previous = interval
    return said


def _start(plan: Plan, interval: Interval) -> str:
    """An exercise that starts without a get-ready: announce it as it starts."""
    words = words_for(plan.routine.language)
    parts = []
    if interval.side == "left":
        parts.append(words.left)
    elif interval.side == "right":
        parts.append(words.right)
    parts.append(sentence(interval.step_name))
    if interval.kind is IntervalKind.REPS and interval.reps:
        parts.append(f"{interval.reps} {words.reps}.")
    elif interval.duration is not None:
        parts.append(f"{interval.duration:g} {words.seconds}.")
    return " ".join(parts)


def espeak_available() -> bool:
    return shutil.which(ESPEAK) is not None


def voice_for(language: str) -> str:
    cleaned = "".join(ch for ch in language if ch.isalnum() or ch == "-")[:12]
    return cleaned or "en"


class Speaker:
    """Renders phrases to Sounds with espeak-ng, caching WAVs by voice and text."""

    def __init__(self, cache: Path | None = None) -> None:
        self._own_cache = cache is None
        self.cache = cache if cache is not None else Path(tempfile.mkdtemp(prefix="psoas-say-"))

    def render(self, text: str, voice: str, name: str = "speech") -> Sound:
        key = hashlib.sha256(f"{ESPEAK}\0{voice}\0{text}".encode()).hexdigest()[:32]
        path = self.cache / f"{key}.wav"
        with contextlib.suppress(OSError, SoundError):
            return decode_wav(name, path.read_bytes())
        blob = self._espeak(text, voice)
        sound = decode_wav(name, blob)
        with contextlib.suppress(OSError):
            self.cache.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(blob)
            os.replace(tmp, path)
        return sound

    @staticmethod
    def _espeak(text: str, voice: str) -> bytes:
        try:
            done = subprocess.run(
                [ESPEAK, "-v", voice, "--stdout", "--", text],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=RENDER_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SoundError(f"espeak-ng failed ({error})") from None
        if done.returncode != 0 or len(done.stdout) < 100:
            raise SoundError(f"espeak-ng has no voice {voice!r}")
        return done.stdout

    def close(self) -> None:
        if self._own_cache:
            shutil.rmtree(self.cache, ignore_errors=True)
