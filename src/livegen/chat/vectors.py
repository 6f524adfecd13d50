"""TF-IDF over n-grams and average-linkage clustering, in plain numpy.

Why not scikit-learn: it is a large dependency for two small algorithms, and the
inputs here are modest (the distinct questions of one stream, at most a few thousand).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from livegen.chat.text import features

if TYPE_CHECKING:
    import numpy as np


class TfIdf:
    """Sublinear-tf, smoothed-idf TF-IDF with L2-normalised rows.

    Fitted on every text that will be compared (questions, topic examples, FAQ questions)
    so they share one vector space. n-grams seen in a single text still count towards that
    text's norm but are dropped as columns: they can never add to a similarity.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        self._bags = [features(t) for t in texts]
        df: Counter[str] = Counter()
        for bag in self._bags:
            df.update(bag.keys())
        n = len(self._bags)
        self.idf = {g: math.log((1 + n) / (1 + c)) + 1.0 for g, c in df.items()}
        shared = sorted(g for g, c in df.items() if c >= 2)
        self.columns = {g: i for i, g in enumerate(shared)}
        self._cache: dict[int, np.ndarray] = {}

    def _row(self, bag: Counter[str]) -> np.ndarray:
        import numpy as np

        row = np.zeros(len(self.columns), dtype=np.float32)
        norm2 = 0.0
        for g, tf in bag.items():
            w = (1.0 + math.log(tf)) * self.idf.get(g, 1.0)
            norm2 += w * w
            col = self.columns.get(g)
            if col is not None:
                row[col] = w
        if norm2 > 0:
            row /= math.sqrt(norm2)
        return row

    def matrix(self, start: int = 0, stop: int | None = None) -> np.ndarray:
        """Rows for the fitted texts [start:stop]."""
        import numpy as np

        bags = self._bags[start:stop]
        if not bags:
            return np.zeros((0, len(self.columns)), dtype=np.float32)
        return np.vstack([self._row(b) for b in bags])

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        if not texts:
            return np.zeros((0, len(self.columns)), dtype=np.float32)
        return np.vstack([self._row(features(t)) for t in texts])


def unit_rows(m: np.ndarray) -> np.ndarray:
    import numpy as np

    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms == 0, 1.0, norms)


def average_linkage(
    sim: np.ndarray, threshold: float, weights: Sequence[float] | None = None
) -> list[list[int]]:
    """Agglomerative clustering: merge the two most similar clusters while their average
    (weighted) pairwise similarity is at least `threshold`.

    Keeps a per-row best-partner cache so a merge costs O(n) in the usual case instead of
    a full O(n²) rescan; the cluster-to-cluster similarities follow Lance–Williams.
    """
    import numpy as np

    n = sim.shape[0]
    if n == 0:
        return []
    s = sim.astype(np.float64, copy=True)
    np.fill_diagonal(s, -np.inf)
    size = np.array(weights if weights is not None else [1.0] * n, dtype=np.float64)
    alive = np.ones(n, dtype=bool)
    members: list[list[int]] = [[i] for i in range(n)]
    best = s.argmax(axis=1)
    best_val = s[np.arange(n), best]
    while True:
        masked = np.where(alive, best_val, -np.inf)
        i = int(masked.argmax())
        if masked[i] < threshold:
            break
        j = int(best[i])
        # merge j into i
        wi, wj = size[i], size[j]
        merged = (wi * s[i] + wj * s[j]) / (wi + wj)
        s[i, :] = merged
        s[:, i] = merged
        s[i, i] = -np.inf
        s[j, :] = -np.inf
        s[:, j] = -np.inf
        size[i] = wi + wj
        alive[j] = False
        members[i].extend(members[j])
        members[j] = []
        best_val[j] = -np.inf
        row = np.where(alive, s[i], -np.inf)
        best[i] = int(row.argmax())
        best_val[i] = row[best[i]]
        # rows whose best partner was i or j, or that now prefer the new cluster
        stale = alive & ((best == i) | (best == j))
        stale[i] = False
        for k in np.flatnonzero(stale):
            rk = np.where(alive, s[k], -np.inf)
            best[k] = int(rk.argmax())
            best_val[k] = rk[best[k]]
        better = alive & (s[:, i] > best_val)
        better[i] = False
        best[better] = i
        best_val[better] = s[better, i]
    return [sorted(m) for m in members if m]
