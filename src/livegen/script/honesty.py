"""Keep claims the spec does not back out of the offline composer's lines.

The offline composer only rephrases the spec, but a spec can still carry absolute or
medical wording that advertising rules forbid, and the spec's own `forbidden_claims`
list names phrases the host must never say. An offline line that contains either is
dropped rather than edited: a half-censored sentence read on camera is worse than a
missing one. (A chat model's lines are judged by the linter and rewritten instead, see
`livegen.script.compliance`; this broad, context-free list is a guard for the vetted
phrase banks, not a substitute for the linter.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Absolute, superlative and medical terms (Chinese advertising law and platform rules;
# English equivalents for TikTok/YouTube). Kept deliberately broad.
_ZH_TERMS = (
    "第一",
    "唯一",
    "国家级",
    "世界级",
    "顶级",
    "顶尖",
    "绝对",
    "百分百",
    "100%",
    "永久",
    "万能",
    "根治",
    "治愈",
    "治疗",
    "祛痘",
    "药用",
    "特效",
    "无副作用",
    "零风险",
    "史无前例",
    "全网最低",
    "独一无二",
)
_ZH_MOST = re.compile(r"最(?![后近初终])")  # 最好/最佳/最低价..., but not 最后/最近
_EN = re.compile(
    r"\b(best|#1|number one|no\.? ?1|guarantee[ds]?|cures?|cured|heals?|miracle|"
    r"100 ?%|permanent(ly)?|risk[- ]free|world[- ]class|unbeatable|lowest price|"
    r"clinically proven|medical[- ]grade)\b|#1",
    re.IGNORECASE,
)


def absolute_terms(text: str) -> list[str]:
    """The absolute or medical terms found in `text` (empty when it is clean)."""
    found = [t for t in _ZH_TERMS if t in text]
    found += [m.group(0) for m in _ZH_MOST.finditer(text)]
    found += [m.group(0) for m in _EN.finditer(text)]
    return found


def violates(text: str, forbidden: Iterable[str]) -> bool:
    low = text.lower()
    if any(f.strip() and f.strip().lower() in low for f in forbidden):
        return True
    return bool(absolute_terms(text))


def clean_lines(lines: Iterable[str], forbidden: Iterable[str]) -> list[str]:
    forbidden = list(forbidden)
    return [line for line in lines if line and not violates(line, forbidden)]
