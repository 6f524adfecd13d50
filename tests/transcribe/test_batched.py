"""The batched decoding path: when it is chosen, and that it keeps every guard."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from transcribe_helpers import REFERENCES, SPEECH, ffmpeg, wer

from livegen.schemas.transcript import Segment, Word
from livegen.transcribe import batched
from livegen.transcribe.batched import BATCH_MIN_SECONDS, batch_size_for, transcribe_batched
from livegen.transcribe.deadline import DecodeDeadline
from livegen.transcribe.engines.base import WindowResult
from livegen.transcribe.options import TranscribeOptions

# -- choosing the path -----------------------------------------------------------------------


def test_long_windows_are_batched_and_short_ones_stay_sequential() -> None:
    o = TranscribeOptions()
    assert batch_size_for(o, BATCH_MIN_SECONDS + 1) > 1
    assert batch_size_for(o, BATCH_MIN_SECONDS - 1) == 1
    assert batch_size_for(o, 10.0) == 1


def test_batch_size_one_or_no_vad_is_always_sequential_and_a_size_is_honoured() -> None:
    assert batch_size_for(TranscribeOptions(batch_size=1), 600.0) == 1
    assert batch_size_for(TranscribeOptions(vad=False), 600.0) == 1
    assert batch_size_for(TranscribeOptions(batch_size=4), 600.0) == 4
    assert batch_size_for(TranscribeOptions(batch_size=4), 5.0) == 4


def test_a_batch_size_out_of_range_is_a_usage_error() -> None:
    from livegen.errors import UsageError

    with pytest.raises(UsageError):
        TranscribeOptions(batch_size=-1)


def test_the_batch_size_is_part_of_the_cache_key() -> None:
    assert TranscribeOptions(batch_size=1).key_dict() != TranscribeOptions().key_dict()


class DetectingModel:
    def __init__(self, language: str) -> None:
        self.language, self.calls = language, 0

    def detect_language(self, **kwargs):
        self.calls += 1
        return self.language, 0.93, []


def test_a_long_window_of_unknown_language_is_detected_first_and_cantonese_stays_sequential() -> (
    None
):
    from livegen.transcribe.batched import plan_window

    audio = np.zeros(int((BATCH_MIN_SECONDS + 5) * 16000), dtype=np.float32)
    yue = DetectingModel("yue")
    assert plan_window(yue, audio, TranscribeOptions(), None) == (1, "yue", 0.93)
    for lang in ("en", "zh"):
        batch, language, prob = plan_window(DetectingModel(lang), audio, TranscribeOptions(), None)
        assert batch > 1 and (language, prob) == (lang, 0.93)
    # A known language is not detected again; Cantonese given is sequential too.
    known = DetectingModel("en")
    assert plan_window(known, audio, TranscribeOptions(), "yue")[0] == 1 and known.calls == 0
    # An explicit batch size is the user's choice, whatever the language.
    assert plan_window(known, audio, TranscribeOptions(batch_size=8), "yue")[0] == 8
    # Short windows never pay for a detection here: the sequential path detects itself.
    short = np.zeros(16000 * 10, dtype=np.float32)
    assert plan_window(known, short, TranscribeOptions(), None) == (1, None, None)
    assert known.calls == 0


# -- the guards, with a scripted pipeline ------------------------------------------------------


@dataclass
class FakeWord:
    start: float
    end: float
    word: str
    probability: float = 0.9


@dataclass
class FakeSegment:
    start: float
    end: float
    text: str
    avg_logprob: float = -0.2
    no_speech_prob: float = 0.05
    compression_ratio: float = 1.5
    words: list[FakeWord] = field(default_factory=list)


@dataclass
class FakeInfo:
    language: str = "en"
    language_probability: float = 0.97


class FakePipeline:
    script: ClassVar[list[FakeSegment]] = []
    calls: ClassVar[list[dict]] = []

    def __init__(self, model) -> None:
        self.model = model

    def transcribe(self, audio, **kwargs):
        FakePipeline.calls.append(kwargs)
        return iter(FakePipeline.script), FakeInfo()


def _fake(monkeypatch: pytest.MonkeyPatch, script: list[FakeSegment]) -> None:
    import faster_whisper

    FakePipeline.script = script
    FakePipeline.calls = []
    monkeypatch.setattr(faster_whisper, "BatchedInferencePipeline", FakePipeline)


def _said(start: float, text: str, **kw) -> FakeSegment:
    words = [
        FakeWord(start + i * 0.4, start + i * 0.4 + 0.3, f" {w}")
        for i, w in enumerate(text.split())
    ]
    return FakeSegment(start, words[-1].end, text, words=words, **kw)


class SequentialSpy:
    """Stands in for the sequential path: records the spans it is asked to decode."""

    def __init__(self, text: str = "decoded again") -> None:
        self.spans: list[float] = []
        self.text = text

    def __call__(self, span: np.ndarray) -> WindowResult:
        self.spans.append(len(span) / 16000)
        seg = Segment(
            id=0,
            start=0.4,
            end=1.2,
            text=self.text,
            words=[Word(start=0.4, end=1.2, word=self.text)],
        )
        return WindowResult(segments=[seg], language="en", language_probability=0.9)


def _run(
    script: list[FakeSegment],
    monkeypatch: pytest.MonkeyPatch,
    seconds: float = 90.0,
    deadline: DecodeDeadline | None = None,
) -> tuple[WindowResult, SequentialSpy]:
    _fake(monkeypatch, script)
    spy = SequentialSpy()
    audio = np.zeros(int(seconds * 16000), dtype=np.float32)
    result = transcribe_batched(
        object(),
        audio,
        TranscribeOptions(),
        language=None,
        deadline=deadline,
        batch_size=8,
        sequential=spy,
    )
    return result, spy


def test_clean_batched_segments_pass_with_their_words_and_language(monkeypatch) -> None:
    result, spy = _run(
        [_said(1.0, "hello there friends"), _said(40.0, "the price is low")], monkeypatch
    )
    assert [s.text for s in result.segments] == ["hello there friends", "the price is low"]
    assert result.segments[1].words[0].start == pytest.approx(40.0)
    assert (result.language, result.language_probability) == ("en", 0.97)
    assert spy.spans == []
    call = FakePipeline.calls[0]
    assert call["vad_filter"] and call["word_timestamps"] and call["batch_size"] == 8
    assert call["without_timestamps"] is False  # sentence-sized segments, not 30-s chunks


def test_a_looping_segment_is_decoded_again_by_the_sequential_path(monkeypatch) -> None:
    loop = _said(30.0, "buy now " * 8, compression_ratio=3.1)
    result, spy = _run([_said(1.0, "hello there"), loop, _said(70.0, "see you")], monkeypatch)
    assert len(spy.spans) == 1
    assert spy.spans[0] == pytest.approx(loop.end - loop.start + 2 * batched.REDO_PAD, abs=0.01)
    texts = [s.text for s in result.segments]
    assert texts == ["hello there", "decoded again", "see you"]
    redone = result.segments[1]
    assert redone.start == pytest.approx(30.0 - batched.REDO_PAD + 0.4)
    assert redone.words[0].start == redone.start


def test_a_low_confidence_segment_is_decoded_again(monkeypatch) -> None:
    result, spy = _run([_said(10.0, "mumble mumble", avg_logprob=-1.6)], monkeypatch)
    assert len(spy.spans) == 1 and [s.text for s in result.segments] == ["decoded again"]


def test_likely_silence_decoded_with_low_confidence_is_dropped(monkeypatch) -> None:
    ghost = _said(50.0, "thanks for watching", avg_logprob=-1.4, no_speech_prob=0.9)
    result, spy = _run([_said(1.0, "hello there"), ghost], monkeypatch)
    assert [s.text for s in result.segments] == ["hello there"]
    assert spy.spans == []


def test_the_decode_time_bound_stops_a_batched_window(monkeypatch) -> None:
    script = [_said(float(t), "words here") for t in range(0, 80, 10)]
    # A CPU clock that has moved on by the time the first segment is in.
    spent = DecodeDeadline(0.0, clock=itertools.count().__next__)
    result, _ = _run(script, monkeypatch, deadline=spent)
    assert result.stopped_early and len(result.segments) == 1


def test_a_word_starting_inside_a_pause_moves_to_where_its_sound_starts() -> None:
    audio = np.zeros(16000 * 4, dtype=np.float32)
    rng = np.random.default_rng(3)
    audio[int(2.6 * 16000) : int(3.2 * 16000)] = 0.3 * rng.standard_normal(int(0.6 * 16000))
    early = Segment(
        id=0, start=1.9, end=3.2, text="ask", words=[Word(start=1.9, end=3.2, word=" ask")]
    )
    fixed = batched.repair_word_starts(early, [(0.0, 1.5), (2.2, 3.6)], audio)
    assert fixed.words[0].start == pytest.approx(2.6, abs=0.02)
    assert fixed.start == fixed.words[0].start
    # A word that starts where its sound starts is left alone.
    right = Segment(
        id=0, start=2.6, end=3.2, text="ask", words=[Word(start=2.6, end=3.2, word=" ask")]
    )
    assert batched.repair_word_starts(right, [(2.2, 3.6)], audio) == right


# -- real weights --------------------------------------------------------------------------------


def _stream(tmp_path: Path, seconds: float) -> tuple[Path, str, list[float]]:
    """The English fixture clips looped with pauses, about `seconds` long.

    Returns the file, its reference text and where each JFK passage starts."""
    import wave

    names = ["jfk.wav", "librispeech-1995-1837-0001.wav"]
    inputs: list[str] = []
    chain = ""
    order: list[str] = []
    jfk: list[float] = []
    total, k = 0.0, 0
    while total < seconds:
        name = names[k % 2]
        inputs += ["-i", str(SPEECH / name)]
        chain += f"[{k}:a]apad=pad_dur=1.5[a{k}];"
        order.append(name)
        if name == "jfk.wav":
            jfk.append(total)
        with wave.open(str(SPEECH / name)) as w:
            total += w.getnframes() / w.getframerate() + 1.5
        k += 1
    chain += "".join(f"[a{i}]" for i in range(k)) + f"concat=n={k}:v=0:a=1"
    out = tmp_path / "stream.wav"
    ffmpeg(*inputs, "-filter_complex", chain, "-ar", "16000", "-ac", "1", str(out))
    return out, " ".join(REFERENCES[n] for n in order), jfk


def _ask_onset() -> float:
    """When JFK's first "ask" starts: the first loud frame after his pause at about 2 s."""
    from livegen.media.audio import read_pcm

    audio = read_pcm(SPEECH / "jfk.wav")
    frame = 160
    n = len(audio) // frame
    rms = np.sqrt((audio[: n * frame].reshape(n, frame) ** 2).mean(axis=1))
    quiet = int(2.2 * 100)
    return float((quiet + int(np.argmax(rms[quiet:] > 0.1))) / 100)


@pytest.mark.slow
def test_a_long_stream_is_batched_at_the_accuracy_of_the_sequential_path(
    config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from livegen.transcribe.api import transcribe_cached

    wav, ref, passages = _stream(tmp_path, BATCH_MIN_SECONDS + 15)
    used: list[int] = []
    real = batched.transcribe_batched

    def spy(*args, **kwargs):
        used.append(kwargs["batch_size"])
        return real(*args, **kwargs)

    monkeypatch.setattr(batched, "transcribe_batched", spy)
    fast = transcribe_cached([wav], TranscribeOptions(language="en"), config)
    assert used, "the long window was not batched"
    slow = transcribe_cached([wav], TranscribeOptions(language="en", batch_size=1), config)
    assert len(used) == 1
    fast_wer = wer(ref, " ".join(s.text for s in fast.segments))
    slow_wer = wer(ref, " ".join(s.text for s in slow.segments))
    assert fast_wer <= slow_wer + 0.02 and fast_wer < 0.1, (fast_wer, slow_wer)
    # Sentence-sized segments with word times inside them, in order on the timeline.
    assert max(s.end - s.start for s in fast.segments) < 30
    starts = [s.start for s in fast.segments]
    assert starts == sorted(starts)
    for seg in fast.segments:
        assert seg.words
        for w in seg.words:
            assert seg.start - 0.05 <= w.start <= w.end <= seg.end + 0.05
    # The word after JFK's one-second pause starts when he speaks again, not in the pause.
    onset = _ask_onset()
    for offset in passages:
        asks = [
            w.start
            for s in fast.segments
            for w in s.words
            if w.word.strip(" ,.").lower() == "ask" and offset < w.start < offset + 5
        ]
        assert asks and asks[0] == pytest.approx(offset + onset, abs=0.25), (offset, asks)


@pytest.mark.slow
def test_a_long_noise_only_recording_yields_no_text_when_batched(config, tmp_path: Path) -> None:
    from livegen.transcribe.api import transcribe_cached

    noise = tmp_path / "noise.wav"
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        f"anoisesrc=d={BATCH_MIN_SECONDS + 10}:c=pink:a=0.3:r=16000:seed=7",
        "-ac",
        "1",
        str(noise),
    )
    t = transcribe_cached([noise], TranscribeOptions(language="zh"), config)
    assert t.text.strip() == ""
