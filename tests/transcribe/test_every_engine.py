"""The language vote and the word-timing repair run on every engine's output, not only
faster-whisper's: openai-whisper (real base weights) and the openai-api engine (a local
fake server; its language is identified on this machine, or the priors decide)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.support.fake_transcription import FakeTranscriptionServer, verbose_json
from transcribe_helpers import SPEECH, ffmpeg

from livegen.progress import NullReporter
from livegen.transcribe.api import transcribe
from livegen.transcribe.options import TranscribeOptions
from livegen.transcribe.timing import MAX_WORD

needs_whisper = pytest.mark.skipif(
    importlib.util.find_spec("whisper") is None or importlib.util.find_spec("torch") is None,
    reason="openai-whisper/torch not installed (optional extra 'openai-whisper')",
)

PAUSE = 8.0
FIRST, SECOND = "BAC009S0764W0121.wav", "BAC009S0002W0123.wav"  # 4.20 s, then 3.87 s


def _pause_recording(out: Path) -> Path:
    ffmpeg(
        "-i",
        str(SPEECH / FIRST),
        "-f",
        "lavfi",
        "-t",
        str(PAUSE),
        "-i",
        "anoisesrc=c=pink:a=0.002:r=16000:seed=11",
        "-i",
        str(SPEECH / SECOND),
        "-filter_complex",
        "[0:a][1:a][2:a]concat=n=3:v=0:a=1",
        "-ar",
        "16000",
        "-ac",
        "1",
        str(out),
    )
    return out


@needs_whisper
@pytest.mark.slow
def test_openai_whisper_votes_over_the_stream_and_no_word_starts_in_the_pause(
    config, tmp_path: Path
) -> None:
    wav = _pause_recording(tmp_path / "pause.wav")
    reporter = NullReporter()
    t = transcribe([wav], TranscribeOptions(engine="openai-whisper"), config, reporter)
    assert t.engine == "openai-whisper" and t.language == "zh"
    assert any("vote zh" in m for m in reporter.messages), reporter.messages
    assert t.language_probability is not None and t.language_probability > 0.5
    words = [w for s in t.segments for w in s.words]
    assert len(words) >= 8, t.text
    lo, hi = 4.20 + 0.25, 4.20 + PAUSE - 0.25
    assert not [w for w in words if lo < w.start < hi], t.segments
    assert max(w.end - w.start for w in words) <= MAX_WORD
    assert any(w.start >= 4.20 + PAUSE - 0.3 for w in words)


def _early_word(n: int) -> dict[str, Any]:
    """Every upload: one segment whose first word is stamped 6 s early, inside the pause,
    so the shared repair must move it."""
    words = [("也", 6.0, 7.0), ("成为", 12.6, 13.0), ("地方", 13.0, 13.5)]
    return verbose_json("也成为地方", words, language="chinese", duration=16.0)


@pytest.fixture
def server() -> Iterator[FakeTranscriptionServer]:
    with FakeTranscriptionServer(_early_word) as fake:
        yield fake


def _api_stream(tmp_path: Path) -> Path:
    """Mandarin, 8 s of near silence, Mandarin again (about 16 s)."""
    return _pause_recording(tmp_path / "api.wav")


@pytest.mark.slow
def test_the_api_engine_identifies_the_language_on_this_machine(
    server, config, tmp_path: Path
) -> None:
    reporter = NullReporter()
    options = TranscribeOptions(engine="openai-api", api_base_url=server.url)
    t = transcribe([_api_stream(tmp_path)], options, config, reporter)
    assert t.language == "zh"
    assert all(f.get("language") == ["zh"] for f in server.fields), server.fields
    assert any("identified on this machine with Whisper base" in m for m in reporter.messages), (
        reporter.messages
    )
    # The word the API stamped inside the pause starts at the speech after it.
    words = [w for s in t.segments for w in s.words]
    first = next(w for w in words if w.word == "也")
    assert first.start >= 4.20 + PAUSE - 0.5, words
    assert all(w.end - w.start <= MAX_WORD for w in words)


def test_the_api_engine_without_a_local_detector_uses_the_expected_language(
    server, config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("faster_whisper", "faster_whisper.vad"):  # as if not installed
        monkeypatch.setitem(sys.modules, name, None)
    wav = _api_stream(tmp_path)
    reporter = NullReporter()
    options = TranscribeOptions(engine="openai-api", api_base_url=server.url, language_prior="zh")
    t = transcribe([wav], options, config, reporter)
    assert t.language == "zh" and server.fields[0].get("language") == ["zh"]
    assert any(
        "expected language" in m and "no local language detector" in m for m in reporter.messages
    ), reporter.messages
    # Without the voice-activity detector package, energy finds the pause.
    first = next(w for s in t.segments for w in s.words if w.word == "也")
    assert first.start >= 4.20 + PAUSE - 0.5

    server.fields.clear()
    reporter = NullReporter()
    plain = TranscribeOptions(engine="openai-api", api_base_url=server.url)
    transcribe([wav], plain, config, reporter)
    assert "language" not in server.fields[0]
    assert any("no local language detector" in w and "--lang" in w for w in reporter.warnings), (
        reporter.warnings
    )
