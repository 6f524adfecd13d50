"""Candidate windows on sentence boundaries, their scores, and overlap suppression.

A window always starts at a segment's start and ends at a segment's end, so a clip never
cuts a sentence. Every window between `min` and `max` seconds is scored in one vectorised
pass with prefix sums (a window's signal value is its mean over the window).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from livegen.highlights.grid import hop_of
from livegen.highlights.profile import Profile

if TYPE_CHECKING:
    import numpy as np

    from livegen.schemas.transcript import Segment

CHAT_SIGNALS = ("chat_rate", "chat_intent", "chat_sentiment")


@dataclass
class Candidate:
    first: int  # index of the first segment
    last: int  # index of the last segment (inclusive)
    start: float
    end: float
    score: float = 0.0
    signals: dict[str, float] = field(default_factory=dict)  # name -> weighted contribution
    category: str = "moment"
    product: str | None = None

    @property
    def duration(self) -> float:
        return self.end - self.start

    def overlaps(self, other: Candidate, tolerance: float = 0.0) -> bool:
        return min(self.end, other.end) - max(self.start, other.start) > tolerance


def enumerate_windows(segments: list[Segment], min_s: float, max_s: float) -> list[tuple[int, int]]:
    """(first, last) segment pairs whose span lies within [min_s, max_s]."""
    pairs: list[tuple[int, int]] = []
    for i, first in enumerate(segments):
        for j in range(i, len(segments)):
            dur = segments[j].end - first.start
            if dur > max_s:
                break
            if dur >= min_s:
                pairs.append((i, j))
    return pairs


class Scorer:
    """Window means of every weighted signal, from prefix sums (O(1) per window)."""

    def __init__(self, arrays: dict[str, np.ndarray], categories: dict[str, np.ndarray],
                 profile: Profile) -> None:
        import numpy as np

        self.profile = profile
        self.prefix = {k: np.concatenate([[0.0], np.cumsum(np.nan_to_num(v))])
                       for k, v in arrays.items() if profile.weights.get(k, 0.0) != 0.0}
        self.cat_prefix = {k: np.concatenate([[0.0], np.cumsum(v)])
                           for k, v in categories.items()}

    def _means(self, prefix: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (prefix[b] - prefix[a]) / (b - a)

    def score(self, segments: list[Segment], pairs: list[tuple[int, int]],
              extra: dict[str, np.ndarray] | None = None) -> list[Candidate]:
        import numpy as np

        if not pairs:
            return []
        idx = np.array(pairs)
        starts = np.array([segments[i].start for i in idx[:, 0]])
        ends = np.array([segments[j].end for j in idx[:, 1]])
        n = len(next(iter(self.cat_prefix.values()))) - 1 if self.cat_prefix else 0
        a = np.clip(np.array([hop_of(s) for s in starts]), 0, max(0, n - 1))
        b = np.clip(np.array([hop_of(e) for e in ends]), a + 1, max(1, n))
        contrib: dict[str, np.ndarray] = {}
        for name, prefix in self.prefix.items():
            contrib[name] = self.profile.weights[name] * self._means(prefix, a, b)
        for name, arr in (extra or {}).items():
            contrib[name] = arr
        total = sum(contrib.values()) if contrib else np.zeros(len(pairs))
        cat_means = {c: self.profile.category_weight(c) * self._means(p, a, b)
                     for c, p in self.cat_prefix.items()}
        out = []
        for k, (i, j) in enumerate(pairs):
            sig = {name: round(float(v[k]), 4) + 0.0 for name, v in contrib.items()}
            out.append(Candidate(i, j, float(starts[k]), float(ends[k]), float(total[k]), sig,
                                 _category(sig, {c: float(m[k]) for c, m in cat_means.items()})))
        return out


def _category(signals: dict[str, float], cats: dict[str, float]) -> str:
    """The strongest cue category; chat- or sound-driven windows are `interaction`."""
    best = max(cats.items(), key=lambda kv: kv[1], default=("moment", 0.0))
    chat = sum(signals.get(k, 0.0) for k in CHAT_SIGNALS)
    if best[1] >= 0.05 and best[0] != "interaction":
        return best[0]
    if best[1] >= 0.05 or chat > 0.1 or signals.get("bursts", 0.0) > 0.1:
        return "interaction"
    return "moment"


def suppress(cands: list[Candidate], top: int, tolerance: float = 0.0) -> list[Candidate]:
    """Greedy non-maximum suppression: the best window wins, overlapping ones are dropped."""
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-c.score, c.start)):
        if all(not c.overlaps(k, tolerance) for k in kept):
            kept.append(c)
            if len(kept) >= top:
                break
    return kept
