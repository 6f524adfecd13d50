"""Audio energy and excitement from one streaming decode of the whole recording.

Loudness only means something relative to the stream itself (mic gain and room differ per
host), so every measure is compared with a rolling median of the same stream.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from livegen.highlights.grid import HOP, clip01, n_hops, rolling_median

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16_000
BASELINE_SECONDS = 180.0  # the "usual" loudness is the median of the surrounding 3 minutes
SILENCE_DB = -60.0


@dataclass
class AudioSignals:
    level_db: np.ndarray  # RMS level per hop, dBFS
    baseline_db: np.ndarray
    energy: np.ndarray  # louder than usual, 0..1 (12 dB above baseline = 1)
    excitement: np.ndarray  # more energy variance than usual within the hop, 0..1
    bursts: np.ndarray  # loud broadband (noise-like) hops: laughter, cheers, applause


def _hop_features(block: np.ndarray, hop: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per hop: RMS dB, std of 50 ms sub-frame dB, spectral flatness."""
    import numpy as np

    frames = block.reshape(-1, hop)
    eps = 1e-10
    rms = np.sqrt(np.mean(frames * frames, axis=1) + eps)
    db = 20 * np.log10(rms + eps)
    sub = frames.reshape(frames.shape[0], 10, hop // 10)
    sub_db = 10 * np.log10(np.mean(sub * sub, axis=2) + eps)
    var = np.std(np.maximum(sub_db, SILENCE_DB), axis=1)
    spec = np.abs(np.fft.rfft(frames * np.hanning(hop), axis=1)) ** 2 + eps
    flat = np.exp(np.mean(np.log(spec), axis=1)) / np.mean(spec, axis=1)
    return db, var, flat


def audio_signals(
    chunks: Iterable[np.ndarray],
    duration: float,
    on_progress: Callable[[float], None] | None = None,
) -> AudioSignals:
    """Consume 16 kHz mono chunks once; memory is a few floats per half second."""
    import numpy as np

    hop = int(SAMPLE_RATE * HOP)
    dbs: list[np.ndarray] = []
    vars_: list[np.ndarray] = []
    flats: list[np.ndarray] = []
    carry = np.zeros(0, dtype=np.float32)
    done = 0.0
    for chunk in chunks:
        data = np.concatenate([carry, chunk]) if carry.size else chunk
        whole = (data.size // hop) * hop
        if whole:
            d, v, f = _hop_features(data[:whole], hop)
            dbs.append(d)
            vars_.append(v)
            flats.append(f)
        carry = data[whole:]
        done += chunk.size / SAMPLE_RATE
        if on_progress:
            on_progress(done)
    if carry.size:
        d, v, f = _hop_features(np.pad(carry, (0, hop - carry.size)), hop)
        dbs.append(d)
        vars_.append(v)
        flats.append(f)
    n = n_hops(duration)

    def fit(parts: list[np.ndarray], fill: float) -> np.ndarray:
        arr = np.concatenate(parts) if parts else np.zeros(0)
        out = np.full(n, fill)
        out[: min(n, arr.size)] = arr[:n]
        return out

    db = np.maximum(fit(dbs, SILENCE_DB - 40), SILENCE_DB - 40)
    var = fit(vars_, 0.0)
    flat = fit(flats, 0.0)
    voiced = db > SILENCE_DB
    base = rolling_median(np.where(voiced, db, SILENCE_DB), BASELINE_SECONDS)
    base = np.maximum(base, SILENCE_DB)
    energy = clip01((db - base) / 12.0) * voiced
    var_base = rolling_median(var, BASELINE_SECONDS)
    excitement = clip01((var - var_base) / 6.0) * voiced
    bursts = clip01((db - base - 3.0) / 9.0) * clip01((flat - 0.05) / 0.15) * voiced
    return AudioSignals(db, base, energy, excitement, bursts)


def stream_audio(paths: Sequence[str | os.PathLike[str]]) -> Iterable[np.ndarray]:
    """All files of one stream decoded in order (the whole recording's audio, once)."""
    from livegen.media.audio import pcm_chunks

    for p in paths:
        yield from pcm_chunks(p, chunk_seconds=60.0)
