"""A weak language vote is settled by decoding a probe in each candidate language."""

from __future__ import annotations

from pathlib import Path

import pytest

from livegen.schemas.transcript import Segment
from livegen.transcribe.arbitrate import arbitrate, candidates, looks_pinyin, reads_as


def _segs(text: str, logprob: float) -> list[Segment]:
    return [Segment(id=0, start=0.0, end=5.0, text=text, avg_logprob=logprob)]


def test_pinyin_is_told_from_english() -> None:
    assert looks_pinyin("1, Gan 1, D2, Y2, D2, Y1, K3, Y3, Y1.")
    assert looks_pinyin("ni hao da jia huan ying lai dao zhi bo jian")
    assert not looks_pinyin("And so my fellow Americans ask not what your country can do")
    assert not looks_pinyin("he is a man in a long line")
    assert reads_as("欢迎大家来体验") == "zh" and reads_as("これはいくらですか") == "ja"
    assert reads_as("Hello there, how are you") is None


def test_zh_joins_the_candidates_when_the_probe_reads_as_pinyin() -> None:
    assert candidates({"en": 0.7, "th": 0.09, "la": 0.01}, "en", "Di1, R2, M5, Gan 4, Y1") == [
        "en",
        "th",
        "zh",
    ]
    assert candidates({"en": 0.7, "de": 0.2}, "en", "the price is good") == ["en", "de"]


def test_a_decode_that_every_other_language_spells_as_pinyin_is_mandarin() -> None:
    decodes = {
        "en": _segs("Gan 1, D2, Y2, D2, Y1, K3, Y3, Y1, Di1, R2", -0.52),
        "th": _segs("5-2-2-2-4 ว่ามัน 5 ถ้าย 5", -0.46),
        "zh": _segs("1, 跟1.2.2.2.1.1.1.3.3.1", -0.77),
    }
    decision = arbitrate("en", {"en": 0.69, "th": 0.09}, lambda lang: decodes[lang])
    assert decision.language == "zh" and decision.changed
    assert "reads as it" in decision.why()


def test_real_english_stays_english() -> None:
    decodes = {
        "en": _segs("This cream is only ninety nine today, click the cart below", -0.3),
        "de": _segs("Diese Creme ist heute nur neunundneunzig", -0.9),
    }
    decision = arbitrate("en", {"en": 0.7, "de": 0.2}, lambda lang: decodes[lang])
    assert decision.language == "en" and not decision.changed
    asked: list[str] = []

    def decode(lang: str) -> list[Segment]:
        asked.append(lang)
        return decodes[lang]

    arbitrate("en", {"en": 0.7, "de": 0.2}, decode, first=decodes["en"])
    assert asked == ["de"]  # the winner's probe is not decoded twice


class _Engine:
    """Records the language of every decode; the vote is always weak and English."""

    name = "fake"
    window_seconds = 240.0
    model_label = model_identity = "fake"

    def __init__(self, probs: dict[str, float] | None = None) -> None:
        self.asked: list[str | None] = []
        self.probs = probs or {"en": 0.6, "th": 0.3}

    def detect_language(self, audio: object) -> dict[str, float]:
        return self.probs

    def transcribe_window(self, audio: object, *, language: str | None, deadline: float | None):
        from livegen.transcribe.engines.base import WindowResult

        self.asked.append(language)
        text = {"en": "Gan 1, D2, Y2, D2, Y1", "zh": "欢迎来到直播间"}.get(language or "", "")
        return WindowResult(segments=_segs(text, -0.5) if text else [], language=language)


def _bursts(tmp_path: Path):
    from transcribe_helpers import ffmpeg

    from livegen.transcribe.api import media_parts

    wav = tmp_path / "bursts.wav"  # loud bursts and quiet gaps: windows to vote on
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "sine=f=300:d=40:sample_rate=16000",
        "-af",
        "volume=enable='between(mod(t,4),2.5,4)':volume=0",
        "-ac",
        "1",
        str(wav),
    )
    return media_parts([wav])


def test_lang_always_wins_and_a_prior_settles_without_decoding(tmp_path: Path) -> None:
    from livegen.progress import NullReporter
    from livegen.transcribe.api import run_engine
    from livegen.transcribe.options import TranscribeOptions

    parts = _bursts(tmp_path)
    forced = _Engine()
    _, language, _ = run_engine(forced, parts, TranscribeOptions(language="en"), NullReporter())
    assert language == "en" and set(forced.asked) == {"en"}
    prior = _Engine()
    _, language, _ = run_engine(
        prior, parts, TranscribeOptions(language_prior="th"), NullReporter()
    )
    assert language == "th" and "zh" not in prior.asked
    unsure = _Engine()
    reporter = NullReporter()
    _, language, _ = run_engine(unsure, parts, TranscribeOptions(), reporter)
    assert language == "zh" and {"en", "th", "zh"} <= set(unsure.asked)
    assert any("language: zh, not en" in w for w in reporter.warnings), reporter.warnings


@pytest.mark.slow
def test_robotic_mandarin_comes_out_zh_without_a_prior(config, tmp_path: Path) -> None:
    from transcribe_helpers import robotic_mandarin_stream

    from livegen.progress import NullReporter
    from livegen.transcribe.api import media_parts, settle_weak_vote
    from livegen.transcribe.engines import create_engine
    from livegen.transcribe.language import detect_stream_language
    from livegen.transcribe.options import TranscribeOptions

    wav = robotic_mandarin_stream(tmp_path / "robot.wav", seconds=120.0)
    engine = create_engine(TranscribeOptions(), config)
    voted = detect_stream_language(media_parts([wav]), engine.detect_language)
    assert voted is not None
    reporter = NullReporter()
    language = settle_weak_vote(engine, voted, reporter) if voted.weak else voted.language
    assert language == "zh", (voted, reporter.messages, reporter.warnings)
    if voted.language != "zh":
        assert any("decodes best in zh" in w for w in reporter.warnings)


def test_a_strong_vote_whose_decode_reads_as_pinyin_is_checked(tmp_path: Path) -> None:
    from livegen.progress import NullReporter
    from livegen.transcribe.api import run_engine
    from livegen.transcribe.options import TranscribeOptions

    engine = _Engine({"en": 0.97, "th": 0.01})
    reporter = NullReporter()
    segments, language, _ = run_engine(engine, _bursts(tmp_path), TranscribeOptions(), reporter)
    assert language == "zh" and segments and segments[0].text == "欢迎来到直播间"
    assert any("reads as zh" in w for w in reporter.warnings), reporter.warnings
    # A decode that reads as the voted language is not checked at all.
    plain = _Engine({"zh": 0.97})
    _, language, _ = run_engine(plain, _bursts(tmp_path), TranscribeOptions(), NullReporter())
    assert language == "zh" and set(plain.asked) == {"zh"}
