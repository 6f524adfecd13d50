"""Cut the decoded audio of one or more files into windows that end in a pause.

A whole recording never sits in memory: ffmpeg streams 16 kHz mono PCM in 30-s chunks,
and only one window (a few minutes) is held at a time. Each window ends at the quietest
moment near its nominal end, so a word is rarely cut in half at a window boundary.
Windows never span two files; each knows its offset on the joined timeline.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from livegen.media.audio import SAMPLE_RATE, pcm_chunks
from livegen.schemas.transcript import MediaPart

if TYPE_CHECKING:
    import numpy as np

FRAME = 0.05  # seconds per RMS frame when looking for a pause


@dataclass
class Window:
    offset: float  # seconds on the joined timeline
    audio: np.ndarray  # float32 mono at SAMPLE_RATE
    part: int  # index of the file it came from

    @property
    def duration(self) -> float:
        return len(self.audio) / SAMPLE_RATE


def quietest_cut(audio: np.ndarray, lo: int, hi: int) -> int:
    """Sample index of the quietest 50-ms frame between `lo` and `hi` (its middle)."""
    import numpy as np

    frame = int(FRAME * SAMPLE_RATE)
    span = audio[lo:hi]
    n = len(span) // frame
    if n < 2:
        return hi
    energy = (span[: n * frame].reshape(n, frame) ** 2).mean(axis=1)
    # Prefer the later of equally quiet frames: longer windows, fewer boundaries.
    best = int(n - 1 - np.argmin(energy[::-1]))
    return lo + best * frame + frame // 2


def audio_windows(
    parts: Sequence[MediaPart], window_seconds: float = 240.0, search_seconds: float = 15.0
) -> Iterator[Window]:
    import numpy as np

    want = int(window_seconds * SAMPLE_RATE)
    search = int(min(search_seconds, window_seconds / 3) * SAMPLE_RATE)
    for index, part in enumerate(parts):
        pending: list[np.ndarray] = []
        buffered = 0
        consumed = 0  # samples of this part already yielded
        for chunk in pcm_chunks(part.path, chunk_seconds=30.0):
            pending.append(chunk)
            buffered += len(chunk)
            while buffered >= want + search:
                audio = np.concatenate(pending)
                cut = quietest_cut(audio, want - search, want + search)
                yield Window(part.offset + consumed / SAMPLE_RATE, audio[:cut].copy(), index)
                consumed += cut
                rest = audio[cut:]
                pending, buffered = [rest], len(rest)
        if buffered:
            audio = np.concatenate(pending)
            if len(audio) >= int(0.1 * SAMPLE_RATE) or consumed == 0:
                yield Window(part.offset + consumed / SAMPLE_RATE, audio, index)
