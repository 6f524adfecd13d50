"""Where a window has speech, found on this machine the same way for every engine.

The word-timing repair and the re-decode of missed speech need to know where the voice
is. Engines differ in what they can say about that (faster-whisper has a voice-activity
detector, openai-whisper and a remote API do not), so the answer comes from one place:
the Silero voice-activity detector that faster-whisper ships (an ONNX file inside the
package, no model hub), and short-time energy over the window's own floor where that
package is not installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from livegen.transcribe.coverage import Span
from livegen.transcribe.timing import energy_spans

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16_000
MIN_SILENCE_MS = 500  # two stretches closer than this are one


def silero_available() -> bool:
    try:
        import faster_whisper.vad  # noqa: F401
    except ImportError:
        return False
    return True


def speech_spans(audio: np.ndarray) -> list[Span]:
    """Speech stretches of 16 kHz mono `audio`, in seconds from its start."""
    if not silero_available():
        return energy_spans(audio)
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    chunks = get_speech_timestamps(audio, VadOptions(min_silence_duration_ms=MIN_SILENCE_MS))
    return [(c["start"] / SAMPLE_RATE, c["end"] / SAMPLE_RATE) for c in chunks]


def speech_only(audio: np.ndarray) -> np.ndarray:
    """The speech of `audio` joined, pauses cut out (what language identification hears)."""
    import numpy as np

    spans = speech_spans(audio)
    pieces = [audio[int(a * SAMPLE_RATE) : int(b * SAMPLE_RATE)] for a, b in spans]
    pieces = [p for p in pieces if len(p)]
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
