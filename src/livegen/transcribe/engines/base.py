"""The small protocol every transcription engine implements.

An engine turns one window of 16 kHz mono audio into segments timed from the window's
start; the driver in `livegen.transcribe.api` does the windowing, the timeline offsets,
the language lock, the repetition post-filter and the caching, identically for all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from livegen.schemas.transcript import Segment

if TYPE_CHECKING:
    import numpy as np

    from livegen.transcribe.deadline import DecodeDeadline


@dataclass
class WindowResult:
    segments: list[Segment] = field(default_factory=list)
    language: str | None = None
    language_probability: float | None = None
    stopped_early: bool = False  # the decode-time bound was hit


class Engine(Protocol):
    name: str
    window_seconds: float  # preferred window length

    @property
    def model_label(self) -> str:
        """The model name recorded in the transcript."""
        ...

    @property
    def model_identity(self) -> str:
        """Identifies the weights for the cache key."""
        ...

    # Engines may also define `load(self) -> None` to load weights before the first window.

    def transcribe_window(
        self, audio: np.ndarray, *, language: str | None, deadline: DecodeDeadline | None
    ) -> WindowResult:
        """Segments with times relative to the window start.

        Once `deadline.passed()` (`livegen.transcribe.deadline`: decoding time counted
        in CPU seconds, not wall time) decoding should stop and return what it has
        (`stopped_early=True`).
        """
        ...
