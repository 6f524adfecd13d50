"""Guessing a product category from the text when none is given.

A host selling a face cream on a stream linted as `general` would dodge every cosmetics
rule ("三天淡斑" is a special-efficacy claim only for cosmetics). With no `--category` and
no spec, the words of the text choose the likeliest category; its rules then report at
most a warning, because a guess should not fail a build. Medical is never guessed: its
rules allow claims that other categories forbid.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from livegen.text import normalize

# Words that name the product or its use; matched on the normalised text (Simplified,
# lower case). Order matters for ties: the stricter category first.
CUES: dict[str, dict[str, tuple[str, ...]]] = {
    "zh": {
        "cosmetics": (
            "面霜",
            "精华",
            "面膜",
            "乳液",
            "爽肤水",
            "水乳",
            "护肤",
            "肌肤",
            "皮肤",
            "洁面",
            "洗面奶",
            "防晒",
            "眼霜",
            "口红",
            "粉底",
            "化妆",
            "彩妆",
            "洗发",
            "头发",
            "发际线",
            "脱发",
            "斑",
            "痘",
            "皱纹",
            "细纹",
            "毛孔",
            "美白",
            "黑眼圈",
            "身体乳",
            "敏感肌",
            "干皮",
            "油皮",
            "妊娠纹",
            "素颜",
            "祛",
        ),
        "food": (
            "代餐",
            "奶粉",
            "营养",
            "酵素",
            "益生菌",
            "零食",
            "饮料",
            "咖啡",
            "蜂蜜",
            "燕麦",
            "保健",
            "胶囊",
            "冲泡",
            "果汁",
            "大米",
            "喝",
            "茶",
            "吃",
            "掉秤",
            "减肥",
            "瘦",
            "食品",
            "口感",
            "配料",
        ),
        "kids": (
            "宝宝",
            "孩子",
            "儿童",
            "小朋友",
            "婴儿",
            "幼儿",
            "宝妈",
            "学生",
            "小学生",
            "长高",
            "玩具",
        ),
        "finance": ("理财", "基金", "投资", "收益", "年化", "回报率", "股票", "本金"),
    },
    "en": {
        "cosmetics": (
            "serum",
            "cream",
            "moisturizer",
            "moisturiser",
            "skin",
            "wrinkle",
            "acne",
            "pimple",
            "pores",
            "dark spot",
            "lotion",
            "cleanser",
            "shampoo",
            "hair",
            "sunscreen",
            "makeup",
            "lipstick",
            "face mask",
            "complexion",
            "eczema",
            "rosacea",
        ),
        "food": (
            "tea",
            "drink",
            "shake",
            "snack",
            "supplement",
            "gummy",
            "gummies",
            "capsule",
            "vitamin",
            "honey",
            "juice",
            "coffee",
            "protein",
            "diet",
            "meal",
            "belly fat",
            "weight",
            "pounds",
            "calorie",
        ),
        "kids": (
            "kid",
            "kids",
            "child",
            "children",
            "baby",
            "babies",
            "toddler",
            "infant",
            "mom and dad",
            "your little one",
        ),
        "finance": (
            "invest",
            "investment",
            "returns",
            "portfolio",
            "fund",
            "crypto",
            "interest rate",
            "principal",
        ),
    },
}


@functools.lru_cache(maxsize=4)
def _automaton(lang: str):  # type: ignore[no-untyped-def]
    import ahocorasick

    auto = ahocorasick.Automaton()
    for category, words in CUES.get(lang, {}).items():
        for word in words:
            auto.add_word(word, (category, word))
    auto.make_automaton()
    return auto


def _is_word(text: str, start: int, end: int) -> bool:
    """English cues count only as whole words ("tea" is not in "instead")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and (not after.isalnum() or after == "s")


def infer_category(texts: Iterable[str], lang: str) -> str | None:
    """The category whose cue words occur most often, or None when none occurs."""
    if lang not in CUES:
        return None
    auto = _automaton(lang)
    counts: dict[str, int] = {}
    for text in texts:
        low = normalize(text).text
        for end, (category, word) in auto.iter(low):
            start = end - len(word) + 1
            if lang == "en" and not _is_word(low, start, end + 1):
                continue
            counts[category] = counts.get(category, 0) + 1
    if not counts:
        return None
    order = list(CUES[lang])
    return max(counts, key=lambda c: (counts[c], -order.index(c)))
