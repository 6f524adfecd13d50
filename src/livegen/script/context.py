"""The template variables derived from a spec, shared by every template and phrase.

Everything a line may say comes from here, and everything here comes from the spec:
that is what keeps the offline composer from inventing claims.
"""

from __future__ import annotations

import re
from typing import Any

from livegen.schemas.spec import Persona, Proof, SellingPoint
from livegen.script.options import Resolved
from livegen.script.personas import RankedPoint
from livegen.templating import lower_first, money

_TRAILING = re.compile(r"[\s。．.！!？?；;，,、]+$")
_SENTENCE = {"zh": re.compile(r"(?<=[。！？!?])"), "en": re.compile(r"(?<=[.!?])\s+")}


def strip_end(text: str) -> str:
    """Spec fragments end without punctuation so phrases can add their own."""
    return _TRAILING.sub("", text.strip())


def sentences(text: str, language: str) -> list[str]:
    parts = _SENTENCE.get(language, _SENTENCE["en"]).split(text.strip())
    return [p.strip() for p in parts if p.strip()]


def join_list(items: list[str], sep: str, last: str) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return sep.join(items[:-1]) + last + items[-1]


def price_text(value: float | None, currency: str, language: str) -> str:
    if value is None:
        return ""
    if language == "zh" and currency.upper() in ("CNY", "RMB"):
        return f"{value:.2f}".rstrip("0").rstrip(".") + "元"
    return money(value, currency)


def point_ctx(point: SellingPoint) -> dict[str, Any]:
    return {"title": strip_end(point.title), "detail": strip_end(point.detail),
            "demo": strip_end(point.demo)}


def persona_ctx(persona: Persona | None, language: str) -> dict[str, Any] | None:
    if persona is None:
        return None
    description = strip_end(persona.description) or persona.name
    pains = [strip_end(p) for p in persona.pains if p.strip()]
    sep = "、" if language == "zh" else ", "
    return {"name": persona.name, "description": description,
            "pain": pains[0] if pains else description, "pains_text": sep.join(pains)}


def proof_ctx(proof: Proof, language: str) -> dict[str, Any]:
    issuer = strip_end(proof.issuer)
    if language == "zh":
        prefix = f"{issuer}的" if issuer else ""
        note = f"，由{issuer}出具" if issuer else ""
    else:
        prefix = f"{issuer}'s " if issuer else ""
        article = "" if not issuer or issuer[0].isupper() or issuer.startswith("the ") \
            else "the "
        note = f" from {article}{issuer}" if issuer else ""
    short = strip_end(proof.name)
    return {"name": short, "issuer": issuer, "number": proof.number, "short": short,
            "kind": proof.kind, "issuer_prefix": prefix, "issuer_note": note,
            "claims": list(proof.claims), "number_text": ""}


def proofs_for(point: SellingPoint, proofs: list[Proof]) -> list[Proof]:
    """Proof items whose `claims` name this selling point (or a phrase inside it)."""
    title = point.title.casefold()
    return [p for p in proofs
            if any(c.strip() and (c.casefold() in title or title in c.casefold())
                   for c in p.claims)]


def base_context(res: Resolved, ranked: list[RankedPoint], words: dict[str, Any],
                 category_words: dict[str, str], sep: str, last: str) -> dict[str, Any]:
    spec, lang = res.spec, res.language
    name = spec.name.strip()
    brand = spec.brand.strip()
    full = name if not brand or brand.casefold() in name.casefold() else (
        f"{brand}{name}" if lang == "zh" else f"{brand} {name}")
    has_promo = spec.promo_price is not None and spec.promo_price < spec.price
    price = price_text(spec.price, spec.currency, lang)
    promo = price_text(spec.promo_price, spec.currency, lang) if has_promo else price
    save = price_text(round(spec.price - spec.promo_price, 2), spec.currency, lang) \
        if has_promo and spec.promo_price is not None else ""
    titles = [strip_end(r.point.title) for r in ranked]
    listed = titles if lang == "zh" else [lower_first(t) for t in titles]
    gifts = [strip_end(g) for g in spec.offer.gifts if g.strip()]
    gift_prefix = words.get("gift_prefix", "")
    offer_parts = [strip_end(spec.offer.coupon)] if spec.offer.coupon.strip() else []
    if gifts:
        offer_parts.append(gift_prefix + join_list(gifts, sep, last))
    offer_sep = "，" if lang == "zh" else ", "
    promo_line = str(words.get("promo_line", "{promo}")).format(promo=promo) if has_promo else ""
    deal = offer_sep.join(offer_parts) if offer_parts else promo_line
    has_offer = bool(spec.offer.coupon.strip() or gifts or spec.offer.stock
                     or spec.offer.limit_per_order or spec.offer.ends.strip())
    specs_items = list(spec.specs.items())[:3]
    if lang == "zh":
        specs_text = "，".join(f"{k}是{strip_end(v)}" for k, v in specs_items)
    else:
        specs_text = "; ".join(f"{k}: {strip_end(v)}" for k, v in specs_items)
    primary = res.personas[0] if res.personas else None
    story = sentences(spec.story, lang)
    story_short = strip_end(story[0]) if story else ""
    platform = res.platform
    return {
        "lang": lang,
        "style": res.style,
        "platform": platform.name,
        "platform_label": platform.label,
        "cart": platform.cart_cta.get(lang) or next(iter(platform.cart_cta.values()), ""),
        "product": name,
        "product_short": name,
        "brand": brand,
        "brand_prefix": brand or ("我们家" if lang == "zh" else "our"),
        "full_name": full,
        "category": spec.category,
        "category_word": category_words.get(spec.category, category_words.get("general", "")),
        "price": price,
        "promo": promo,
        "save": save,
        "has_promo": has_promo,
        "promo_or_price": promo if has_promo else price,
        "currency": spec.currency,
        "top": titles[0],
        "points": titles,
        "points_count": min(3, len(titles)),
        "points_text": join_list(listed[:3], sep, last),
        "specs_text": specs_text,
        "offer": {
            "coupon": strip_end(spec.offer.coupon),
            "gifts_text": join_list(gifts, sep, last),
            "gift": gifts[0] if gifts else "",
            "stock": spec.offer.stock or "",
            "limit": spec.offer.limit_per_order or "",
            "ends": strip_end(spec.offer.ends),
            "giveaway": strip_end(spec.offer.giveaway),
        },
        "offer_line": deal,  # empty when the spec has neither a promo price nor an offer
        "offer_first": offer_parts[0] if offer_parts else promo_line,
        "has_deal": bool(deal),
        "has_offer": has_offer,
        "persona": persona_ctx(primary, lang),
        "personas": [persona_ctx(p, lang) for p in res.personas],
        "story_short": story_short,
        "has_story": bool(story),
        "poll_a": titles[0],
        "poll_b": titles[1] if len(titles) > 1 else titles[0],
    }
