"""Signals from what was said: cue phrases by category, product mentions, pace, pauses.

All come from the transcript alone (one pass over its segments), so they cost nothing
next to decoding media and work even when the recording is audio-only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from livegen.highlights.cues import CATEGORIES, CueBank
from livegen.highlights.grid import HOP, clip01, hop_of, n_hops, smooth
from livegen.text import match_key

if TYPE_CHECKING:
    import numpy as np

    from livegen.schemas.transcript import Transcript

PAUSE_SECONDS = 1.5  # silence longer than this inside a window counts as dead air


@dataclass(frozen=True)
class ProductTerms:
    """How one product is recognised in speech: its name and keywords."""

    name: str
    terms: tuple[str, ...]

    def pattern(self) -> re.Pattern[str]:
        parts = []
        keyed = {match_key(t) for t in self.terms if t and t.strip()}
        for t in sorted((k for k in keyed if k), key=len, reverse=True):
            esc = re.escape(t).replace(r"\ ", r"\s+")
            if re.match(r"[A-Za-z0-9]", t) and re.search(r"[A-Za-z0-9]$", t):
                esc = rf"(?<![A-Za-z0-9]){esc}(?![A-Za-z0-9])"
            parts.append(esc)
        return re.compile("|".join(parts), re.IGNORECASE)


@dataclass
class SpeechSignals:
    categories: dict[str, np.ndarray]  # cue strength per category, 0..1
    product: np.ndarray  # any product mentioned, 0..1
    per_product: dict[str, np.ndarray]  # product name -> mention strength
    pace: np.ndarray  # speech faster than the host's usual rate, 0..1
    pauses: np.ndarray  # 1 where dead air longer than PAUSE_SECONDS
    speaking: np.ndarray  # 1 where someone speaks
    segment_hits: list[dict[str, list[str]]] = field(default_factory=list)
    segment_products: list[list[str]] = field(default_factory=list)


def _strength(n: int) -> float:
    """1 hit → 0.5, 2 → 0.75, 3 → 0.875: more cues help, with diminishing returns."""
    return 1.0 - 0.5**n


def _word_spans(transcript: Transcript) -> list[tuple[float, float]]:
    """Word (start, end) times; segments without word times get evenly spread tokens."""
    spans: list[tuple[float, float]] = []
    cjk = transcript.language in {"zh", "ja", "ko", "yue"}
    for seg in transcript.segments:
        if seg.words:
            spans.extend((w.start, w.end) for w in seg.words)
            continue
        tokens = [c for c in seg.text if not c.isspace()] if cjk else seg.text.split()
        n = max(1, len(tokens))
        step = max(seg.end - seg.start, 0.0) / n
        spans.extend((seg.start + i * step, seg.start + (i + 1) * step) for i in range(n))
    return spans


def speech_signals(
    transcript: Transcript, bank: CueBank, products: list[ProductTerms], duration: float
) -> SpeechSignals:
    import numpy as np

    n = n_hops(duration)
    cats = {c: np.zeros(n) for c in CATEGORIES}
    for c in bank.categories:
        cats.setdefault(c, np.zeros(n))
    per_product = {p.name: np.zeros(n) for p in products}
    patterns = [(p.name, p.pattern()) for p in products if p.terms]
    hits_all: list[dict[str, list[str]]] = []
    prods_all: list[list[str]] = []
    for seg in transcript.segments:
        a, b = hop_of(seg.start), min(n, hop_of(seg.end) + 1)
        hits = bank.match(seg.text)
        key = match_key(seg.text)  # product names match Traditional/full-width mentions
        hits_all.append(hits)
        for cat, found in hits.items():
            np.maximum(cats[cat][a:b], _strength(len(found)), out=cats[cat][a:b])
        named = []
        for name, pat in patterns:
            k = len(pat.findall(key))
            if k:
                named.append(name)
                np.maximum(per_product[name][a:b], _strength(k), out=per_product[name][a:b])
        prods_all.append(named)
    product = np.zeros(n)
    for arr in per_product.values():
        np.maximum(product, arr, out=product)

    counts = np.zeros(n)
    speaking = np.zeros(n)
    for s, e in _word_spans(transcript):
        mid = hop_of((s + e) / 2)
        if mid < n:
            counts[mid] += 1
        speaking[hop_of(s) : min(n, hop_of(e) + 1)] = 1.0
    rate = smooth(counts / HOP, 4.0)
    talking = rate[speaking > 0]
    usual = float(np.median(talking)) if talking.size else 0.0
    pace = clip01((rate / usual - 1.0) / 0.5) * speaking if usual > 0 else np.zeros(n)

    pauses = np.zeros(n)
    silent = speaking == 0
    run = max(1, round(PAUSE_SECONDS / HOP))
    i = 0
    while i < n:
        if silent[i]:
            j = i
            while j < n and silent[j]:
                j += 1
            if j - i >= run:
                pauses[i:j] = 1.0
            i = j
        else:
            i += 1
    return SpeechSignals(cats, product, per_product, pace, pauses, speaking, hits_all, prods_all)
