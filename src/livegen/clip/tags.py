"""Tags (hashtags without the `#`) for a clip: product and spec keywords first, then the
terms the host repeats most inside the clip."""

from __future__ import annotations

import re
from collections import Counter

from livegen.schemas.spec import ProductSpec

_STOP = {
    "this",
    "that",
    "with",
    "have",
    "just",
    "your",
    "they",
    "what",
    "will",
    "there",
    "here",
    "really",
    "very",
    "about",
    "from",
    "into",
    "them",
    "then",
    "than",
    "when",
    "which",
    "would",
    "because",
    "going",
    "it's",
    "i'm",
    "you're",
    "don't",
    "like",
    "know",
    "some",
    "okay",
}
_CJK_STOP = {
    "我们",
    "你们",
    "他们",
    "这个",
    "那个",
    "就是",
    "一个",
    "然后",
    "因为",
    "所以",
    "大家",
    "可以",
    "没有",
    "什么",
    "现在",
    "的话",
    "真的",
    "非常",
    "今天",
    "还是",
}
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9'\-]{3,}")


def frequent_terms(text: str, limit: int = 3) -> list[str]:
    """Repeated words (Latin) and repeated 2-4 character runs (Chinese), most frequent first."""
    counts: Counter[str] = Counter()
    for w in _LATIN.findall(text):
        lw = w.lower()
        if lw not in _STOP:
            counts[lw] += 1
    for run in _CJK_RUN.findall(text):
        for n in (4, 3, 2):
            for i in range(len(run) - n + 1):
                gram = run[i : i + n]
                if gram not in _CJK_STOP:
                    counts[gram] += 1
    # A fragment ("保温") mostly said as part of a longer term ("保温杯") is that term.
    for term in list(counts):
        if any(
            term in other and other != term and counts[other] >= 0.7 * counts[term]
            for other in counts
        ):
            counts[term] = 0
    picked: list[str] = []
    for term, c in sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])):
        if c < 2:
            break
        if any(term in p or p in term for p in picked):
            continue
        picked.append(term)
        if len(picked) >= limit:
            break
    return picked


def clip_tags(
    *, product: str | None, spec: ProductSpec | None, text: str, limit: int = 6
) -> list[str]:
    tags: list[str] = []
    if product:
        tags.append(product)
    if spec is not None:
        tags += [spec.name, spec.brand, *spec.keywords]
    tags += frequent_terms(text)
    seen: dict[str, str] = {}
    for t in tags:
        t = re.sub(r"\s+", "", t.strip().lstrip("#"))
        if t and t.lower() not in seen:
            seen[t.lower()] = t
    return list(seen.values())[:limit]
