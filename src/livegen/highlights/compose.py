"""Offline titles, hooks and one-line reasons, from the phrase templates in compose.yaml.

The hook is the window's strongest sentence (most cue hits, ties to the earliest), so it is
always something the host actually said. The title names the product when one is known
(per-category templates); without one it quotes the strongest sentence, cut at a word edge,
instead of filling a product slot with a stand-in word ("The this deal", "这款：…"). A
template whose wording claims a signal (`needs: chat`, `needs: sales`) is used only when that
signal is strong in the window, so a title never claims data that was not measured.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml

from livegen.resources import data_path

SIGNAL_WORDS = {
    "cues": "sales phrases",
    "product": "product named",
    "energy": "louder than usual",
    "excitement": "animated voice",
    "bursts": "cheer/laughter burst",
    "pace": "fast talk",
    "chat_rate": "chat spike",
    "chat_intent": "buying comments",
    "chat_sentiment": "happy chat",
    "sales": "orders spiked after",
    "motion": "on-camera action",
    "scene_cuts": "scene cuts",
    "faces": "host close to camera",
}
HOOK_CHARS = {"en": 90, "zh": 28}
TITLE_CHARS = {"en": 48, "zh": 16}
# What a `needs:` claim rests on, and how strong it must be in the window.
CLAIMS = {"chat": ("chat_rate", "chat_intent"), "sales": ("sales",)}
CLAIM_MIN = 0.3
NEUTRAL = {"en": "A moment worth a second look", "zh": "值得回看的一段"}
_TRAIL = " ,;:，。；：、.!?！？…"


@functools.cache
def _templates() -> dict[str, Any]:
    data = yaml.safe_load(data_path("highlights", "compose.yaml").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def shorten(text: str, lang: str, limit: int | None = None) -> str:
    """`text` cut to `limit` characters at a word edge (jieba for Chinese), with `…`."""
    limit = limit or HOOK_CHARS.get(lang, 90)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if lang == "zh":
        from livegen.captions import chinese_words

        out = ""
        for w in chinese_words(text):
            if len(out) + len(w) > limit - 1:
                break
            out += w
        return (out or text[: limit - 1]).rstrip(_TRAIL) + "…"
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(_TRAIL) + "…"


def _claims_hold(needs: str | None, signals: dict[str, float] | None) -> bool:
    if not needs:
        return True
    keys = CLAIMS.get(needs)
    if keys is None or not signals:
        return False
    return max(signals.get(k, 0.0) for k in keys) >= CLAIM_MIN


def _entries(pool: Any, signals: dict[str, float] | None) -> list[str]:
    out = []
    for e in pool or []:
        text, needs = (e.get("text", ""), e.get("needs")) if isinstance(e, dict) else (e, None)
        if text and _claims_hold(needs, signals):
            out.append(str(text))
    return out


def compose(
    category: str,
    sentences: list[str],
    hits: list[int],
    product: str | None,
    lang: str,
    seed: int = 0,
    avoid: set[str] | None = None,
    signals: dict[str, float] | None = None,
) -> tuple[str, str]:
    """(title, hook) for a window; `hits` counts cue phrases per sentence. A title already
    in `avoid` (given to a higher-ranked window) is skipped while another template is left."""
    tpl = _templates().get(lang) or _templates()["en"]
    if sentences:
        k = max(range(len(sentences)), key=lambda i: (hits[i] if i < len(hits) else 0, -i))
        strongest = sentences[k]
    else:
        strongest = ""
    phrase = shorten(strongest, lang) if strongest else ""
    quoted = shorten(strongest, lang, TITLE_CHARS.get(lang, 48)).rstrip(_TRAIL) if strongest else ""
    if product:
        pool = _entries(tpl["titles"].get(category), signals) or _entries(
            tpl["titles"]["moment"], signals
        )
    else:
        pool = _entries(tpl["said"].get(category), signals) or _entries(
            tpl["said"]["default"], signals
        )
    options = []
    for k in range(len(pool)):
        t = pool[(seed + k) % len(pool)]
        if "{phrase}" in t and not quoted:
            continue
        t = t.format(product=product or "", phrase=quoted).strip()
        options.append(t[0].upper() + t[1:] if lang == "en" and t else t)
    options = options or [NEUTRAL.get(lang, NEUTRAL["en"])]
    title = next((t for t in options if t not in (avoid or set())), options[0])
    hook = tpl["hooks"]["default"].format(phrase=phrase, product=product or "")
    return title.strip(), hook.strip()


def reason(signals: dict[str, float], category: str, cue_words: list[str]) -> str:
    """One line: the cue category, its phrases, and the strongest other signals."""
    parts = []
    if cue_words:
        words = list(dict.fromkeys(w.lower() for w in cue_words))
        shown = ", ".join(words[:5]) + (", …" if len(words) > 5 else "")
        parts.append(f"{category.replace('_', ' ')}: {shown}")
    others = sorted(((v, k) for k, v in signals.items() if k != "cues" and v > 0.05), reverse=True)[
        :3
    ]
    parts += [SIGNAL_WORDS.get(k, k) for _, k in others]
    negatives = [k for k, v in signals.items() if v < -0.05]
    if negatives:
        parts.append(
            "penalised: " + ", ".join("dead air" if k == "pauses" else k for k in negatives)
        )
    return "; ".join(parts) or "strongest remaining window"
