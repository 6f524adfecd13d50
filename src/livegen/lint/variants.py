"""Taiwan wording that survives the trip back to Simplified.

`livegen.text.normalize` turns Traditional text into Simplified with OpenCC `tw2sp`, which
also swaps Taiwan vocabulary for mainland vocabulary, but not all of it: a host writing
`睡著也能瘦`, `無新增`, `使用者都在回購` or `後台資料` reaches the rules as `睡著`, `无新增`,
`使用者`, `资料`, while the rules are written with `着`, `添加`, `用户`, `数据`. Rather than
asking every rule author to remember both spellings, the Chinese rule patterns (and the
language-wide negation and source patterns) are widened here, at compile time, so that each
mainland word also matches the form the normaliser leaves. The table was measured by
sending each literal of the shipped Chinese rules through OpenCC `s2twp` and `normalize`.
"""

from __future__ import annotations

import re

# mainland spelling -> what `normalize` returns for its Taiwan (s2twp) rendering
TAIWAN_RESIDUE: dict[str, str] = {
    "前列腺": "摄护腺",
    "性价比": "价效比",
    "添加": "新增",
    "用户": "使用者",
    "数据": "资料",
    "激活": "启用",
    "高级": "高阶",
    "高端": "高阶",
    "链接": "连结",
    "程序": "程式",
    "联系": "联络",
    "激光": "雷射",
    "视频": "影片",
    "信息": "资讯",
    "网络": "网路",
    "屏幕": "萤幕",
    "内存": "记忆体",
    "着": "著",
}

_KEYS = re.compile("|".join(sorted(map(re.escape, TAIWAN_RESIDUE), key=len, reverse=True)))


def widen_zh(pattern: str) -> str:
    """The pattern with each mainland word also matching its Taiwan residue."""
    def alt(m: re.Match[str]) -> str:
        word = m.group(0)
        other = TAIWAN_RESIDUE[word]
        if len(word) == 1 and len(other) == 1:
            return f"[{word}{other}]"
        return f"(?:{word}|{other})"

    return _KEYS.sub(alt, pattern)
