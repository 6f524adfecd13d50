"""Order and weight the selling points for the personas a stream speaks to.

A persona angle is more than a name in the greeting: the points a persona ranks as
priorities come first and get full segments with a line about the persona's pain,
while points nobody in the audience cares about shrink to a brief mention.
"""

from __future__ import annotations

from dataclasses import dataclass

from livegen.schemas.spec import Persona, ProductSpec, SellingPoint
from livegen.script.similarity import jaccard


@dataclass(frozen=True)
class RankedPoint:
    point: SellingPoint
    score: float
    persona: Persona | None  # the chosen persona this point serves best
    featured: bool  # full segment (True) or brief mention (False)


def _affinity(point: SellingPoint, persona: Persona) -> float:
    score = 0.0
    titles = [t.casefold() for t in persona.priorities]
    if point.title.casefold() in titles:
        score += 10.0 * (len(titles) - titles.index(point.title.casefold()))
    if persona.name.casefold() in (p.casefold() for p in point.personas):
        score += 4.0
    text = f"{point.title} {point.detail}"
    for pain in persona.pains:
        if jaccard(pain, text) > 0.08:
            score += 2.0
    return score


def rank_points(spec: ProductSpec, personas: list[Persona]) -> list[RankedPoint]:
    """Selling points in the order the audience should hear them."""
    if not personas:
        by_name = {p.name.casefold(): p for p in spec.personas}
        return [
            RankedPoint(sp, 0.0, by_name.get(sp.personas[0].casefold()) if sp.personas else None,
                        True)
            for sp in spec.selling_points
        ]
    scored: list[tuple[float, int, SellingPoint, Persona | None]] = []
    for index, sp in enumerate(spec.selling_points):
        # Earlier personas weigh more: the first --persona is the main audience.
        contributions = [(_affinity(sp, p) * (1.0 - 0.2 * i), p) for i, p in enumerate(personas)]
        total = sum(c for c, _ in contributions)
        best = max(contributions, key=lambda cp: cp[0])
        scored.append((total, index, sp, best[1] if best[0] > 0 else None))
    scored.sort(key=lambda t: (-t[0], t[1]))
    top = scored[0][0]
    ranked = []
    for position, (score, _, sp, persona) in enumerate(scored):
        featured = position < 2 or (top > 0 and score >= 0.3 * top)
        ranked.append(RankedPoint(sp, score, persona, featured))
    return ranked
