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
from tests.support.media import ffmpeg as ffmpeg  # the transcription tests import it here

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


def espeak(text: str, out: Path, voice: str = "en-us", speed: int = 150) -> Path:
    exe = shutil.which("espeak-ng")
    if exe is None:
        pytest.skip("espeak-ng is not installed (bash scripts/system-deps.sh)")
    raw = out.with_suffix(".raw.wav")
    subprocess.run([exe, "-v", voice, "-s", str(speed), "-w", str(raw), text], check=True)
    ffmpeg("-i", str(raw), "-ar", "16000", "-ac", "1", str(out))
    return out


ZH_NUMERALS = str.maketrans("0123456789", "零一二三四五六七八九")
ZH_CLIPS = [
    "BAC009S0764W0121.wav",
    "BAC009S0764W0122.wav",
    "BAC009S0724W0121.wav",
    "BAC009S0002W0122.wav",
    "BAC009S0002W0123.wav",
    "BAC009S0002W0124.wav",
    "funasr_asr_example.wav",
]


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
    ffmpeg(
        *inputs,
        "-filter_complex",
        "".join(labels) + f"concat=n={n}:v=0:a=1",
        "-ar",
        "16000",
        "-ac",
        "1",
        str(out),
    )
    return out


ROBOTIC_LINES = [
    "欢迎来到直播间，今天给大家带来一款保湿面霜，质地很清爽，干皮油皮都可以用。",
    "家人们看一下，这个价格只有今天晚上有，点击下方小黄车就可以下单。",
    "我们的面霜五十毫升，一瓶可以用两个月，秋冬季节用刚刚好。",
    "有朋友问敏感肌能不能用，这款没有香精没有酒精，温和不刺激。",
    "库存不多了，已经拍下的家人记得尽快付款，我们按顺序发货。",
    "再给大家讲一下使用方法，洁面以后取一点点，在脸上轻轻推开就可以了。",
]


def robotic_mandarin_stream(out: Path, seconds: float = 360.0) -> Path:
    """A long espeak-ng Mandarin "stream" (robotic voice Whisper cannot understand) over
    crowd-like noise, with stretches of music, the kind that fooled first-window detection."""
    parts: list[Path] = []
    total = 0.0
    i = 0
    while total < seconds:
        wav = espeak(
            ROBOTIC_LINES[i % len(ROBOTIC_LINES)],
            out.with_name(f"line{i}.wav"),
            voice="cmn",
            speed=170,
        )
        parts.append(wav)
        total += _duration(wav) + 1.0
        i += 1
    speech = out.with_name("speech.wav")
    inputs: list[str] = []
    labels = ""
    for k, p in enumerate(parts):
        inputs += ["-i", str(p)]
        labels += f"[{k}:a]apad=pad_dur=1[p{k}];"
    joined = "".join(f"[p{k}]" for k in range(len(parts)))
    ffmpeg(
        *inputs,
        "-filter_complex",
        labels + joined + f"concat=n={len(parts)}:v=0:a=1",
        "-t",
        str(seconds),
        "-ar",
        "16000",
        "-ac",
        "1",
        str(speech),
    )
    # Crowd: brown noise; music: two chords that come and go every 40 s.
    ffmpeg(
        "-i",
        str(speech),
        "-f",
        "lavfi",
        "-t",
        str(seconds),
        "-i",
        "anoisesrc=c=brown:a=0.05:r=16000:seed=11",
        "-f",
        "lavfi",
        "-t",
        str(seconds),
        "-i",
        "aevalsrc='0.08*(sin(2*PI*220*t)+sin(2*PI*277*t)+sin(2*PI*330*t))"
        "*gt(sin(2*PI*t/40),0.3)':s=16000",
        "-filter_complex",
        "[0:a][1:a][2:a]amix=inputs=3:normalize=0",
        "-ar",
        "16000",
        "-ac",
        "1",
        str(out),
    )
    return out


def _duration(path: Path) -> float:
    import wave

    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()
