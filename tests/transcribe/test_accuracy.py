"""Real speech through real Whisper base weights: characters, words and timings."""

from __future__ import annotations

from pathlib import Path

import pytest
from transcribe_helpers import REFERENCES, SPEECH, cer, espeak, ffmpeg, wer

from livegen.transcribe.api import transcribe_cached
from livegen.transcribe.options import TranscribeOptions

pytestmark = pytest.mark.slow

ZH = ["BAC009S0764W0121.wav", "BAC009S0002W0123.wav", "funasr_asr_example.wav"]
EN = ["jfk.wav", "librispeech-1995-1837-0001.wav"]


def _text_between(transcript, start: float, end: float) -> str:
    return "".join(s.text for s in transcript.segments if start <= (s.start + s.end) / 2 < end)


def test_mandarin_fragments_are_one_timeline_with_low_cer(config) -> None:
    paths = [SPEECH / name for name in ZH]
    t = transcribe_cached(paths, TranscribeOptions(language="zh"), config)
    assert t.language == "zh"
    assert [p.offset for p in t.media] == pytest.approx([0.0, 4.2, 4.2 + 3.87], abs=0.02)
    scores = []
    for part, name in zip(t.media, ZH, strict=True):
        hyp = _text_between(t, part.offset, part.offset + part.duration)
        score = cer(REFERENCES[name], hyp)
        assert score < 0.5, (name, hyp)
        scores.append(score)
    corpus = cer("".join(REFERENCES[n] for n in ZH), t.text)
    assert corpus < 0.25, t.text
    for seg in t.segments:
        assert 0 <= seg.start <= seg.end <= t.duration + 0.05
        for w in seg.words:
            assert seg.start - 0.05 <= w.start <= w.end <= seg.end + 0.05


def test_espeak_english_is_transcribed(config, tmp_path: Path) -> None:
    text = "Welcome to the live stream. Today we have a new face cream for dry skin."
    wav = espeak(text, tmp_path / "espeak.wav")
    t = transcribe_cached([wav], TranscribeOptions(language="en"), config)
    assert wer(text, " ".join(s.text for s in t.segments)) <= 0.25


def _onset(path: Path) -> float:
    """First moment the clip is clearly louder than its own noise floor."""
    import numpy as np

    from livegen.media.audio import read_pcm

    audio = read_pcm(path)
    frame = 800
    n = len(audio) // frame
    energy = np.sqrt((audio[: n * frame].reshape(n, frame) ** 2).mean(axis=1))
    threshold = energy.min() + 0.2 * (energy.max() - energy.min())
    return float(np.argmax(energy > threshold) * frame / 16000)


def test_english_after_a_silence_gap_is_detected_transcribed_and_on_time(
    config, tmp_path: Path
) -> None:
    first, second = SPEECH / "jfk.wav", SPEECH / "librispeech-1995-1837-0001.wav"
    gap = 4.0
    joined = tmp_path / "joined.wav"
    ffmpeg(
        "-i",
        str(first),
        "-f",
        "lavfi",
        "-t",
        str(gap),
        "-i",
        "anullsrc=r=16000:cl=mono",
        "-i",
        str(second),
        "-filter_complex",
        "[0:a][1:a][2:a]concat=n=3:v=0:a=1",
        "-ar",
        "16000",
        "-ac",
        "1",
        str(joined),
    )
    t = transcribe_cached([joined], TranscribeOptions(), config)
    assert t.language == "en"
    ref = " ".join(REFERENCES[n] for n in EN)
    assert wer(ref, " ".join(s.text for s in t.segments)) <= 0.1
    expected = 11.0 + gap + _onset(second)
    starts = [w.start for s in t.segments for w in s.words if w.word.strip().lower() == "it"]
    assert starts, t.text
    assert starts[0] == pytest.approx(expected, abs=0.5)
