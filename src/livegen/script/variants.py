"""Title and call-to-action variants for A/B tests, one angle per variant.

Candidates come from the `title.<angle>` / `cta.<angle>` phrase slots rendered for every
selling point and proof; an angle the spec cannot back (no promo price → no price angle,
no stock or deadline → no scarcity) is skipped rather than faked. Candidates over the
platform's length limit, or too similar to one already chosen (character-bigram Jaccard)
are dropped, and so are offline candidates carrying forbidden or absolute terms (a chat
model's suggestions have been through the linter and its rewrite before they get here).
Angles take turns so the first six variants cover six different angles when the spec
allows.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from livegen.errors import LivegenError
from livegen.schemas.script import Variant
from livegen.script import honesty
from livegen.script.context import point_ctx
from livegen.script.similarity import is_near_duplicate

ANGLES = ("benefit", "curiosity", "price", "scarcity", "social_proof", "story")
NEAR_DUPLICATE = 0.6


def text_length(text: str) -> int:
    """Characters as platforms count them (a CJK character and a letter both count 1)."""
    return len(text)


def _pruned(value: Any) -> Any:
    """Drop empty values so a phrase needing a missing fact fails instead of reading badly."""
    if isinstance(value, dict):
        return {k: _pruned(v) for k, v in value.items() if v not in ("", None, [], {})}
    return value


def available_angles(composer: Any) -> list[str]:
    spec = composer.res.spec
    has = {
        "benefit": True,
        "curiosity": True,
        "price": composer.ctx["has_promo"],
        "scarcity": bool(spec.offer.stock or spec.offer.ends.strip()),
        "social_proof": bool(spec.proof),
        "story": bool(spec.story.strip()),
    }
    return [a for a in ANGLES if has[a]]


def candidates(composer: Any, kind: str, angle: str) -> list[str]:
    """Every distinct rendering of the angle's phrases over points and proofs."""
    base = _pruned(composer.ctx)
    points = [point_ctx(r.point) for r in composer.ranked]
    proofs = composer.proofs or [None]
    out: list[str] = []
    for phrase in composer.bank.variants(f"{kind}.{angle}"):
        # Only vary what the phrase uses: each failed render costs a traceback rewrite.
        for point in points if "point" in phrase else points[:1]:
            for proof in proofs if "proof" in phrase else proofs[:1]:
                context = {**base, "point": _pruned(point)}
                if proof is not None:
                    context["proof"] = _pruned(proof)
                try:
                    text = composer.bank.render(phrase, context, f"{kind}.{angle}")
                except LivegenError:
                    continue  # the phrase needs a fact this spec does not have
                text = " ".join(text.split())
                if text and text not in out:
                    out.append(text)
    return out


def pick_variants(
    composer: Any, kind: str, n: int, limit: int, extra: Iterable[Variant] = ()
) -> list[Variant]:
    """Up to `n` variants, angles in turn, each within `limit` and unlike the others."""
    rng = random.Random(f"livegen:{composer.res.seed}:{kind}")
    forbidden = composer.res.spec.forbidden_claims
    pools: dict[str, list[str]] = {}
    for v in extra:  # LLM suggestions go first, then the offline phrases fill in
        pools.setdefault(v.angle, []).append(v.text.strip())
    for angle in available_angles(composer):
        offline = [
            t for t in candidates(composer, kind, angle) if not honesty.violates(t, forbidden)
        ]
        rng.shuffle(offline)
        pools.setdefault(angle, []).extend(offline)
    order = [a for a in ANGLES if pools.get(a)]
    chosen: list[Variant] = []
    texts: list[str] = []
    while len(chosen) < n and any(pools.get(a) for a in order):
        for angle in order:
            if len(chosen) >= n:
                break
            pool = pools[angle]
            while pool:
                text = pool.pop(0)
                if 0 < text_length(text) <= limit and not is_near_duplicate(
                    text, texts, NEAR_DUPLICATE
                ):
                    chosen.append(Variant(text=text, angle=angle))  # type: ignore[arg-type]
                    texts.append(text)
                    break
    return chosen
