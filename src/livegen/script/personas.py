"""Order and weight the selling points for the personas a stream speaks to.

A persona angle is more than a name in the greeting: the points a persona ranks as
priorities come first and get full segments, and each of the persona's pains is matched
*by meaning* to the selling point that answers it (shared words, shared character pairs
for Chinese, and the synonym groups of the phrase bank, e.g. 起皮 ~ 保湿 ~ 干), so the
segment that answers a pain is the one that says so. Points nobody in the audience cares
about shrink to a brief mention.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from livegen.schemas.spec import Persona, ProductSpec, SellingPoint
from livegen.text import has_cjk

_EN_WORD = re.compile(r"[a-z0-9]+")
_EN_STOP = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "from",
        "your",
        "you",
        "my",
        "our",
        "it",
        "its",
        "is",
        "are",
        "be",
        "that",
        "this",
        "at",
        "by",
        "as",
        "into",
        "who",
        "which",
        "when",
        "what",
        "than",
        "then",
        "so",
        "do",
        "does",
        "don't",
        "not",
        "no",
        "up",
        "down",
    }
)
_ZH_STOP = frozenset("的了是在和与也就都很把被让给一个这那有")


@dataclass(frozen=True)
class RankedPoint:
    point: SellingPoint
    score: float
    persona: Persona | None  # the chosen persona this point serves best
    featured: bool  # full segment (True) or brief mention (False)
    pains: tuple[str, ...] = field(default=())  # persona pains this point answers


def _stem(word: str) -> str:
    for suffix in ("ing", "es", "s", "ed"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=4096)
def tokens(text: str) -> frozenset[str]:
    """Meaning-bearing units: words (en, stemmed) or words and character pairs (zh)."""
    low = text.casefold()
    out = {_stem(w) for w in _EN_WORD.findall(low) if w not in _EN_STOP}
    if has_cjk(low):
        from livegen.segmenter import jieba

        words = [w for w in jieba().lcut(low) if w.strip() and w not in _ZH_STOP]
        out |= {w for w in words if has_cjk(w)}
        chars = [c for c in low if "\u4e00" <= c <= "\u9fff" and c not in _ZH_STOP]
        out |= {chars[i] + chars[i + 1] for i in range(len(chars) - 1)}
    return frozenset(out)


def expand(units: frozenset[str] | set[str], synonyms: Sequence[Sequence[str]]) -> set[str]:
    """Add every member of a synonym group any unit touches (a unit contains a member)."""
    out = set(units)
    text = " ".join(units)
    for group in synonyms:
        members = [str(m).casefold() for m in group]
        if any(m in units or (len(m) > 1 and m in text) for m in members):
            out |= set(members)
    return out


def meaning_overlap(a: str, b: str, synonyms: Sequence[Sequence[str]] = ()) -> float:
    """How much of `a` is about `b`: shared units over `a`'s units, synonyms included."""
    groups = tuple(tuple(str(m) for m in g) for g in synonyms)
    ta, tb = _expanded(a, groups), _expanded(b, groups)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta)


@lru_cache(maxsize=4096)
def _expanded(text: str, synonyms: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    return frozenset(expand(tokens(text), synonyms))


def _point_text(point: SellingPoint) -> str:
    return f"{point.title} {point.detail} {point.demo}"


def _matches(name: str, names: Iterable[str]) -> int | None:
    key = name.strip().casefold()
    for i, n in enumerate(names):
        if n.strip().casefold() == key:
            return i
    return None


def pain_answers(
    spec: ProductSpec, persona: Persona, synonyms: Sequence[Sequence[str]] = ()
) -> dict[str, SellingPoint]:
    """Each pain of the persona → the selling point that answers it (when one does)."""
    out: dict[str, SellingPoint] = {}
    for pain in persona.pains:
        if not pain.strip():
            continue
        scored = []
        for index, sp in enumerate(spec.selling_points):
            score = meaning_overlap(pain, _point_text(sp), synonyms)
            rank = _matches(sp.title, persona.priorities)
            if rank is not None:
                score += 0.05 * (len(persona.priorities) - rank)
            if _matches(persona.name, sp.personas) is not None:
                score += 0.05
            scored.append((score, -index, sp))
        best = max(scored, key=lambda t: (t[0], t[1]))
        if best[0] >= 0.15:
            out[pain] = best[2]
    return out


def _affinity(
    point: SellingPoint,
    persona: Persona,
    answers: dict[str, SellingPoint],
    synonyms: Sequence[Sequence[str]],
) -> float:
    score = 0.0
    rank = _matches(point.title, persona.priorities)
    if rank is not None:
        score += 10.0 * (len(persona.priorities) - rank)
    if _matches(persona.name, point.personas) is not None:
        score += 4.0
    score += 3.0 * sum(1 for sp in answers.values() if sp is point)
    score += 2.0 * meaning_overlap(persona.description, _point_text(point), synonyms)
    return score


def rank_points(
    spec: ProductSpec, personas: list[Persona], synonyms: Sequence[Sequence[str]] = ()
) -> list[RankedPoint]:
    """Selling points in the order the audience should hear them."""
    if not personas:
        by_name = {p.name.casefold(): p for p in spec.personas}
        out = []
        for sp in spec.selling_points:
            persona = next(
                (by_name[n.casefold()] for n in sp.personas if n.casefold() in by_name), None
            )
            pains: tuple[str, ...] = ()
            if persona is not None:
                pains = tuple(
                    pain
                    for pain, point in pain_answers(spec, persona, synonyms).items()
                    if point is sp
                )
            out.append(RankedPoint(sp, 0.0, persona, True, pains))
        return out
    answers = {p.name: pain_answers(spec, p, synonyms) for p in personas}
    scored: list[tuple[float, int, SellingPoint, Persona | None, tuple[str, ...]]] = []
    for index, sp in enumerate(spec.selling_points):
        # Earlier personas weigh more: the first --persona is the main audience.
        contributions = [
            (_affinity(sp, p, answers[p.name], synonyms) * (1.0 - 0.2 * i), p)
            for i, p in enumerate(personas)
        ]
        total = sum(c for c, _ in contributions)
        best = max(contributions, key=lambda cp: cp[0])
        persona = best[1] if best[0] > 0 else None
        pains = (
            tuple(pain for pain, point in answers[persona.name].items() if point is sp)
            if persona
            else ()
        )
        scored.append((total, index, sp, persona, pains))
    scored.sort(key=lambda t: (-t[0], t[1]))
    top = scored[0][0]
    ranked = []
    for position, (score, _, sp, persona, pains) in enumerate(scored):
        featured = position < 2 or (top > 0 and score >= 0.3 * top)
        ranked.append(RankedPoint(sp, score, persona, featured, pains))
    return ranked
