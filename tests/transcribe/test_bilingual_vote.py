"""A stream that alternates two languages sentence by sentence gets one stable language,
chosen by speech seconds, and an honest language probability."""

from __future__ import annotations

import itertools
import json
import wave
from pathlib import Path

import numpy as np
import pytest
from transcribe_helpers import SPEECH

from livegen.transcribe.language import (
    MAX_SENTENCES,
    LanguageVote,
    bilingual_vote,
    split_between_two,
    spread,
    vote,
)

# -- the decision rule ------------------------------------------------------------------------


def _sentences(zh_seconds: float, en_seconds: float, each: float = 4.0):
    out = []
    for _ in range(int(zh_seconds / each)):
        out.append((each, {"zh": 0.98, "en": 0.01}))
    for _ in range(int(en_seconds / each)):
        out.append((each, {"en": 0.93, "zh": 0.05}))
    return out


def test_the_language_with_more_speech_seconds_wins_whatever_the_order() -> None:
    forward = bilingual_vote(_sentences(60, 36))
    backward = bilingual_vote(list(reversed(_sentences(60, 36))))
    assert forward is not None and backward is not None
    assert forward.language == backward.language == "zh"
    assert forward.bilingual == ("en",) and not forward.weak
    # The probability recorded is zh's confidence on its own sentences, not its 0.6 share.
    assert forward.probability_of("zh") == pytest.approx(0.98)
    assert forward.score < 0.7


def test_seconds_outweigh_the_number_of_sentences() -> None:
    # Five short English sentences against three long Mandarin ones: zh has the speech.
    sentences = [(2.0, {"en": 0.95})] * 5 + [(8.0, {"zh": 0.97})] * 3
    decided = bilingual_vote(sentences)
    assert decided is not None and decided.language == "zh" and decided.bilingual == ("en",)


def test_a_near_tie_goes_to_the_prior_or_stays_weak() -> None:
    even = _sentences(40, 40)
    plain = bilingual_vote(even)
    assert plain is not None and plain.weak  # settled by decoding, as any weak vote
    given = bilingual_vote(even, prior="en")
    assert given is not None and given.language == "en" and not given.weak


def test_one_language_with_unsure_sentences_is_not_bilingual() -> None:
    # Noise or music: nothing identified surely, so no second language speaks.
    murky = [(4.0, {"en": 0.45, "zh": 0.35})] * 8 + [(4.0, {"zh": 0.8})]
    assert bilingual_vote(murky) is None
    assert bilingual_vote(_sentences(80, 4)) is None  # a stray English line


def test_only_a_weak_unmixed_two_language_vote_asks_the_sentences() -> None:
    split = vote([(1.0, {"zh": 0.6, "en": 0.39}), (1.0, {"en": 0.55, "zh": 0.44})])
    assert split is not None and split_between_two(split)
    clear = vote([(1.0, {"zh": 0.97})] * 4)
    assert clear is not None and not split_between_two(clear)
    noisy = vote([(1.0, {"th": 0.40, "zh": 0.35}), (1.0, {"zh": 0.30, "th": 0.32})])
    assert noisy is not None and noisy.weak and not split_between_two(noisy)
    blocks = vote([(1.0, {"zh": 0.97})] * 4 + [(1.0, {"en": 0.96})] * 4)
    assert blocks is not None and blocks.mixed and not split_between_two(blocks)


def test_sentences_are_sampled_evenly_over_the_timeline() -> None:
    picked = spread(list(range(100)), MAX_SENTENCES)
    assert len(picked) == MAX_SENTENCES and picked[0] == 0 and picked[-1] >= 95
    assert max(b - a for a, b in itertools.pairwise(picked)) <= 5
    assert spread([1, 2, 3], MAX_SENTENCES) == [1, 2, 3]


# -- on real speech ---------------------------------------------------------------------------

# The benchmark stream's pattern (`benchmarks/run.py`): every fixture clip in name order
# (seven Mandarin, two English: 63 % of the speech Mandarin), pauses cycling through
# seven lengths, so which sentences share a 30-s window shifts through the stream.
PAUSES = [0.7, 1.5, 3.0, 0.9, 6.0, 1.2, 2.2]


def _clip(name: str) -> np.ndarray:
    with wave.open(str(SPEECH / name)) as w:
        raw = w.readframes(w.getnframes())
    return np.frombuffer(raw, dtype=np.int16)


def alternating_stream(out: Path, seconds: float) -> Path:
    names = sorted(json.loads((SPEECH / "references.json").read_text("utf-8")))
    pieces: list[np.ndarray] = []
    total, k = 0, 0
    while total < seconds * 16000:
        pieces.append(_clip(names[k % len(names)]))
        pieces.append(np.zeros(int(PAUSES[k % len(PAUSES)] * 16000), dtype=np.int16))
        total += len(pieces[-2]) + len(pieces[-1])
        k += 1
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(np.concatenate(pieces)[: int(seconds * 16000)].tobytes())
    return out


@pytest.mark.slow
def test_a_bilingual_stream_is_decoded_in_its_main_language_at_any_length(
    config, tmp_path: Path
) -> None:
    from livegen.transcribe.api import media_parts
    from livegen.transcribe.engines import create_engine
    from livegen.transcribe.language import detect_stream_language
    from livegen.transcribe.options import TranscribeOptions

    engine = create_engine(TranscribeOptions(threads=2), config)
    votes: list[LanguageVote] = []
    for minutes in (4, 9):
        wav = alternating_stream(tmp_path / f"bilingual-{minutes}.wav", minutes * 60.0)
        decided = detect_stream_language(media_parts([wav]), engine.detect_language)
        assert decided is not None
        votes.append(decided)
    # The same decision at both lengths, not left to a probe: Mandarin has the speech.
    assert [v.language for v in votes] == ["zh", "zh"], [v.describe() for v in votes]
    assert all(not v.weak and v.bilingual == ("en",) for v in votes)
    # Whisper is sure of the Mandarin sentences: the transcript is not "weak".
    assert all(v.probability_of("zh") >= 0.9 for v in votes)


def test_sentence_windows_sit_at_fixed_places_whatever_is_said() -> None:
    from livegen.schemas.transcript import MediaPart
    from livegen.transcribe.language import even_windows

    parts = [
        MediaPart(path="a", offset=0.0, duration=300.0),
        MediaPart(path="b", offset=300.0, duration=500.0),
    ]
    wins = even_windows(parts, count=8)
    # One window inside each 100-s span, each at another place of its span, so a pattern
    # that recurs every 100 s (or any period) is not heard at the same phase every time.
    assert [int(w.offset // 100) for w in wins] == list(range(8))
    assert all(w.offset + w.duration <= 100 * (k + 1) + 1e-6 for k, w in enumerate(wins))
    phases = sorted(round(w.offset % 100) for w in wins)
    assert len(set(phases)) == 8 and phases[-1] - phases[0] >= 50
    assert [w.part for w in wins] == [0, 0, 0, 1, 1, 1, 1, 1]
    assert wins == even_windows(parts, count=8)  # the same places every run
    short = even_windows([MediaPart(path="c", offset=0.0, duration=20.0)])
    assert len(short) == 1 and (short[0].start, short[0].duration) == (0.0, 20.0)


# -- what the transcript records, and how highlights reads it ---------------------------------


class OneLineEngine:
    """Decodes every window as one confident line in the language it is given."""

    name = "one-line"
    window_seconds = 30.0
    model_label = "none"
    model_identity = "none"

    def __init__(self) -> None:
        self.languages: list[str | None] = []

    def transcribe_window(self, audio, *, language, deadline):
        from livegen.schemas.transcript import Segment, Word
        from livegen.transcribe.engines.base import WindowResult

        self.languages.append(language)
        seg = Segment(
            id=0,
            start=0.5,
            end=4.0,
            text="大家好 hello",
            avg_logprob=-0.45,
            no_speech_prob=0.02,
            words=[Word(start=0.5, end=4.0, word="大家好")],
        )
        return WindowResult(segments=[seg], language=language, language_probability=1.0)


def _bilingual() -> LanguageVote:
    # 55 % of the speech Mandarin, as on the benchmark stream's 2-hour window vote.
    decided = bilingual_vote(_sentences(52, 44), windows=8)
    assert decided is not None
    return decided


@pytest.fixture
def voted_bilingual(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An 8-s tone whose stream vote comes out bilingual (55 % Mandarin)."""
    from transcribe_helpers import ffmpeg

    from livegen.transcribe import api

    wav = tmp_path / "tone.wav"
    ffmpeg("-f", "lavfi", "-i", "sine=f=220:d=8:sample_rate=16000", "-ac", "1", str(wav))
    monkeypatch.setattr(api, "detect_stream_language", lambda *a, **k: _bilingual())
    return wav


def test_the_transcript_records_the_decoded_languages_own_confidence(
    voted_bilingual: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from livegen.highlights.confidence import transcript_confidence
    from livegen.progress import NullReporter
    from livegen.schemas.transcript import Transcript
    from livegen.transcribe import api
    from livegen.transcribe.local import LanguageDetector
    from livegen.transcribe.options import TranscribeOptions

    wav = voted_bilingual
    settled: list[str] = []
    monkeypatch.setattr(api, "settle_weak_vote", lambda *a, **k: settled.append("x") or "en")
    engine = OneLineEngine()
    reporter = NullReporter()
    detector = LanguageDetector(lambda audio: {"zh": 1.0}, "engine")
    segments, language, probability = api.run_engine(
        engine, api.media_parts([wav]), TranscribeOptions(), reporter, detector
    )
    # zh by speech seconds, decoded in zh, not re-settled by a probe; the probability is
    # zh's confidence on its own sentences (0.98), not its 0.55 share of the stream.
    assert (language, probability) == ("zh", pytest.approx(0.98))
    assert engine.languages == ["zh"] and settled == []
    assert any("sentence by sentence" in line for line in reporter.messages)
    transcript = Transcript(
        media=api.media_parts([wav]),
        duration=8.0,
        language=language,
        language_probability=probability,
        engine="one-line",
        model="none",
        segments=segments,
    )
    assert not transcript_confidence(transcript, 8.0).weak
    # The share the old vote recorded made the same transcript weak.
    shared = transcript.model_copy(update={"language_probability": _bilingual().score})
    assert transcript_confidence(shared, 8.0).weak


class OptionsEngine(OneLineEngine):
    """An engine whose decode options the driver may swap, as faster-whisper's."""

    def __init__(self, options) -> None:
        super().__init__()
        self.options = options


def test_a_bilingual_stream_is_decoded_sequentially_unless_a_batch_size_was_chosen(
    voted_bilingual: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from livegen.progress import NullReporter
    from livegen.transcribe import api
    from livegen.transcribe.local import LanguageDetector
    from livegen.transcribe.options import TranscribeOptions

    wav = voted_bilingual
    detector = LanguageDetector(lambda audio: {"zh": 1.0}, "engine")
    for chosen, expected in ((0, 1), (8, 8)):
        options = TranscribeOptions(batch_size=chosen)
        engine = OptionsEngine(options)
        api.run_engine(engine, api.media_parts([wav]), options, NullReporter(), detector)
        assert engine.options.batch_size == expected
    # One language: the automatic choice stays with the window length.
    monkeypatch.setattr(api, "detect_stream_language", lambda *a, **k: None)
    engine = OptionsEngine(TranscribeOptions(language="zh"))
    api.run_engine(engine, api.media_parts([wav]), engine.options, NullReporter(), detector)
    assert engine.options.batch_size == 0
