"""The wording fallback of FAQ matching: a question the concept data cannot read.

Concepts (`livegen.chat.faqmatch`) decide whenever the question and an entry both name
one. Many questions name none the data knows: a product's own part ("磁吸环掉了怎么办"),
a number ("6.7寸的能放吗"), a body part ("膝盖不好能穿吗"), a use situation ("露营能用
吗"). Such a question is still answered when one entry clearly holds what it asks, read
from the words they share:

- **Content only.** Question frames, particles, pronouns and generic verbs ("能用吗",
  "可以吃吗", "can I use it") are cut out first; what is left is cut into character
  unigrams and bigrams for Chinese (no segmenter, so typos and unseen words still share
  characters) and stemmed words and numbers for English (a one-letter typo in a long word
  still counts); a number the question names is held by an entry that gives it or a
  range around it ("6.7寸的能放吗" against "适配4.7到6.9英寸").
- **Weighted by the product's own FAQ.** Each piece weighs its IDF over the FAQ entries
  (question and answer together), so what most entries share ("这款", "kit") counts for
  little and a word one entry alone holds counts for much. A piece of the question no
  entry holds weighs as much as one that only one entry holds: it names no entry, but it
  is part of what is asked, so a question mostly about something else is not answered.
- **Coverage, not likeness.** The score is the share of the question's weight the entry
  holds: in its question at full weight, only in its answer at `ANSWER_WEIGHT`.
- **A clear winner.** An answer needs `MIN_COVERAGE`, at least one shared whole word (a
  bigram, an English word, a number of two digits or more; shared single characters and
  digits alone are not enough), no stretch of the question's Chinese of two characters or
  more left out entirely, and a margin over the runner-up; otherwise nothing is answered:
  on a live stream silence is better than the wrong answer.

Entries whose concepts contradict the question's never reach this step (`agree` is False
for them), and neither does an entry whose answer is about other people than the
question's.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from livegen.chat.lexicon import read_chat_data
from livegen.errors import InputError
from livegen.resources import data_path
from livegen.text import normalize

MIN_COVERAGE = 0.5  # share of the question's content weight the entry must hold
MARGIN = 0.2  # how far the best entry's coverage must lead the runner-up's
ANSWER_WEIGHT = 0.6  # a piece found only in an entry's answer counts this much
UNIGRAM_WEIGHT = 1.0
FRAGMENT_CHARS = 4  # a bare mention of an FAQ entry's subject: at most this many characters
FRAGMENT_WORDS = 2  # or English words  # a single Chinese character counts this much of a bigram

_EN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# "4.7到6.9英寸", "12-36个月", "3 to 8 years": a number inside a stated range is held by it.
_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:到|至|~|～|-|–|—|to)\s*(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class StopWords:
    """What is cut before pieces are made (`templates/chat/faq_words.yaml`)."""

    zh: re.Pattern[str]
    en: frozenset[str]


@functools.cache
def stop_words(path: str | None = None) -> StopWords:
    p = Path(path) if path else data_path("chat", "faq_words.yaml")
    shape = "`stop` with `zh` and `en` word lists"
    stop = read_chat_data(p, shape).get("stop")
    if not isinstance(stop, dict):
        raise InputError(f"{p}: expected {shape}")
    zh = sorted({str(w) for w in stop.get("zh") or [] if str(w)}, key=len, reverse=True)
    en = frozenset(str(w).lower() for w in stop.get("en") or [])
    return StopWords(re.compile("|".join(map(re.escape, zh)) or r"(?!)"), en)


@dataclass(frozen=True)
class Piece:
    key: str
    weight: float  # 1 for a whole word, a bigram or a number; less for a single character
    whole: bool


def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + keep
    return word


def pieces(text: str) -> Mapping[str, Piece]:
    """The content pieces of `text`, keyed (a piece said twice counts once)."""
    return read(text)[0]


@functools.lru_cache(maxsize=4096)
def read(text: str) -> tuple[Mapping[str, Piece], tuple[frozenset[str], ...]]:
    """The content pieces of `text`, and for each stretch of Chinese between two cut words
    the keys of its pieces ("出风口是圆的能夹吗": 出风口, 圆, 夹)."""
    t = normalize(text, numerals=True).text
    stop = stop_words()
    out: dict[str, Piece] = {}
    parts: list[frozenset[str]] = []
    for number in _NUMBER.findall(t):
        out["#" + number] = Piece("#" + number, 1.0, True)
    for run in _CJK_RUN.findall(t):
        for part in stop.zh.split(run):
            keys = set()
            for ch in part:
                out.setdefault("c:" + ch, Piece("c:" + ch, UNIGRAM_WEIGHT, False))
                keys.add("c:" + ch)
            for i in range(len(part) - 1):
                out["z:" + part[i : i + 2]] = Piece("z:" + part[i : i + 2], 1.0, True)
                keys.add("z:" + part[i : i + 2])
            if keys:
                parts.append(frozenset(keys))
    latin = _CJK_RUN.sub(" ", t)
    for word in _EN_WORD.findall(latin):
        if word in stop.en or word[0].isdigit() or len(word) < 2:
            continue
        key = "w:" + _stem(word)
        out[key] = Piece(key, 1.0, True)
    return MappingProxyType(out), tuple(parts)


def _near(a: str, b: str) -> bool:
    """Two English stems one edit apart (a typo), both long enough for that to be safe."""
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _held(key: str, keys: set[str], words: Sequence[str]) -> float:
    """1 when `keys` holds the piece, 0.8 for an English word one typo away, else 0."""
    if key in keys:
        return 1.0
    if key.startswith("w:") and any(_near(key[2:], w) for w in words):
        return 0.8
    return 0.0


def _ranges(text: str) -> list[tuple[float, float]]:
    t = normalize(text, numerals=True).text
    out = []
    for m in _RANGE.finditer(t):
        lo, hi = float(m.group(1)), float(m.group(2))
        if lo < hi:
            out.append((lo, hi))
    return out


def _within(x: float, ranges: Sequence[tuple[float, float]]) -> bool:
    return any(lo <= x <= hi for lo, hi in ranges)


@dataclass(frozen=True)
class WordMatch:
    index: int | None  # the entry the words name, or None
    coverage: float  # the best entry's coverage (reported either way)
    runner_up: float
    top: int | None = None  # the best-covered entry, named or not
    clear: bool = False  # whether `top` leads the runner-up by the margin


class FaqWords:
    """The pieces of one product's FAQ and their IDF, built once per chat report."""

    def __init__(self, questions: Sequence[str], answers: Sequence[str] | None = None) -> None:
        answers = list(answers or [""] * len(questions))
        self._q = [set(pieces(q)) for q in questions]
        self._a = [set(pieces(a)) - q for a, q in zip(answers, self._q, strict=True)]
        self._words = [
            [k[2:] for k in q | a if k.startswith("w:")]
            for q, a in zip(self._q, self._a, strict=True)
        ]
        self._ranges = [_ranges(q) + _ranges(a) for q, a in zip(questions, answers, strict=True)]
        n = len(questions)
        df: dict[str, int] = {}
        for q, a in zip(self._q, self._a, strict=True):
            for key in q | a:
                df[key] = df.get(key, 0) + 1
        self._df = df
        self._n = n

    def idf(self, key: str) -> float:
        """Smoothed IDF over the entries; a piece no entry holds weighs as one that only
        one entry holds (it tells nothing about which entry, but it is part of what is
        asked)."""
        return math.log((self._n + 1) / (max(1, self._df.get(key, 0)) + 0.5))

    def coverage(self, question: str, j: int) -> tuple[float, bool, bool]:
        """How much of the question's content entry `j` holds; whether that names the
        entry; whether the entry's own question shares a whole word with it.

        Naming takes a whole word found in the entry (a bigram, an English word or a number
        of two digits or more: "304的吗" against "304不锈钢内胆"; single characters and
        digits are too common to name anything) and no stretch of two or more Chinese
        characters of the question left out entirely."""
        found, parts = read(question)
        total = shared = 0.0
        named = in_question = False
        held_keys = set()
        for key, piece in found.items():
            w = piece.weight * self.idf(key)
            total += w
            held = _held(key, self._q[j], self._words[j])
            from_question = held > 0
            if not held:
                held = ANSWER_WEIGHT * _held(key, self._a[j], self._words[j])
            if not held and key[0] == "#" and _within(float(key[1:]), self._ranges[j]):
                held = ANSWER_WEIGHT  # "6.7寸的能放吗" against "适配4.7到6.9英寸"
            if not held:
                continue
            held_keys.add(key)
            shared += w * held
            if piece.whole and (key[0] != "#" or len(key) > 2):
                named = True
                in_question = in_question or from_question
        if any(len(part) > 1 and not part & held_keys for part in parts):
            named = False
        return (shared / total if total else 0.0), named, in_question

    def shares_words(self, wordings: Sequence[str], j: int) -> bool:
        """Whether entry `j`'s own question shares a whole content word with any of the
        wordings: the least a plain wording similarity needs before it may answer, so that
        "does it have a remote" is not answered by "Does it have a red light mode?"."""
        return any(self.coverage(text, j)[2] for text in wordings)

    def named_alone(self, text: str) -> bool:
        """Whether a short message is nothing but what one entry's question asks about
        ("粉尘" beside "粉尘大吗？", "礼品袋" beside "有礼品袋吗？"): viewers ask by naming
        the thing, and a message the FAQ covers that way is a question about it. Only a
        few characters or words, wholly held by exactly one entry's question, count;
        "颜色好看" says more than "有几种颜色？" holds and stays a comment."""
        if "!" in text or "！" in text or len(text) > 4 * FRAGMENT_CHARS:
            return False
        norm = normalize(text).text
        found = pieces(norm)
        cjk = sum(len(m) for m in _CJK_RUN.findall(norm))
        latin = _EN_WORD.findall(_CJK_RUN.sub(" ", norm))
        if not found or cjk > FRAGMENT_CHARS or len(latin) > FRAGMENT_WORDS:
            return False
        if latin and any(w in stop_words().en for w in latin):
            return False
        if not any(p.whole for p in found.values()):
            return False
        holders = [j for j in range(self._n) if set(found) <= self._q[j]]
        return len(holders) == 1

    def best(self, wordings: Sequence[str], candidates: Sequence[int]) -> WordMatch:
        """The candidate entry that clearly holds what the wordings ask, or none."""
        scores: dict[int, float] = {}
        wholes: dict[int, bool] = {}
        for text in wordings:
            for j in candidates:
                cov, whole, _ = self.coverage(text, j)
                if cov > scores.get(j, -1.0):
                    scores[j], wholes[j] = cov, whole
        if not scores:
            return WordMatch(None, 0.0, 0.0)
        ranked = sorted(scores, key=lambda j: (-scores[j], j))
        top = ranked[0]
        second = scores[ranked[1]] if len(ranked) > 1 else 0.0
        clear = scores[top] > 0 and scores[top] - second >= MARGIN
        ok = clear and scores[top] >= MIN_COVERAGE and wholes[top]
        return WordMatch(top if ok else None, round(scores[top], 3), round(second, 3), top, clear)


@functools.lru_cache(maxsize=64)
def faq_words(questions: tuple[str, ...], answers: tuple[str, ...]) -> FaqWords:
    """One product's FAQ read once for all the question groups of a report."""
    return FaqWords(questions, answers)
