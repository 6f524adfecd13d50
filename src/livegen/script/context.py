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
from livegen.script.speech import first_person, join_naturally, spoken_label, spoken_value
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


_CLAUSE = re.compile(r"[，,；;](?=\s*\S{4,})")
_HOST = {"主播本人": "我", "主播自己": "我", "主播": "我"}


def point_ctx(point: SellingPoint, host: dict[str, str] | None = None) -> dict[str, Any]:
    """A selling point as speech: the host's demo in the first person, detail in clauses."""
    host = _HOST if host is None else host
    detail = strip_end(first_person(point.detail, host))
    clauses = [strip_end(c) for c in _CLAUSE.split(detail) if strip_end(c)]
    return {
        "title": strip_end(point.title),
        "detail": detail,
        "demo": strip_end(first_person(point.demo, host)),
        "clauses": clauses,
        "lead": clauses[0] if clauses else "",
        "more": clauses[1:] if len(clauses) > 1 else [],
    }


def persona_ctx(
    persona: Persona | None, language: str, frames: dict[str, list[str]] | None = None
) -> dict[str, Any] | None:
    if persona is None:
        return None
    description = strip_end(persona.description) or persona.name
    pains = [strip_end(p) for p in persona.pains if p.strip()]
    sep = "、" if language == "zh" else ", "
    name = persona.name.strip()
    article = "an" if name[:1].lower() in "aeiou" else "a"
    text = f"{name} {description}".casefold()
    frame = next(
        (
            kind
            for kind, words in (frames or {}).items()
            if any(str(w).casefold() in text for w in words)
        ),
        "",
    )
    return {
        "name": name,
        "description": description,
        "a_name": f"{article} {lower_first(name)}",
        "pain": pains[0] if pains else description,
        "pains": pains,
        "pains_text": sep.join(pains),
        "frame": frame,
    }


_DURATION = re.compile(
    r"(\d+|[一两二三四五六七八九十]+)\s*(个月|个星期|周|天|months?|weeks?|days?)"
)
_ZH_NUM = {
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def usage_days(spec_texts: list[str]) -> int | None:
    """How many days one unit lasts, when a spec line says so ("能用两个月", "lasts 60 days")."""
    for text in spec_texts:
        if not re.search(r"能用|可用|可以用|用上|能吃|可以吃|lasts?\b|good for", text):
            continue
        m = _DURATION.search(text)
        if not m:
            continue
        raw, unit = m.group(1), m.group(2)
        n = int(raw) if raw.isdigit() else _ZH_NUM.get(raw, 0)
        days = n * (
            30
            if unit.startswith(("个月", "month"))
            else 7
            if unit.startswith(("个星期", "周", "week"))
            else 1
        )
        if days >= 2:
            return days
    return None


def proof_ctx(proof: Proof, language: str) -> dict[str, Any]:
    issuer = strip_end(proof.issuer)
    if language == "zh":
        prefix = f"{issuer}的" if issuer else ""
        note = f"，由{issuer}出具" if issuer else ""
    else:
        prefix = f"{issuer}'s " if issuer else ""
        article = "" if not issuer or issuer[0].isupper() or issuer.startswith("the ") else "the "
        note = f" from {article}{issuer}" if issuer else ""
    short = strip_end(proof.name)
    return {
        "name": short,
        "issuer": issuer,
        "number": proof.number,
        "short": short,
        "kind": proof.kind,
        "issuer_prefix": prefix,
        "issuer_note": note,
        "claims": list(proof.claims),
        "number_text": "",
    }


def proofs_for(point: SellingPoint, proofs: list[Proof]) -> list[Proof]:
    """Proof items whose `claims` name this selling point (or a phrase inside it)."""
    title = point.title.casefold()
    return [
        p
        for p in proofs
        if any(c.strip() and (c.casefold() in title or title in c.casefold()) for c in p.claims)
    ]


def base_context(
    res: Resolved,
    ranked: list[RankedPoint],
    words: dict[str, Any],
    category_words: dict[str, str],
    sep: str,
    last: str,
) -> dict[str, Any]:
    spec, lang = res.spec, res.language
    name = spec.name.strip()
    brand = spec.brand.strip()
    full = (
        name
        if not brand or brand.casefold() in name.casefold()
        else (f"{brand}{name}" if lang == "zh" else f"{brand} {name}")
    )
    has_promo = spec.promo_price is not None and spec.promo_price < spec.price
    price = price_text(spec.price, spec.currency, lang)
    promo = price_text(spec.promo_price, spec.currency, lang) if has_promo else price
    save = (
        price_text(round(spec.price - spec.promo_price, 2), spec.currency, lang)
        if has_promo and spec.promo_price is not None
        else ""
    )
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
    has_offer = bool(
        spec.offer.coupon.strip()
        or gifts
        or spec.offer.stock
        or spec.offer.limit_per_order
        or spec.offer.ends.strip()
    )
    labels = dict(words.get("spec_labels", {}) or {})
    facts = [
        {"key": spoken_label(k, labels), "value": strip_end(spoken_value(v, lang))}
        for k, v in spec.specs.items()
        if strip_end(spoken_value(v, lang))
    ]
    specs_items = facts[:3]
    if lang == "zh":
        specs_text = "，".join(f"{f['key']}是{f['value']}" for f in specs_items)
    else:
        specs_text = "; ".join(f"{lower_first(f['key'])} is {f['value']}" for f in specs_items)
    primary = res.personas[0] if res.personas else None
    frames = dict(words.get("persona_frames", {}) or {})
    noun = (
        strip_end(spec.noun)
        if getattr(spec, "noun", "")
        else product_noun(name, lang, category_words.get(spec.category, ""))
    )
    days = usage_days([sp.detail for sp in spec.selling_points])
    live_price = spec.promo_price if has_promo and spec.promo_price is not None else spec.price
    per_day = price_text(round(live_price / days, 1), spec.currency, lang) if days else ""
    coupon = strip_end(spec.offer.coupon)
    coupon_amount = _amount(coupon)
    included = bool(
        has_promo
        and coupon_amount
        and spec.promo_price is not None
        and abs((spec.price - spec.promo_price) - coupon_amount) < 0.01
    )
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
        "persona": persona_ctx(primary, lang, frames),
        "personas": [persona_ctx(p, lang, frames) for p in res.personas],
        "audience": join_naturally(
            [
                p.name if lang == "zh" else persona_ctx(p, lang)["a_name"]  # type: ignore[index]
                for p in (res.personas or spec.personas)
            ][:3],
            lang,
        ),
        "noun": noun,
        "facts": facts,
        "per_day": per_day,
        "usage_days": days or "",
        "coupon_included": included,
        "coupon_claimable": bool(coupon) and not included and _claimable(coupon),
        "tonight": _tonight(spec.offer.ends),
        "story_short": story_short,
        "has_story": bool(story),
        "poll_a": titles[0],
        "poll_b": titles[1] if len(titles) > 1 else titles[0],
    }


_AMOUNT = re.compile(
    r"(?:减|立减|省|优惠|off|save)\s*[¥$€£]?\s*(\d+(?:\.\d+)?)"
    r"|[¥$€£](\d+(?:\.\d+)?)\s*off|(\d+(?:\.\d+)?)\s*元"
)


def _amount(text: str) -> float | None:
    """The money off an offer line states ("直播间专属券减60元" → 60); None for a percentage."""
    if "%" in text or "折" in text:
        return None
    m = _AMOUNT.search(text)
    if not m:
        return None
    return float(next(g for g in m.groups() if g))


def _claimable(coupon: str) -> bool:
    """Only a real coupon is something to "claim"; a direct 立减 or a discount is not."""
    low = coupon.casefold()
    return any(w in low for w in ("券", "coupon", "code", "voucher"))


def _tonight(ends: str) -> bool:
    low = ends.casefold()
    return any(w in low for w in ("今晚", "今天", "tonight", "today", "midnight"))


def product_noun(name: str, language: str, fallback: str) -> str:
    """What a host calls the product in passing: the head noun of its name."""
    name = re.sub(
        r"[\d.]+\s*(kg|g|ml|l|克|毫升|公斤|斤|升|片|粒|支|瓶|袋)\b", "", name, flags=re.IGNORECASE
    ).strip()
    if language == "zh":
        from livegen.segmenter import jieba

        words = [w for w in jieba().lcut(name) if w.strip() and not w.isascii()]
        for w in reversed(words):
            if len(w) >= 2:
                return w
        return fallback or name
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", name)]
    if not words:
        return fallback or name
    head = words[-1]
    return head if any(c.isupper() for c in head[1:]) else head.lower()
