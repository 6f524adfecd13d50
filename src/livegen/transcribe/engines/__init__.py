"""Engine registry: `--engine NAME` picks a factory here (imports stay lazy)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from livegen.errors import UsageError

if TYPE_CHECKING:
    from livegen.config import Config
    from livegen.transcribe.engines.base import Engine
    from livegen.transcribe.options import TranscribeOptions

Factory = Callable[["TranscribeOptions", "Config"], "Engine"]


def _faster_whisper(options: TranscribeOptions, config: Config) -> Engine:
    from livegen.transcribe.engines.faster_whisper import FasterWhisperEngine

    return FasterWhisperEngine(options, config)


def _openai_whisper(options: TranscribeOptions, config: Config) -> Engine:
    from livegen.transcribe.engines.openai_whisper import OpenAIWhisperEngine

    return OpenAIWhisperEngine(options, config)


def _openai_api(options: TranscribeOptions, config: Config) -> Engine:
    from livegen.transcribe.engines.openai_api import OpenAIAPIEngine

    return OpenAIAPIEngine(options, config)


ENGINES: dict[str, Factory] = {
    "faster-whisper": _faster_whisper,
    "openai-whisper": _openai_whisper,
    "openai-api": _openai_api,
}


def create_engine(options: TranscribeOptions, config: Config) -> Engine:
    try:
        factory = ENGINES[options.engine]
    except KeyError:
        raise UsageError(
            f"unknown engine '{options.engine}' (choose from {', '.join(ENGINES)})"
        ) from None
    return factory(options, config)
