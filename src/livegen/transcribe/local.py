"""Language identification for every engine, done on this machine when the engine can't.

The whole-recording language vote (`livegen.transcribe.language`) needs a detector that
gives language probabilities for one window of audio. faster-whisper and openai-whisper
have their own (Whisper's language token on the window's speech). A remote
`audio/transcriptions` endpoint has none: it detects once per upload, on a 10-minute
window, and answers with one name and no probability. For it, the detector is Whisper on
this machine (faster-whisper with the configured local model, or `base`), when its
package and weights are installed; otherwise there is no detector and the expected
language (spec, config, chat) or the API's own per-upload detection decides. Which one
was used is said on stderr.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from livegen.errors import LivegenError
from livegen.transcribe.language import Detector

if TYPE_CHECKING:
    from livegen.config import Config
    from livegen.transcribe.engines.base import Engine
    from livegen.transcribe.options import TranscribeOptions

FALLBACK_MODEL = "base"  # multilingual, shipped as PyPI packages


@dataclass(frozen=True)
class LanguageDetector:
    detect: Detector | None
    source: str  # "engine", "local" or "none"
    label: str = ""  # the local model, for the stderr note


def language_detector(
    engine: Engine, options: TranscribeOptions, config: Config | None
) -> LanguageDetector:
    """The engine's own detector, else a local Whisper one, else none."""
    own = getattr(engine, "detect_language", None)
    if callable(own):
        return LanguageDetector(own, "engine")
    if config is None:
        return LanguageDetector(None, "none")
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        return LanguageDetector(None, "none", "faster-whisper is not installed")
    from livegen.transcribe.engines.faster_whisper import FasterWhisperEngine

    configured = str(config.get("transcribe.model") or FALLBACK_MODEL)
    names = [n for n in dict.fromkeys((configured, FALLBACK_MODEL)) if not n.endswith(".en")]
    why = ""
    for name in names:
        local = replace(
            options,
            engine="faster-whisper",
            model=name,
            hotwords=(),
            initial_prompt=None,
            allow_download=False,
        )
        try:
            fw = FasterWhisperEngine(local, config)
        except LivegenError as exc:
            why = exc.message
            continue
        return LanguageDetector(fw.detect_language, "local", f"Whisper {fw.model_label}")
    return LanguageDetector(None, "none", why or "no multilingual local model")
