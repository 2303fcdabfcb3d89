"""Cue sounds in memory: 16-bit little-endian mono PCM at one rate, decoded once."""

from __future__ import annotations

import array
import struct
import sys
import wave
from dataclasses import dataclass
from importlib.abc import Traversable
from pathlib import Path

RATE = 22050
CUE_NAMES = (
    "get_ready",
    "countdown",
    "go",
    "halfway",
    "switch",
    "rep_tick",
    "rest",
    "check",
    "finish",
)
MAX_WAV_BYTES = 8 * 1024 * 1024


class SoundError(Exception):
    """A WAV that cannot be used as a cue (the message says why)."""


@dataclass(frozen=True)
class Sound:
    """A cue ready to play: ``samples`` is 16-bit little-endian mono PCM at ``rate``."""

    name: str
    samples: bytes
    rate: int = RATE

    @property
    def frames(self) -> int:
        return len(self.samples) // 2

    @property
    def duration(self) -> float:
        return self.frames / self.rate

    def scaled(self, volume: int) -> Sound:
        """A copy at ``volume`` percent (0..100): every sample times volume/100."""
        volume = max(0, min(100, volume))
        if volume == 100:
            return self
        return Sound(self.name, scale_pcm(self.samples, volume), self.rate)


def scale_pcm(samples: bytes, volume: int) -> bytes:
    data = _from_le(samples)
    factor = max(0, min(100, volume)) / 100
    scaled = array.array("h", (round(v * factor) for v in data))
    return _to_le(scaled)


def silence(seconds: float, rate: int = RATE) -> Sound:
    return Sound("silence", bytes(2 * round(seconds * rate)), rate)


def _from_le(samples: bytes) -> array.array[int]:
    data = array.array("h")
    data.frombytes(samples[: len(samples) - len(samples) % 2])
    if sys.byteorder == "big":
        data.byteswap()
    return data


def _to_le(data: array.array[int]) -> bytes:
    if sys.byteorder == "big":
        data = array.array("h", data)
        data.byteswap()
    return data.tobytes()


def decode_wav(name: str, blob: bytes, rate: int = RATE) -> Sound:
    """Parse a PCM WAV (8/16-bit, mono or stereo, any rate) into a Sound at ``rate``.

    Tolerates the streaming header ``espeak-ng --stdout`` writes (sizes of 0xFFFFFFFF).
    """
    if len(blob) < 12 or blob[:4] != b"RIFF" or blob[8:12] != b"WAVE":
        raise SoundError(f"{name}: not a WAV file")
    pos = 12
    fmt: tuple[int, int, int, int] | None = None
    data: bytes | None = None
    while pos + 8 <= len(blob):
        chunk, size = struct.unpack_from("<4sI", blob, pos)
        body = pos + 8
        if chunk == b"fmt ":
            tag, channels, src_rate, _, _, bits = struct.unpack_from("<HHIIHH", blob, body)
            fmt = (tag, channels, src_rate, bits)
        elif chunk == b"data":
            end = len(blob) if size >= 0xFFFFFF00 else min(len(blob), body + size)
            data = blob[body:end]
            break
        pos = body + size + (size & 1)
    if fmt is None or data is None:
        raise SoundError(f"{name}: a WAV file without audio data")
    tag, channels, src_rate, bits = fmt
    if tag not in (1, 0xFFFE) or bits not in (8, 16) or channels not in (1, 2) or src_rate <= 0:
        raise SoundError(f"{name}: use 16-bit PCM WAV (found format {tag}, {bits} bit)")
    eight = bits == 8
    samples = array.array("h", ((b - 128) << 8 for b in data)) if eight else _from_le(data)
    if channels == 2:
        samples = array.array(
            "h", ((samples[i] + samples[i + 1]) // 2 for i in range(0, len(samples) - 1, 2))
        )
    if src_rate != rate:
        samples = _resample(samples, src_rate, rate)
    return Sound(name, _to_le(samples), rate)


def _resample(samples: array.array[int], src: int, dst: int) -> array.array[int]:
    count = max(1, round(len(samples) * dst / src))
    out = array.array("h", bytes(2 * count))
    last = len(samples) - 1
    for i in range(count):
        x = i * src / dst
        j = int(x)
        if j >= last:
            out[i] = samples[last] if last >= 0 else 0
            continue
        frac = x - j
        out[i] = round(samples[j] * (1 - frac) + samples[j + 1] * frac)
    return out


def read_wav(name: str, source: Path | Traversable, rate: int = RATE) -> Sound:
    """Read and decode a WAV file (size-capped)."""
    try:
        with source.open("rb") as handle:
            blob = handle.read(MAX_WAV_BYTES + 1)
    except OSError as error:
        raise SoundError(f"{name}: cannot read {source} ({error.strerror or error})") from None
    if len(blob) > MAX_WAV_BYTES:
        raise SoundError(f"{name}: {source} is larger than {MAX_WAV_BYTES // 1048576} MiB")
    return decode_wav(name, blob, rate)


def load_cues(folder: Path | Traversable | None = None) -> dict[str, Sound]:
    """Every bundled cue, decoded once. A cue that cannot be read is left out."""
    if folder is None:
        from psoas_tui.locations import bundled_sounds

        folder = bundled_sounds()
    cues: dict[str, Sound] = {}
    for name in CUE_NAMES:
        try:
            cues[name] = read_wav(name, folder.joinpath(f"{name}.wav"))
        except SoundError:
            continue
    return cues


def write_wav(path: Path, sound: Sound) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sound.rate)
        out.writeframes(sound.samples)
