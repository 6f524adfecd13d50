"""The shared time grid and the few array operations every signal needs.

A 2-hour stream is 14,400 half-second hops: per-hop arrays are tiny, so signals are kept
as whole-stream arrays while the media itself is only ever streamed.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

HOP = 0.5  # seconds per grid cell


def n_hops(duration: float) -> int:
    return max(1, math.ceil(duration / HOP))


def hop_of(t: float) -> int:
    return max(0, int(t / HOP))


def smooth(values: np.ndarray, seconds: float) -> np.ndarray:
    """Centred moving average over `seconds` (a box filter via cumulative sums)."""
    import numpy as np

    k = max(1, round(seconds / HOP))
    if k <= 1 or values.size == 0:
        return values.astype(np.float64)
    pad_l, pad_r = k // 2, k - 1 - k // 2
    padded = np.pad(values.astype(np.float64), (pad_l, pad_r), mode="edge")
    c = np.concatenate([[0.0], np.cumsum(padded)])
    return (c[k:] - c[:-k]) / k


def rolling_median(values: np.ndarray, seconds: float, step_seconds: float = 10.0) -> np.ndarray:
    """Median over a centred window of `seconds`, evaluated every `step_seconds` and
    interpolated, so the cost and memory stay linear in the stream's length."""
    import numpy as np

    n = values.size
    if n == 0:
        return values.astype(np.float64)
    half = max(1, round(seconds / HOP / 2))
    step = max(1, round(step_seconds / HOP))
    centres = np.arange(0, n, step)
    if centres[-1] != n - 1:
        centres = np.append(centres, n - 1)
    meds = np.array([np.median(values[max(0, c - half) : c + half + 1]) for c in centres])
    return np.interp(np.arange(n), centres, meds)


def credit_back(values: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Give each moment the strongest *later* response: out[t] = max_l kernel[l]·values[t+l].

    Chat and orders react to what the host said after a delay; this moves the response
    back onto the moment that caused it.
    """
    import numpy as np

    n = values.size
    out = np.zeros(n, dtype=np.float64)
    for lag, w in enumerate(kernel):
        if w <= 0 or lag >= n:
            continue
        shifted = values[lag:] * w
        np.maximum(out[: n - lag], shifted, out=out[: n - lag])
    return out


def lag_kernel(points: list[tuple[float, float]], max_seconds: float) -> np.ndarray:
    """A piecewise-linear weight per lag hop from (seconds, weight) points."""
    import numpy as np

    lags = np.arange(0, max_seconds + HOP / 2, HOP)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return np.interp(lags, xs, ys, left=0.0, right=0.0)


def clip01(values: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.clip(values, 0.0, 1.0)
