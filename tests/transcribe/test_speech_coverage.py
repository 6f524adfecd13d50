"""Hotwords (or any decode bias) never cost speech: uncovered speech is decoded again."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from tests.support.paths import SAMPLES
from transcribe_helpers import SPEECH, ZH_CLIPS, join_clips

from livegen.progress import NullReporter
from livegen.schemas.transcript import Segment, Word
from livegen.transcribe.api import media_parts, run_engine, transcribe
from livegen.transcribe.coverage import fill_holes, holes
from livegen.transcribe.engines.base import WindowResult
from livegen.transcribe.options import TranscribeOptions


def _seg(start: float, end: float, text: str) -> Segment:
    return Segment(
        id=0, start=start, end=end, text=text, words=[Word(start=start, end=end, word=text)]
    )


def test_holes_are_the_speech_no_word_covers() -> None:
    speech = [(1.0, 5.0), (9.0, 14.0)]
    segs = [_seg(1.0, 4.8, "一"), _seg(9.0, 9.5, "二")]
    assert holes(speech, segs) == [(9.9, 14.0)]
    assert holes([(1.0, 1.5)], []) == []  # too short to be worth a decode


def test_fill_holes_adds_the_second_decode_on_the_timeline() -> None:
    audio = np.zeros(16000 * 20, dtype=np.float32)
    segs = [_seg(1.0, 4.0, "欢迎")]

    def decode(piece: np.ndarray) -> list[Segment]:
        return [_seg(0.5, 2.5, "补上")]

    out, n = fill_holes(audio, segs, [(1.0, 4.0), (10.0, 13.0)], decode)
    assert n == 1 and [s.text for s in out] == ["欢迎", "补上"]
    assert out[1].start == pytest.approx(10.2) and out[1].words[0].end == pytest.approx(12.2)


class _BiasedEngine:
    """Reads every speech stretch, except that with hotwords it loses all but the first
    (the way a biased decode skips a segment or echoes the hotwords instead)."""

    name = "fake"
    window_seconds = 240.0
    model_label = model_identity = "fake"

    def __init__(self, options: TranscribeOptions) -> None:
        self.options = options

    def speech_spans(self, audio: np.ndarray) -> list[tuple[float, float]]:
        frame = 1600
        n = len(audio) // frame
        loud = np.abs(audio[: n * frame]).reshape(n, frame).max(axis=1) > 0.05
        spans, start = [], None
        for i, v in enumerate([*loud, False]):
            if v and start is None:
                start = i
            elif not v and start is not None:
                spans.append((start * 0.1, i * 0.1))
                start = None
        return [s for s in spans if s[1] - s[0] > 0.3]

    def transcribe_window(
        self, audio: np.ndarray, *, language: str | None, deadline: float | None
    ) -> WindowResult:
        spans = self.speech_spans(audio)
        if self.options.hotwords:
            spans = spans[:1]
        return WindowResult(
            segments=[_seg(s, e, f"句{i}") for i, (s, e) in enumerate(spans)],
            language="zh",
            language_probability=0.99,
        )


def test_a_decode_biased_by_hotwords_loses_no_speech(tmp_path: Path) -> None:
    wav = join_clips([SPEECH / n for n in ZH_CLIPS[:3]], tmp_path / "zh.wav", gap=2.0)
    parts = media_parts([wav])
    plain = TranscribeOptions(language="zh", chinese="keep")
    biased = TranscribeOptions(language="zh", chinese="keep", hotwords=("达摩院", "呼和浩特"))
    a, _, _ = run_engine(_BiasedEngine(plain), parts, plain, NullReporter())
    b, _, _ = run_engine(_BiasedEngine(biased), parts, biased, NullReporter())
    assert len(a) >= 3
    for seg in a:
        assert any(abs(o.start - seg.start) < 1.0 for o in b), (seg, b)


def _covered_sentences(transcript, truth) -> list[str]:
    got = []
    for s in truth["speech"]:
        words = [
            w
            for seg in transcript.segments
            for w in seg.words
            if s["start"] - 0.5 <= (w.start + w.end) / 2 <= s["end"] + 0.5
        ]
        if len(words) >= 3:
            got.append(s["text"])
    return got


@pytest.mark.slow
def test_the_zh_sample_keeps_every_sentence_with_and_without_hotwords(config) -> None:
    truth = json.loads((SAMPLES / "live-demo.zh.truth.json").read_text("utf-8"))
    media = [SAMPLES / "live-demo.zh.mp4"]
    plain = transcribe(media, TranscribeOptions(), config)
    hot = transcribe(media, TranscribeOptions(hotwords=("达摩院", "呼和浩特")), config)
    everything = [s["text"] for s in truth["speech"]]
    assert _covered_sentences(plain, truth) == everything
    assert _covered_sentences(hot, truth) == everything
    assert "达摩院" in hot.text


def test_a_second_decode_of_speech_already_read_is_not_added_twice() -> None:
    audio = np.zeros(16000 * 10, dtype=np.float32)
    segs = [_seg(0.5, 1.5, "欢迎大家来体验达摩院推出的语音识别模型")]  # words stamped short

    def decode(piece: np.ndarray) -> list[Segment]:
        return [_seg(0.1, 4.0, "欢迎大家来体验达摩院推出的云石别模型。")]

    out, n = fill_holes(audio, segs, [(0.3, 5.3)], decode)
    assert n == 0 and len(out) == 1


def test_short_holes_share_one_decode_and_each_gets_its_own_words_back() -> None:
    from livegen.transcribe.coverage import PACK_GAP

    sr = 16000
    audio = np.zeros(sr * 60, dtype=np.float32)
    for a, b in ((5.0, 8.0), (20.0, 23.0), (40.0, 44.0)):
        audio[int(a * sr) : int(b * sr)] = 0.3
    calls: list[float] = []

    def decode(piece: np.ndarray) -> list[Segment]:
        # one segment over all the loud stretches, a word on each (as Whisper reads a pack)
        calls.append(len(piece) / sr)
        loud = np.flatnonzero(np.abs(piece) > 0.1) / sr
        starts = [loud[0], *[t for p, t in itertools.pairwise(loud) if t - p > 0.5]]
        words = [Word(start=s, end=s + 2.0, word=f" w{i}") for i, s in enumerate(starts)]
        return [Segment(id=0, start=0.0, end=words[-1].end, text="x", words=words)]

    speech = [(5.0, 8.0), (20.0, 23.0), (40.0, 44.0)]
    out, n = fill_holes(audio, [], speech, decode, pack=True)
    assert len(calls) == 1 and calls[0] == pytest.approx(3.6 + 3.6 + 4.6 + 2 * PACK_GAP)
    assert n == 3 and [s.text for s in out] == ["w0", "w1", "w2"]
    assert [round(s.start, 1) for s in out] == [5.0, 20.0, 40.0]
    unpacked: list[float] = []
    calls.clear()
    fill_holes(audio, [], speech, lambda p: unpacked.append(len(p)) or decode(p))
    assert len(unpacked) == 3


def test_holes_are_packed_up_to_one_whisper_segment() -> None:
    from livegen.transcribe.coverage import packs

    assert packs([10.0, 10.0, 10.0]) == [[0, 1], [2]]
    assert packs([40.0, 3.0, 3.0]) == [[0], [1, 2]]
    assert packs([]) == []
