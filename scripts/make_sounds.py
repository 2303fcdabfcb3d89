#!/usr/bin/env python3
"""Generate psoas's cue sounds from code: ``python scripts/make_sounds.py`` (or ``make sounds``).

Every cue is a few tones built from sine partials with an envelope, written as a short
16-bit mono WAV at 22050 Hz into ``psoas_tui/data/sounds/`` (``sounds/`` at the repository
root points there). Each note fades in and out over a few milliseconds and the whole cue is
normalised to the same peak, so no cue clicks and none is louder than another. Change a
recipe below and run the script again; the tests check format, level, fades and that the
cues stay distinct.

Only the standard library is used (``wave``, ``array``, ``math``).
"""

from __future__ import annotations

import argparse
import array
import math
import sys
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

RATE = 22050
PEAK = 0.85  # of full scale, after normalising
FADE_SECONDS = 0.006  # raised-cosine fade at both ends of every note
OUT = Path(__file__).resolve().parent.parent / "psoas_tui" / "data" / "sounds"


@dataclass(frozen=True)
class Note:
    """A tone: ``partials`` are (frequency ratio, amplitude); ``decay`` is 1/seconds."""

    freq: float
    start: float
    length: float
    partials: Sequence[tuple[float, float]] = ((1.0, 1.0),)
    decay: float = 0.0
    gain: float = 1.0


# The cues. Keep them short and tell them apart by pitch, rhythm and timbre.
BELL = ((1.0, 1.0), (2.76, 0.35), (5.40, 0.18), (8.93, 0.08))
WARM = ((1.0, 1.0), (2.0, 0.3), (3.0, 0.12))
CLICK = ((1.0, 1.0), (1.5, 0.4), (2.2, 0.25))

RECIPES: dict[str, list[Note]] = {
    # two soft rising tones: "get into position"
    "get_ready": [
        Note(659.25, 0.00, 0.16, WARM, decay=4),
        Note(880.00, 0.18, 0.22, WARM, decay=4),
    ],
    # one short wood-block tick for 3-2-1
    "countdown": [Note(1479.98, 0.0, 0.09, CLICK, decay=30)],
    # a bright major chord: start working
    "go": [
        Note(1046.5, 0.0, 0.38, WARM, decay=5, gain=0.6),
        Note(1318.5, 0.0, 0.38, WARM, decay=5, gain=0.5),
        Note(1568.0, 0.0, 0.38, WARM, decay=5, gain=0.45),
    ],
    # two equal mid tones
    "halfway": [
        Note(783.99, 0.00, 0.12, WARM, decay=8),
        Note(783.99, 0.20, 0.12, WARM, decay=8),
    ],
    # high-low-high: change sides
    "switch": [
        Note(987.77, 0.00, 0.11, WARM, decay=6),
        Note(659.25, 0.13, 0.11, WARM, decay=6),
        Note(987.77, 0.26, 0.18, WARM, decay=6),
    ],
    # a very short high click for each rep
    "rep_tick": [Note(1760.0, 0.0, 0.045, CLICK, decay=60)],
    # two low falling tones: relax
    "rest": [
        Note(523.25, 0.00, 0.24, ((1.0, 1.0), (2.0, 0.15)), decay=3),
        Note(392.00, 0.26, 0.32, ((1.0, 1.0), (2.0, 0.15)), decay=3),
    ],
    # a bell chime that rings out: answer a question
    "check": [Note(1174.66, 0.0, 0.65, BELL, decay=6)],
    # a rising arpeggio ending on a long chord: done
    "finish": [
        Note(523.25, 0.00, 0.13, WARM, decay=5),
        Note(659.25, 0.13, 0.13, WARM, decay=5),
        Note(783.99, 0.26, 0.13, WARM, decay=5),
        Note(1046.5, 0.39, 0.45, WARM, decay=4, gain=0.7),
        Note(1318.5, 0.39, 0.45, WARM, decay=4, gain=0.5),
    ],
}


def render(notes: Sequence[Note], rate: int = RATE) -> array.array[int]:
    """Mix the notes into 16-bit samples, normalised to PEAK, with no click at either end."""
    end = max(note.start + note.length for note in notes)
    frames = round(end * rate)
    mix = [0.0] * frames
    fade = max(1, round(FADE_SECONDS * rate))
    for note in notes:
        first = round(note.start * rate)
        count = round(note.length * rate)
        for i in range(count):
            if first + i >= frames:
                break
            t = i / rate
            value = sum(
                amplitude * math.sin(2 * math.pi * note.freq * ratio * t)
                for ratio, amplitude in note.partials
                if note.freq * ratio < rate / 2
            )
            envelope = math.exp(-note.decay * t) * note.gain
            if i < fade:
                envelope *= 0.5 - 0.5 * math.cos(math.pi * i / fade)
            elif i >= count - fade:
                envelope *= 0.5 - 0.5 * math.cos(math.pi * (count - 1 - i) / fade)
            mix[first + i] += value * envelope
    peak = max(abs(v) for v in mix) or 1.0
    scale = PEAK * 32767 / peak
    samples = array.array("h", (round(v * scale) for v in mix))
    samples[0] = 0
    samples[-1] = 0
    return samples


def write_wav(path: Path, samples: array.array[int], rate: int = RATE) -> None:
    data = samples
    if sys.byteorder == "big":
        data = array.array("h", samples)
        data.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(data.tobytes())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder to write (default {OUT})")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, notes in RECIPES.items():
        samples = render(notes)
        path = args.out / f"{name}.wav"
        write_wav(path, samples)
        print(f"{path}: {len(samples) / RATE:.2f} s, {len(samples) * 2 + 44} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
