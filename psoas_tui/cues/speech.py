"""Spoken phrases rendered once with ``espeak-ng --stdout``, cached (the phrases themselves
are made by ``psoas_tui.text.spoken``)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from psoas_tui.cues.sounds import Sound, SoundError, decode_wav

ESPEAK = "espeak-ng"
RENDER_TIMEOUT = 10.0


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
