"""Phrase banks: which spoken phrases mark which kind of sales moment, per language.

Banks are data (`templates/highlights/cues/<lang>.yaml`) so editors can add the phrases
their hosts actually use, with `--cues FILE` or the `highlights.cues` setting, without code.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from livegen.errors import InputError
from livegen.resources import data_path
from livegen.text import Normalized, is_cjk_language, match_key, normalize

CATEGORIES = ("selling_point", "price_offer", "urgency_cta", "qa", "story", "interaction")
CHAT_KEYS = ("intent", "positive", "negative")


@dataclass
class CueBank:
    """Phrases per category for one language, plus the comment-log lexicons."""

    language: str
    categories: dict[str, list[str]] = field(default_factory=dict)
    chat: dict[str, list[str]] = field(default_factory=dict)
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def pattern(self, key: str, phrases: list[str]) -> re.Pattern[str] | None:
        if key not in self._patterns:
            if not phrases:
                return None
            self._patterns[key] = _compile(phrases)
        return self._patterns[key]

    def match(self, text: str) -> dict[str, list[str]]:
        """Category → the phrases found in `text` (each occurrence once), as written in
        `text`: matching runs on the normalised form (Traditional, full-width, inserted
        symbols all match the bank's Simplified phrases)."""
        norm = _normalized(text)
        found: dict[str, list[str]] = {}
        for cat, phrases in self.categories.items():
            pat = self.pattern("cat:" + cat, phrases)
            if pat is None:
                continue
            hits = []
            for m in pat.finditer(norm.text):
                s, e = norm.span(m.start(), m.end())
                hits.append(text[s:e])
            if hits:
                found[cat] = hits
        return found

    def count(self, key: str, text: str) -> int:
        """Occurrences of a chat lexicon (`intent`, `positive`, `negative`) in `text`."""
        pat = self.pattern("chat:" + key, self.chat.get(key, []))
        return 0 if pat is None else len(pat.findall(_normalized(text).text))


@functools.lru_cache(maxsize=8192)
def _normalized(text: str) -> Normalized:
    return normalize(text)


def _compile(phrases: list[str]) -> re.Pattern[str]:
    """Latin phrases match on word edges (`*` stands for one word); CJK ones as substrings.
    Phrases are normalised like the text they are matched against."""
    parts = []
    keyed = {
        "*".join(match_key(w) for w in p.strip().split("*")) for p in phrases if p and p.strip()
    }
    for p in sorted((k for k in keyed if k.strip("*")), key=len, reverse=True):
        esc = r"\S+".join(re.escape(w) for w in p.split("*"))
        esc = esc.replace(r"\ ", r"\s+")
        if re.match(r"[A-Za-z0-9]", p):
            esc = r"(?<![A-Za-z0-9])" + esc
        if re.search(r"[A-Za-z0-9]$", p):
            esc = esc + r"(?![A-Za-z0-9])"
        parts.append(esc)
    return re.compile("|".join(parts), re.IGNORECASE)


def _read_yaml(path: Path, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{source}: cannot read ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise InputError(f"{source}: not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise InputError(f"{source}: a cue file must be a mapping with 'categories'")
    return data


def _merge(bank: CueBank, data: dict[str, Any], source: str) -> None:
    cats = data.get("categories") or {}
    if not isinstance(cats, dict):
        raise InputError(f"{source}: 'categories' must map a category to a list of phrases")
    for cat, phrases in cats.items():
        if not isinstance(phrases, list) or not all(isinstance(p, str | int) for p in phrases):
            raise InputError(f"{source}: categories.{cat} must be a list of phrases")
        if any(isinstance(p, bool) for p in phrases):
            raise InputError(
                f"{source}: categories.{cat} has a yes/no/on/off value read as true/false",
                hint='put such phrases in quotes: "off"',
            )
        bank.categories.setdefault(str(cat), []).extend(str(p) for p in phrases)
    for key in CHAT_KEYS:
        words = data.get(key)
        if words is None:
            continue
        if not isinstance(words, list):
            raise InputError(f"{source}: '{key}' must be a list of phrases")
        bank.chat.setdefault(key, []).extend(str(w) for w in words)
    bank._patterns.clear()


def bank_language(language: str) -> str:
    return "zh" if is_cjk_language(language) else "en"


def load_cues(language: str, extra: list[str | os.PathLike[str]] | None = None) -> CueBank:
    """The shipped bank for `language` (zh or en) merged with user cue files.

    A user file applies to every language unless it names one with `language:`.
    """
    lang = bank_language(language)
    bank = CueBank(language=lang)
    root = data_path("highlights")
    _merge(bank, _read_yaml(root / "cues" / f"{lang}.yaml", f"cues/{lang}.yaml"), lang)
    _merge(bank, _read_yaml(root / "chat.yaml", "chat.yaml"), "chat.yaml")
    for path in extra or []:
        data = _read_yaml(Path(path), str(path))
        want = data.get("language")
        if want and bank_language(str(want)) != lang:
            continue
        _merge(bank, data, str(path))
    return bank
