"""The generated cue WAVs: format, level, fades, distinct, and reproducible from the script."""

from __future__ import annotations

import array
import itertools
import math
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from psoas_tui.cues.sounds import CUE_NAMES, RATE, SoundError, decode_wav, load_cues

ROOT = Path(__file__).resolve().parent.parent
SOUNDS = ROOT / "psoas_tui" / "data" / "sounds"


def samples_of(path: Path) -> array.array[int]:
    with wave.open(str(path), "rb") as wav:
        assert wav.getnchannels() == 1
        assert wav.getsampwidth() == 2
        assert wav.getframerate() == RATE
        frames = wav.readframes(wav.getnframes())
    data = array.array("h")
    data.frombytes(frames)
    if sys.byteorder == "big":
        data.byteswap()
    return data


@pytest.mark.parametrize("name", CUE_NAMES)
def test_cue_format_level_and_fades(name: str) -> None:
    path = SOUNDS / f"{name}.wav"
    assert path.stat().st_size < 64 * 1024, "cues stay small"
    data = samples_of(path)
    seconds = len(data) / RATE
    assert 0.03 <= seconds <= 1.0, "cues are short"
    peak = max(abs(v) for v in data)
    assert 0.8 * 32767 <= peak <= 0.9 * 32767, "normalised to the same peak"
    edge = round(0.001 * RATE)  # 1 ms at each end: a fade, not a click
    assert data[0] == 0 and data[-1] == 0
    assert max(abs(v) for v in data[:edge]) < 0.1 * peak
    assert max(abs(v) for v in data[-edge:]) < 0.1 * peak
    assert sum(abs(v) for v in data) / len(data) > 0.05 * peak, "audible, not silence"


def test_cues_are_distinct() -> None:
    cues = {name: samples_of(SOUNDS / f"{name}.wav") for name in CUE_NAMES}
    for (a_name, a), (b_name, b) in itertools.combinations(cues.items(), 2):
        n = min(len(a), len(b))
        dot = sum(a[i] * b[i] for i in range(n))
        norm = math.sqrt(sum(v * v for v in a[:n]) * sum(v * v for v in b[:n]))
        assert abs(dot) / norm < 0.6, f"{a_name} and {b_name} sound alike"
        assert a != b


def test_script_regenerates_the_committed_files(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sounds.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "countdown.wav" in done.stdout
    for name in CUE_NAMES:
        assert (tmp_path / f"{name}.wav").read_bytes() == (SOUNDS / f"{name}.wav").read_bytes()


def test_bundled_cues_decode_into_memory() -> None:
    cues = load_cues()
    assert sorted(cues) == sorted(CUE_NAMES)
    for name, sound in cues.items():
        assert sound.samples == samples_of(SOUNDS / f"{name}.wav").tobytes()
        assert sound.duration == pytest.approx(len(sound.samples) / 2 / RATE)


def test_decode_handles_stereo_8bit_and_other_rates(tmp_path: Path) -> None:
    path = tmp_path / "s.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(1)
        wav.setframerate(RATE * 2)
        wav.writeframes(bytes([128, 128, 255, 255] * 400))
    sound = decode_wav("s", path.read_bytes())
    assert sound.rate == RATE
    assert sound.frames == 400
    with pytest.raises(SoundError, match="not a WAV"):
        decode_wav("bad", b"ID3 this is an mp3, not a wav")
