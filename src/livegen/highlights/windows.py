"""Candidate windows on sentence boundaries, their scores, and overlap suppression.

A window always starts at a segment's start and ends at a segment's end, so a clip never
cuts a sentence. When the transcript is weak or sparse, windows on a time grid are added
(`grid_windows`), snapped outwards to the edges of any segment they would cut, so the
non-speech signals can carry moments the transcript missed. Every window between `min` and
`max` seconds is scored in one vectorised pass with prefix sums (a window's signal value is
its mean over the window).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from livegen.highlights.grid import HOP
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


@dataclass
class Windows:
    """Candidate windows as parallel arrays: the segments fully inside each (`first` >
    `last` when none is) and its start and end in seconds."""

    first: np.ndarray
    last: np.ndarray
    start: np.ndarray
    end: np.ndarray

    def __len__(self) -> int:
        return int(self.start.size)

    def subset(self, mask: np.ndarray) -> Windows:
        return Windows(self.first[mask], self.last[mask], self.start[mask], self.end[mask])

    def plus(self, other: Windows) -> Windows:
        """Both sets, without a window of `other` that repeats one of `self`."""
        import numpy as np

        have = set(
            zip(np.round(self.start, 3).tolist(), np.round(self.end, 3).tolist(), strict=True)
        )
        new = np.array(
            [
                (a, b) not in have
                for a, b in zip(
                    np.round(other.start, 3).tolist(), np.round(other.end, 3).tolist(), strict=True
                )
            ],
            dtype=bool,
        )
        o = other.subset(new) if len(other) else other
        return Windows(
            *(
                np.concatenate([x, y])
                for x, y in zip(
                    (self.first, self.last, self.start, self.end),
                    (o.first, o.last, o.start, o.end),
                    strict=True,
                )
            )
        )


def segment_windows(segments: list[Segment], min_s: float, max_s: float) -> Windows:
    """Every run of whole segments lasting between `min_s` and `max_s`."""
    import numpy as np

    pairs = window_pairs(segments, min_s, max_s)
    starts = np.array([s.start for s in segments] or [0.0])
    ends = np.array([s.end for s in segments] or [0.0])
    if not len(pairs):
        z = np.zeros(0)
        return Windows(pairs[:, 0], pairs[:, 1], z, z.copy())
    return Windows(pairs[:, 0], pairs[:, 1], starts[pairs[:, 0]], ends[pairs[:, 1]])


def grid_step(min_s: float) -> float:
    """Seconds between grid window starts: a quarter of the shortest window, on hops."""
    return max(HOP, round(min_s / 4 / HOP) * HOP)


def grid_windows(segments: list[Segment], duration: float, min_s: float, max_s: float) -> Windows:
    """Windows on a time grid (a start every `grid_step`, lengths from `min_s` to `max_s`),
    not tied to segments; an edge falling inside a segment moves out to that segment's
    edge so a clip still never cuts a recognised sentence."""
    import numpy as np

    step = grid_step(min_s)
    n_len = max(1, min(8, int((max_s - min_s) / step) + 1))
    lengths = np.unique(np.linspace(min_s, max_s, n_len))
    starts = np.arange(0.0, max(0.0, duration - min_s) + 1e-6, step)
    a = np.repeat(starts, lengths.size)
    b = np.minimum(a + np.tile(lengths, starts.size), duration)
    seg_s = np.array([s.start for s in segments], dtype=np.float64)
    seg_e = np.array([s.end for s in segments], dtype=np.float64)
    if seg_s.size:
        i = np.searchsorted(seg_s, a, side="right") - 1  # segment starting at or before a
        inside = (i >= 0) & (a < seg_e[np.clip(i, 0, None)])
        a = np.where(inside, seg_s[np.clip(i, 0, None)], a)
        j = np.searchsorted(seg_s, b, side="left") - 1  # segment starting before b
        inside = (j >= 0) & (b < seg_e[np.clip(j, 0, None)])
        b = np.where(inside, seg_e[np.clip(j, 0, None)], b)
    dur = b - a
    ok = (dur >= min_s - 1e-6) & (dur <= max_s + 1e-6) & (b <= duration + 1e-6)
    a, b = a[ok], b[ok]
    keys = np.unique(np.round(np.stack([a, b], axis=1), 3), axis=0).reshape(-1, 2)
    a, b = keys[:, 0], keys[:, 1]
    first = np.searchsorted(seg_s, a - 1e-6, side="left").astype(np.int32)
    last = (np.searchsorted(seg_e, b + 1e-6, side="right") - 1).astype(np.int32)
    return Windows(first, last, a, b)


@dataclass
class Scored:
    """Every candidate window as parallel arrays; `Candidate` objects are built only for the
    few windows that are kept, so memory stays small on long streams."""

    first: np.ndarray
    last: np.ndarray
    start: np.ndarray
    end: np.ndarray
    total: np.ndarray
    contrib: dict[str, np.ndarray]
    cats: dict[str, np.ndarray]

    def __len__(self) -> int:
        return int(self.total.size)

    def candidate(self, k: int) -> Candidate:
        sig = {name: round(float(v[k]), 4) + 0.0 for name, v in self.contrib.items()}
        cats = {c: float(m[k]) for c, m in self.cats.items()}
        return Candidate(
            int(self.first[k]),
            int(self.last[k]),
            float(self.start[k]),
            float(self.end[k]),
            float(self.total[k]),
            sig,
            _category(sig, cats),
        )

    def subset(self, mask: np.ndarray) -> Scored:
        return Scored(
            self.first[mask],
            self.last[mask],
            self.start[mask],
            self.end[mask],
            self.total[mask],
            {k: v[mask] for k, v in self.contrib.items()},
            {k: v[mask] for k, v in self.cats.items()},
        )

    def within(self, spans: list[tuple[float, float]]) -> np.ndarray:
        """Mask of windows lying entirely inside one of the sorted, disjoint `spans`."""
        import numpy as np

        if not spans:
            return np.zeros(len(self), dtype=bool)
        lo = np.array([a for a, _ in spans])
        hi = np.array([b for _, b in spans])
        i = np.searchsorted(lo, self.start + 1e-6, side="right") - 1
        ok = i >= 0
        i = np.clip(i, 0, None)
        return ok & (self.end <= hi[i] + 1e-6)


def window_pairs(segments: list[Segment], min_s: float, max_s: float) -> np.ndarray:
    """`enumerate_windows` as an (n, 2) integer array."""
    import numpy as np

    pairs = enumerate_windows(segments, min_s, max_s)
    return np.array(pairs, dtype=np.int32).reshape(-1, 2)


class Scorer:
    """Window means of every weighted signal, from prefix sums (O(1) per window)."""

    def __init__(
        self, arrays: dict[str, np.ndarray], categories: dict[str, np.ndarray], profile: Profile
    ) -> None:
        import numpy as np

        self.profile = profile
        self.prefix = {
            k: np.concatenate([[0.0], np.cumsum(np.nan_to_num(v))])
            for k, v in arrays.items()
            if profile.weights.get(k, 0.0) != 0.0
        }
        self.cat_prefix = {k: np.concatenate([[0.0], np.cumsum(v)]) for k, v in categories.items()}

    def _means(self, prefix: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (prefix[b] - prefix[a]) / (b - a)

    def score(self, segments: list[Segment], pairs: np.ndarray) -> Scored:
        import numpy as np

        seg_start = np.array([s.start for s in segments] or [0.0])
        seg_end = np.array([s.end for s in segments] or [0.0])
        first = pairs[:, 0]
        last = pairs[:, 1]
        starts = seg_start[first] if len(pairs) else np.zeros(0)
        ends = seg_end[last] if len(pairs) else np.zeros(0)
        return self.score_windows(Windows(first, last, starts, ends))

    def score_windows(self, windows: Windows) -> Scored:
        import numpy as np

        first, last, starts, ends = windows.first, windows.last, windows.start, windows.end
        n = len(next(iter(self.cat_prefix.values()))) - 1 if self.cat_prefix else 1
        a = np.clip((starts / HOP).astype(np.int64), 0, max(0, n - 1))
        b = np.clip((ends / HOP).astype(np.int64), a + 1, max(1, n))
        contrib = {
            name: self.profile.weights[name] * self._means(prefix, a, b)
            for name, prefix in self.prefix.items()
        }
        total = np.zeros(len(windows))
        for v in contrib.values():
            total = total + v
        cats = {
            c: self.profile.category_weight(c) * self._means(p, a, b)
            for c, p in self.cat_prefix.items()
        }
        return Scored(first, last, starts, ends, total, contrib, cats)


def _category(signals: dict[str, float], cats: dict[str, float]) -> str:
    """The strongest cue category; chat- or sound-driven windows are `interaction`."""
    best = max(cats.items(), key=lambda kv: kv[1], default=("moment", 0.0))
    chat = sum(signals.get(k, 0.0) for k in CHAT_SIGNALS)
    if best[1] >= 0.05 and best[0] != "interaction":
        return best[0]
    if best[1] >= 0.05 or chat > 0.1 or signals.get("bursts", 0.0) > 0.1:
        return "interaction"
    return "moment"


def suppress(
    scored: Scored, top: int, tolerance: float = 0.0, floor: float | None = None
) -> list[Candidate]:
    """Greedy non-maximum suppression: the best window wins, overlapping ones are dropped;
    with a `floor`, only windows scoring above it are kept."""
    import numpy as np

    kept: list[Candidate] = []
    for k in np.lexsort((scored.start, -scored.total)):
        if floor is not None and scored.total[k] <= floor:
            break
        s, e = float(scored.start[k]), float(scored.end[k])
        if all(min(e, c.end) - max(s, c.start) <= tolerance for c in kept):
            kept.append(scored.candidate(int(k)))
            if len(kept) >= top:
                break
    return kept
