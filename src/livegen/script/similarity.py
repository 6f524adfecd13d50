"""Near-duplicate detection for short texts in any script (CJK or Latin)."""

from __future__ import annotations

import re

_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def bigrams(text: str) -> set[str]:
    """Character bigrams of the text without spaces and punctuation, case-folded."""
    s = _DROP.sub("", text.casefold())
    if len(s) < 2:
        return {s} if s else set()
    return {s[i : i + 2] for i in range(len(s) - 1)}


def jaccard(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x and not y:
        return 1.0
    return len(x & y) / len(x | y)


def is_near_duplicate(text: str, others: list[str], threshold: float = 0.6) -> bool:
    return any(jaccard(text, o) >= threshold for o in others)
