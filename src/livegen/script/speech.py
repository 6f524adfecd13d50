"""Spec text as a host says it: spoken labels, natural lists, clean seams.

A spec is written for a form, not for a microphone: keys like `net_content`, values
that are lists, detail lines that speak of "主播本人" in the third person. Everything
the composer reads out goes through here, and every finished line goes through `tidy`,
which repairs the seams where a phrase meets a spec fragment (doubled punctuation,
empty clauses, a word said twice across the join).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from livegen.text import has_cjk

_LIST_SPLIT = re.compile(r"\s*[,，、/;；]\s*")
# Punctuation runs at a seam: keep the strongest mark.
_ZH_RUN = re.compile(r"[，、；：,;:]*([。！？!?])[，、；：。,;:.]*|([，、；：,;:])[，、；：,;:]+")
_EN_RUN = re.compile(r"\s*([.!?])(?:\s*[.,;:])+|\s*([,;:])(?:\s*[,;:.])+")
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?])")
_EMPTY_QUOTE = re.compile(r"[“\"'‘][\s，。,.]*[”\"'’]")
_ZH_LEAD = re.compile(r"^[，、；：。,.;:\s]+")


def spoken_value(value: Any, language: str) -> str:
    """A spec value as words: lists joined the way people list things."""
    if isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value if str(v).strip()]
        return join_naturally(items, language)
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]") and ("'" in text or '"' in text):
        items = [t.strip(" '\"") for t in text[1:-1].split(",")]
        return join_naturally([t for t in items if t], language)
    return text


def join_naturally(items: list[str], language: str) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    if language == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return ", ".join(items[:-1]) + ", and " + items[-1]


def spoken_label(key: str, labels: Mapping[str, str]) -> str:
    """A spec key as a host would name it (`net_content` → 净含量 / net content)."""
    raw = key.strip()
    for candidate in (raw, raw.casefold(), raw.casefold().replace("-", "_").replace(" ", "_")):
        if candidate in labels:
            return str(labels[candidate])
    if has_cjk(raw):
        return raw
    return raw.replace("_", " ").replace("-", " ").strip()


def first_person(text: str, replacements: Mapping[str, str]) -> str:
    """The host speaks as "我": "主播本人连续使用28天" → "我连续使用28天"."""
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def tidy(line: str, language: str) -> str:
    """Repair the seams of a finished line; empty when nothing speakable is left."""
    text = " ".join(line.split())
    text = _EMPTY_QUOTE.sub("", text)
    if language == "zh" or has_cjk(text):
        text = _ZH_RUN.sub(lambda m: m.group(1) or m.group(2), text)
        text = _ZH_LEAD.sub("", text)
        text = re.sub(r"([。！？])\s+", r"\1", text)
    text = _EN_RUN.sub(lambda m: m.group(1) or m.group(2), text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _dedupe_seam(text)
    text = text.strip(" ,，、;；:")
    if not any(ch.isalnum() for ch in text):
        return ""
    return text


_DOUBLE_ZH = re.compile(r"([\u4e00-\u9fff]{2,6})\1")
_DOUBLE_EN = re.compile(r"\b(\w+(?:\s+\w+){0,2})\s+\1\b", re.IGNORECASE)
# Reduplications that are words in their own right.
_KEEP = {
    "谢谢",
    "看看",
    "试试",
    "想想",
    "说说",
    "聊聊",
    "等等",
    "慢慢",
    "天天",
    "常常",
    "刚刚",
    "个个",
    "人人",
    "好好",
    "点点",
    "一一",
    "宝宝",
    "妈妈",
    "爸爸",
    "奶奶",
    "爷爷",
    "姐姐",
    "哥哥",
    "弟弟",
    "妹妹",
    "星星",
    "多多",
    "满满",
    "轻轻",
    "稳稳",
    "快快",
    "冲冲",
}


def _dedupe_seam(text: str) -> str:
    def zh(m: re.Match[str]) -> str:
        word = m.group(1)
        if m.group(0) in _KEEP or len(set(word)) == 1 or (len(word) == 2 and word[0] in "一每"):
            return m.group(0)  # 一个一个, 慢慢: said twice on purpose
        return word

    text = _DOUBLE_ZH.sub(zh, text)
    return _DOUBLE_EN.sub(lambda m: m.group(1) if len(m.group(1)) > 2 else m.group(0), text)


def seam_problems(line: str) -> list[str]:
    """What a reader would trip over in a finished line (used by tests and the LLM fitter)."""
    problems = []
    if re.search(r"[，。、；：！？,;:]{2,}", line.replace("：“", "").replace("。”", "")):
        problems.append("doubled punctuation")
    if re.search(r"\.\s*\.|,\s*[,.]|\s[,.;:]", line):
        problems.append("doubled punctuation")
    m = _DOUBLE_ZH.search(line)
    if (
        m
        and m.group(0) not in _KEEP
        and len(set(m.group(1))) > 1
        and not (len(m.group(1)) == 2 and m.group(1)[0] in "一每")
    ):
        problems.append(f"doubled words '{m.group(0)}'")
    m = _DOUBLE_EN.search(line)
    if m and len(m.group(1)) > 2:
        problems.append(f"doubled words '{m.group(0)}'")
    if re.search(r"[：:]\s*[。.]|[（(]\s*[）)]|“\s*”", line):
        problems.append("empty clause")
    return problems
