"""Spoken phrases rendered once with ``espeak-ng --stdout``, cached (the phrases themselves
are made by ``psoas_tui.text.spoken``)."""

from __future__ import annotations

import array
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from psoas_tui.cues.sounds import Sound, SoundError, decode_wav

ESPEAK = "espeak-ng"
RENDER_TIMEOUT = 10.0
QUIET = 200  # samples below this (of 32767) are silence at a phrase's ends
LEAD_KEEP = 0.005  # seconds of silence kept before a phrase, and after it
TAIL_KEEP = 0.040


def espeak_available() -> bool:
    return shutil.which(ESPEAK) is not None


def voice_for(language: str) -> str:
    cleaned = "".join(ch for ch in language if ch.isalnum() or ch == "-")[:12]
    return cleaned or "en"


def trimmed(sound: Sound) -> Sound:
    """The sound without the silence espeak-ng puts around a phrase (0.3 s after "three"),
    so a spoken number fits in its second and starts on time."""
    data = array.array("h")
    data.frombytes(sound.samples[: len(sound.samples) - len(sound.samples) % 2])
    if sys.byteorder == "big":
        data.byteswap()
    first = next((i for i, v in enumerate(data) if abs(v) > QUIET), None)
    if first is None:
        return sound
    last = next(i for i in range(len(data) - 1, -1, -1) if abs(data[i]) > QUIET)
    start = max(0, first - round(LEAD_KEEP * sound.rate))
    end = min(len(data), last + 1 + round(TAIL_KEEP * sound.rate))
    return Sound(sound.name, sound.samples[2 * start : 2 * end], sound.rate)


class Speaker:
    """Renders phrases to Sounds with espeak-ng, caching WAVs by voice and text."""

    def __init__(self, cache: Path | None = None) -> None:
        self._own_cache = cache is None
        self.cache = cache if cache is not None else Path(tempfile.mkdtemp(prefix="psoas-say-"))

    def render(self, text: str, voice: str, name: str = "speech") -> Sound:
        import hashlib  # OpenSSL's library: loaded only when a session speaks

        key = hashlib.sha256(f"{ESPEAK}\0{voice}\0{text}".encode()).hexdigest()[:32]
        path = self.cache / f"{key}.wav"
        with contextlib.suppress(OSError, SoundError):
            return trimmed(decode_wav(name, path.read_bytes()))
        blob = self._espeak(text, voice)
        sound = trimmed(decode_wav(name, blob))
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
