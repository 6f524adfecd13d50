"""Scoring and media helpers shared by the transcription tests."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest

SPEECH = Path(__file__).resolve().parents[1] / "fixtures" / "speech"
REFERENCES: dict[str, str] = json.loads((SPEECH / "references.json").read_text("utf-8"))


def _t2s(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def _bare(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\W_]+", "", text)


def _distance(a: Sequence[str], b: Sequence[str]) -> int:
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate after traditional→simplified and punctuation removal."""
    ref, hyp = _bare(_t2s(reference)), _bare(_t2s(hypothesis))
    return _distance(ref, hyp) / max(len(ref), 1)


def wer(reference: str, hypothesis: str) -> float:
    def words(t: str) -> list[str]:
        return re.sub(r"[^\w\s']", " ", t.lower().replace("-", " ")).split()

    ref, hyp = words(reference), words(hypothesis)
    return _distance(ref, hyp) / max(len(ref), 1)


def ffmpeg(*args: str) -> None:
    from livegen.media.ffmpeg import ffmpeg_exe

    subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y", *args],
                   check=True)


def espeak(text: str, out: Path, voice: str = "en-us", speed: int = 150) -> Path:
    exe = shutil.which("espeak-ng")
    if exe is None:
        pytest.skip("espeak-ng is not installed (bash scripts/system-deps.sh)")
    raw = out.with_suffix(".raw.wav")
    subprocess.run([exe, "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
    ffmpeg("-i", str(raw), "-ar", "16000", "-ac", "1", str(out))
    return out


ZH_NUMERALS = str.maketrans("0123456789", "零一二三四五六七八九")
ZH_CLIPS = ["BAC009S0764W0121.wav", "BAC009S0764W0122.wav", "BAC009S0724W0121.wav",
            "BAC009S0002W0122.wav", "BAC009S0002W0123.wav", "BAC009S0002W0124.wav",
            "funasr_asr_example.wav"]


def cer_raw(reference: str, hypothesis: str) -> float:
    """CER on the output as written: no script conversion, only digits → Chinese numerals
    (Whisper writes 6月 where the reference says 六月) and punctuation/space removal."""
    ref = _bare(reference.translate(ZH_NUMERALS))
    hyp = _bare(hypothesis.translate(ZH_NUMERALS))
    return _distance(ref, hyp) / max(len(ref), 1)


def join_clips(paths: Sequence[Path], out: Path, gap: float = 0.5) -> Path:
    """One WAV of the clips in order with `gap` seconds of silence between them."""
    inputs: list[str] = []
    labels = []
    for i, p in enumerate(paths):
        inputs += ["-i", str(p)]
        labels.append(f"[{2 * i}:a]")
        if i < len(paths) - 1:
            inputs += ["-f", "lavfi", "-t", str(gap), "-i", "anullsrc=r=16000:cl=mono"]
            labels.append(f"[{2 * i + 1}:a]")
    n = len(labels)
    ffmpeg(*inputs, "-filter_complex", "".join(labels) + f"concat=n={n}:v=0:a=1",
           "-ar", "16000", "-ac", "1", str(out))
    return out
