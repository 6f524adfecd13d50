"""Accept the spellings merchants use: locale tags, platform names, forbidden-claim rules.

A first spec should not fail on `language: zh-CN` or `platform: 抖音`. The aliases live in
`templates/spec/aliases.yaml` (data a user can extend), not in code; this module only
applies them before validation and says what it changed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_FIELDS = ("language", "platform", "category", "style", "currency")


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(text).strip().casefold())


@lru_cache(maxsize=4)
def _aliases(user_dir: str | None = None) -> dict[str, Any]:
    from livegen.templating import Templates

    return Templates(user_dir).data("spec/aliases.yaml")


def alias_table(user_dir: str | None = None) -> dict[str, dict[str, str]]:
    """field → {normalised spelling → spec value}."""
    data = _aliases(user_dir)
    table: dict[str, dict[str, str]] = {}
    for field in _FIELDS:
        table[field] = {}
        for value, spellings in (data.get(field) or {}).items():
            table[field][_key(value)] = str(value)
            for s in spellings or []:
                table[field][_key(s)] = str(value)
    return table


def canonical(field: str, value: Any) -> Any:
    """The spec's value for a known spelling (`zh-CN` → `zh`), else the value unchanged."""
    if not isinstance(value, str):
        return value
    return alias_table().get(field, {}).get(_key(value), value)


def forbidden_phrase(rule: str) -> tuple[str, bool]:
    """("三天祛痘", True) for "不得宣称三天祛痘"; (text, False) when it is already a phrase."""
    text = rule.strip().strip("“”\"'。.；;")
    low = text.casefold()
    for prefix in sorted(_aliases().get("forbidden_rule_prefixes") or [], key=len, reverse=True):
        p = str(prefix).casefold()
        if low.startswith(p):
            rest = text[len(p) :].strip(" ：:，,“”\"'「」")
            rest = re.sub(
                r"^(产品|本品|商品|我们|it|that|the product)\s*(能|可以|can|is|has)?\s*",
                "",
                rest,
                flags=re.IGNORECASE,
            ).strip()
            rest = re.sub(r"[等之类的]+$|\s*etc\.?$", "", rest).strip()
            return (rest or text), bool(rest)
    return text, False


# Double and CJK quotes, and ASCII single quotes not inside a word ("别说'医用级'", not the
# apostrophe of "don't").
_QUOTED = re.compile(
    r"[“\"「『‘]([^”\"」』’]{1,40})[”\"」』’]|(?<![A-Za-z])'([^'\n]{1,40})'(?![A-Za-z])"
)


def quoted_phrases(rule: str) -> list[str]:
    """The phrases a rule quotes ('不能说"治疗颈椎病"，不能说"医用级"' → both), when the
    rule says more than the quotes: a quoted claim is the phrase itself."""
    found = [(a or b).strip() for a, b in _QUOTED.findall(rule) if (a or b).strip()]
    rest = re.sub(r"[\s，,、;；。.]|\b(?:or|and)\b|[和与或]", "", _QUOTED.sub("", rule))
    return found if found and rest else []


def looks_like_rule(text: str) -> bool:
    """A sentence, not a phrase: too long or worded as an instruction to match as written."""
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return (
        cjk > 14
        or len(text.split()) > 6
        or bool(re.search(r"不得|禁止|不能|不要|must|should", text))
    )


def normalise(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Apply aliases to a spec mapping; the notes say what changed (for the creator)."""
    out = dict(data)
    notes: list[str] = []
    for field in _FIELDS:
        if field in out:
            new = canonical(field, out[field])
            if new != out[field]:
                notes.append(f"{field} '{out[field]}' read as '{new}'")
                out[field] = new
    claims = out.get("forbidden_claims")
    if isinstance(claims, list):
        phrases = []
        for claim in claims:
            if not isinstance(claim, str):
                phrases.append(claim)
                continue
            quoted = quoted_phrases(claim)
            if quoted:
                notes.append(
                    f"forbidden claim rule '{claim}' matched as the phrase"
                    f"{'s' if len(quoted) > 1 else ''} " + ", ".join(f"'{q}'" for q in quoted)
                )
                phrases.extend(quoted)
                continue
            phrase, was_rule = forbidden_phrase(claim)
            if was_rule:
                notes.append(f"forbidden claim rule '{claim}' matched as the phrase '{phrase}'")
            elif looks_like_rule(phrase):
                notes.append(
                    f"forbidden claim '{claim}' reads like a sentence and will only "
                    "match word for word; write the phrase itself (e.g. '三天祛痘')"
                )
            phrases.append(phrase)
        # A rule and the phrase it quotes often both appear in a brief: keep one of each.
        out["forbidden_claims"] = [
            p for i, p in enumerate(phrases) if not isinstance(p, str) or p not in phrases[:i]
        ]
    return out, notes
