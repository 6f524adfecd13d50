"""Offline titles, hooks and one-line reasons, from the phrase templates in compose.yaml.

The hook is the window's strongest sentence (most cue hits, ties to the earliest), so it is
always something the host actually said; the title comes from a per-category template.
"""

from __future__ import annotations

import functools
from typing import Any

import yaml

from livegen.resources import data_path

SIGNAL_WORDS = {
    "cues": "sales phrases", "product": "product named", "energy": "louder than usual",
    "excitement": "animated voice", "bursts": "cheer/laughter burst", "pace": "fast talk",
    "chat_rate": "chat spike", "chat_intent": "buying comments", "chat_sentiment": "happy chat",
    "sales": "orders spiked after", "motion": "on-camera action", "scene_cuts": "scene cuts",
    "faces": "host close to camera",
}
HOOK_CHARS = {"en": 90, "zh": 28}


@functools.cache
def _templates() -> dict[str, Any]:
    data = yaml.safe_load(data_path("highlights", "compose.yaml").read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def shorten(text: str, lang: str) -> str:
    limit = HOOK_CHARS.get(lang, 90)
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if lang == "zh":
        return text[: limit - 1] + "…"
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def compose(category: str, sentences: list[str], hits: list[int], product: str | None,
            lang: str, seed: int = 0, avoid: set[str] | None = None) -> tuple[str, str]:
    """(title, hook) for a window; `hits` counts cue phrases per sentence. A title already
    in `avoid` (given to a higher-ranked window) is skipped while another template is left."""
    tpl = _templates().get(lang) or _templates()["en"]
    titles = tpl["titles"].get(category) or tpl["titles"]["interaction"]
    options = []
    for k in range(len(titles)):
        t = titles[(seed + k) % len(titles)].format(
            product=product or tpl["product_fallback"], phrase="").strip()
        options.append(t[0].upper() + t[1:] if lang == "en" and t else t)
    title = next((t for t in options if t not in (avoid or set())), options[0])
    if sentences:
        k = max(range(len(sentences)), key=lambda i: (hits[i] if i < len(hits) else 0, -i))
        phrase = shorten(sentences[k], lang)
    else:
        phrase = ""
    hook = tpl["hooks"]["default"].format(phrase=phrase, product=product or "")
    return title.strip(), hook.strip()


def reason(signals: dict[str, float], category: str, cue_words: list[str]) -> str:
    """One line: the cue category, its phrases, and the strongest other signals."""
    parts = []
    if cue_words:
        words = list(dict.fromkeys(w.lower() for w in cue_words))
        shown = ", ".join(words[:5]) + (", …" if len(words) > 5 else "")
        parts.append(f"{category.replace('_', ' ')}: {shown}")
    others = sorted(((v, k) for k, v in signals.items() if k != "cues" and v > 0.05),
                    reverse=True)[:3]
    parts += [SIGNAL_WORDS.get(k, k) for _, k in others]
    negatives = [k for k, v in signals.items() if v < -0.05]
    if negatives:
        parts.append("penalised: " + ", ".join("dead air" if k == "pauses" else k
                                                for k in negatives))
    return "; ".join(parts) or "strongest remaining window"
