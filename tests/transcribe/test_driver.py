"""The engine-independent driver: windows, timeline offsets, language lock, time bound."""

from __future__ import annotations

from pathlib import Path

from transcribe_helpers import ffmpeg

from livegen.progress import NullReporter
from livegen.schemas.transcript import Segment, Word
from livegen.transcribe.api import media_parts, run_engine
from livegen.transcribe.engines.base import WindowResult
from livegen.transcribe.options import TranscribeOptions


class ScriptedEngine:
    """Says one segment per window; can pretend a window decodes forever."""

    name = "scripted"
    window_seconds = 10.0
    model_label = "none"
    model_identity = "none"

    def __init__(self, slow_window: int | None = None) -> None:
        self.languages: list[str | None] = []
        self.deadlines: list[float | None] = []
        self.slow_window = slow_window

    def transcribe_window(self, audio, *, language, deadline) -> WindowResult:
        self.languages.append(language)
        self.deadlines.append(deadline)
        n = len(self.languages)
        seg = Segment(
            id=0,
            start=0.5,
            end=1.5,
            text=f"window {n}",
            words=[Word(start=0.5, end=1.5, word=f"window{n}")],
        )
        return WindowResult(
            segments=[seg],
            language="zh" if n == 1 else "en",
            language_probability=0.9,
            stopped_early=n == self.slow_window,
        )


def _tone(path: Path, seconds: float) -> Path:
    ffmpeg("-f", "lavfi", "-i", f"sine=f=200:d={seconds}:sample_rate=16000", "-ac", "1", str(path))
    return path


def test_fragments_are_windowed_separately_and_offset_onto_one_timeline(tmp_path: Path) -> None:
    a, b = _tone(tmp_path / "a.wav", 6), _tone(tmp_path / "b.wav", 25)
    parts = media_parts([a, b])
    assert [p.offset for p in parts] == [0.0, 6.0]
    engine = ScriptedEngine()
    segments, language, prob = run_engine(engine, parts, TranscribeOptions(), NullReporter())
    # 6 s file = one window; 25 s file = windows of about 10 s (no pause to cut at).
    assert len(segments) == len(engine.languages) >= 3
    assert segments[0].start == 0.5 and segments[1].start == 6.5
    assert segments[2].start > 15.0
    assert [s.id for s in segments] == list(range(len(segments)))
    assert segments[1].words[0].start == 6.5
    # The language found in the first window with speech is kept for the rest.
    assert language == "zh" and prob == 0.9
    assert engine.languages[0] is None and set(engine.languages[1:]) == {"zh"}


def test_a_window_that_hits_the_decode_time_bound_is_reported(tmp_path: Path) -> None:
    parts = media_parts([_tone(tmp_path / "a.wav", 25)])
    engine = ScriptedEngine(slow_window=2)
    reporter = NullReporter()
    run_engine(engine, parts, TranscribeOptions(language="en"), reporter)
    assert all(d is not None for d in engine.deadlines)
    assert any("took too long" in w for w in reporter.warnings)


def test_other_stages_get_the_configured_engine_and_model(tmp_path: Path) -> None:
    from livegen.config import load_config
    from livegen.transcribe.api import default_options

    cfg = load_config(
        cwd=tmp_path, env={"LIVEGEN_TRANSCRIBE_MODEL": "tiny.en", "LIVEGEN_TRANSCRIBE_THREADS": "2"}
    )
    o = default_options(cfg, language="en")
    assert (o.engine, o.model, o.threads, o.language) == ("faster-whisper", "tiny.en", 2, "en")
    api = default_options(cfg, engine="openai-api")
    assert api.model is None  # the API engine then uses whisper-1
