"""Comment text handling: normalising, language, question detection, n-gram features.

Chat messages are short, informal and often mix scripts, so features are character
n-grams for Chinese (no word segmentation needed, robust to typos) and word + in-word
character n-grams for English (catches "ship"/"shipping"/"shipped").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from livegen.text import Normalized, has_cjk, match_key
from livegen.text import normalize as normalize_matching

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_KEEP = re.compile(r"[^\w'\u3400-\u4dbf\u4e00-\u9fff?？]+")
# Sentence-final particles and fillers carry tone, not meaning; question frames ("能用吗",
# "可不可以", "请问") say that something is asked, not what, so they are left out of the
# features that decide which questions mean the same.
_ZH_FILLER = re.compile(
    r"能不能|可不可以|可以|有没有|是不是|请问|主播|这个|那个|适合|适用|能|用|"
    r"[啊呀哈嘛哦噢呢吧啦哇诶欸嗯吗么的了是我你]"
)
_EN_STOP_WORDS = (
    "a an the is it its it's this that these those i me my you your u ur we our they them "
    "do does did can could would will should shall be am are was were to of for on in at "
    "and or with please pls plz just so too very really any some there here"
)
_EN_STOP = frozenset(_EN_STOP_WORDS.split())
_ZH_QUESTION = re.compile(
    r"[?？]|[吗呢么嘛]$|吗[?？!！。~～]*$|多少|多大|多久|多长|多重|多高|怎么|怎样|什么|啥|哪|几(?!乎)|能不能|可不可以|"
    r"有没有|是不是|会不会|要不要|适合|能用|可以用|能吃|可以吃"
)
_EN_QUESTION_START = re.compile(
    r"^(how|what|when|where|which|who|why|whats|what's|wheres|where's|hows|does|do|did|is|are|"
    r"can|could|will|would|should|any|anyone|has|have)\b(?!')"
)


def normalize(text: str) -> str:
    """NFKC, lower case, runs of punctuation and space collapsed (questions marks kept)."""
    t = unicodedata.normalize("NFKC", text).lower().strip()
    t = _KEEP.sub(" ", t)
    return re.sub(r"\s+", " ", t).strip()


def is_question(text: str) -> bool:
    t = normalize(text)
    if not t:
        return False
    if has_cjk(t):
        return bool(_ZH_QUESTION.search(t))
    return "?" in t or bool(_EN_QUESTION_START.match(t))


def features(text: str) -> Counter[str]:
    """Bag of n-grams: Chinese chars 1–3, English words 1–2 plus in-word char 3-grams."""
    t = normalize(text).replace("?", " ").replace("？", " ")
    grams: Counter[str] = Counter()
    for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff]+", t):
        run = _ZH_FILLER.sub("", run)
        for n in (1, 2, 3):
            for i in range(len(run) - n + 1):
                grams["z:" + run[i : i + n]] += 1
    words = [w for w in _WORD.findall(t) if w not in _EN_STOP]
    for i, w in enumerate(words):
        grams["w:" + w] += 1
        if i + 1 < len(words):
            grams["b:" + w + " " + words[i + 1]] += 1
        if not w.isdigit() and len(w) > 3:
            padded = f"<{w}>"
            for j in range(len(padded) - 2):
                grams["c:" + padded[j : j + 3]] += 1
        elif w.isdigit():
            grams["d:" + w] += 1
    return grams


class TermMatcher:
    """Many terms in one compiled pattern: Chinese terms match anywhere, English ones as
    whole words, case-insensitive. Compiled once because chat logs run to many thousands
    of messages."""

    def __init__(self, terms: Iterable[str]) -> None:
        parts = []
        keyed = {match_key(t) for t in terms if t and t.strip()}
        for term in sorted((t for t in keyed if t), key=len, reverse=True):
            if has_cjk(term):
                parts.append(re.escape(term))
            else:
                parts.append(r"(?<![a-z0-9])" + re.escape(term.lower()) + r"(?![a-z0-9])")
        self._pattern = re.compile("|".join(parts), re.IGNORECASE) if parts else None

    def find(self, text: str) -> str | None:
        """The first term found in `text` (as written there), or None. Matching runs on
        the normalised text, so Traditional or full-width comments match too."""
        if self._pattern is None:
            return None
        norm = _normalized(text)
        m = self._pattern.search(norm.text)
        if not m:
            return None
        s, e = norm.span(m.start(), m.end())
        return text[s:e]


def contains_term(text: str, term: str) -> bool:
    """Chinese terms match anywhere; English ones as whole words, case-insensitive; both
    on the normalised forms (Traditional, full-width and inserted symbols match)."""
    term, text = match_key(term), _normalized(text).text
    if has_cjk(term):
        return term in text
    pattern = r"(?<![a-z0-9])" + re.escape(term.lower()) + r"(?![a-z0-9])"
    return re.search(pattern, text.lower()) is not None


@functools.lru_cache(maxsize=16384)
def _normalized(text: str) -> Normalized:
    return normalize_matching(text)
