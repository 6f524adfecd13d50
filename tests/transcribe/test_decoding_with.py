"""One decode with other options, and the engine's own options back after it."""

from __future__ import annotations

from typing import Any

import pytest

from livegen.transcribe.api import decoding_with
from livegen.transcribe.options import TranscribeOptions


class _Local:
    name = "fake"
    window_seconds = 240.0
    model_label = model_identity = "fake"

    def __init__(self) -> None:
        self.options = TranscribeOptions(hotwords=("达摩院",), initial_prompt="直播间")

    def transcribe_window(self, audio: Any, *, language: str | None, deadline: float | None) -> Any:
        raise NotImplementedError


class _Remote:
    name = "remote"
    window_seconds = 600.0
    model_label = model_identity = "remote"

    def transcribe_window(self, audio: Any, *, language: str | None, deadline: float | None) -> Any:
        raise NotImplementedError


def test_the_options_change_for_the_block_and_come_back_after_it() -> None:
    engine = _Local()
    own = engine.options
    with decoding_with(engine, hotwords=(), initial_prompt=None) as inside:
        assert inside is engine.options
        assert engine.options.hotwords == () and engine.options.initial_prompt is None
        assert engine.options.beam_size == own.beam_size
    assert engine.options is own


def test_the_options_come_back_when_the_decode_raises() -> None:
    engine = _Local()
    own = engine.options
    with pytest.raises(RuntimeError), decoding_with(engine, temperature_fallback=False):
        raise RuntimeError("decode failed")
    assert engine.options is own


def test_an_engine_without_options_decodes_as_it_always_does() -> None:
    engine = _Remote()
    with decoding_with(engine, hotwords=()) as inside:
        assert inside is None
    assert not hasattr(engine, "options")
