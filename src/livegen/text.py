"""The one place that decides what text *is*: CJK or not, Simplified or not, and the
normalised form every matcher (lint rules, highlight cues, chat lexicons, product names)
compares against.

Why one module: Traditional input (a Hong Kong or Taiwan stream, Whisper writing Mandarin
in Traditional, a user's own SRT), full-width letters, `最*好`-style inserted symbols and
Chinese numerals all hide a phrase from a matcher written in plain Simplified. Each matcher
once had its own partial answer; now they share this one, and a match found in the
normalised text maps back to the caller's original characters through `Normalized.span`.

Traditional→Simplified conversion is OpenCC's phrase-level `t2s` (or `tw2sp`/`hk2s`), never
a hand-made table. OpenCC is imported lazily so importing this module stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from livegen.errors import DependencyError

ChineseScript = Literal["simplified", "traditional", "keep"]

_CJK_RANGES = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # Unified Ideographs
    (0xF900, 0xFAFF),  # Compatibility Ideographs
    (0x20000, 0x2FA1F),  # Extensions B–F and the compatibility supplement
)
CJK_CLASS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK_CLASS}]")

# Characters a writer slips between the characters of a word to dodge a filter
# (`最*好`, `第 一`, `全·网`); removed only when they stand between two CJK characters.
_FILLERS = frozenset(" \t\u3000*＊·•・._-—~～|/\\'\"`^+#@、")

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_ZH_NUMERAL_RE = re.compile(r"[零〇一二两三四五六七八九十百千万]+")


def is_cjk_char(ch: str) -> bool:
    """A CJK ideograph (not kana, not CJK punctuation)."""
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _CJK_RANGES)


def has_cjk(text: str) -> bool:
    return bool(CJK_RE.search(text))


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among the letters of `text` (0.0 when it has none)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(is_cjk_char(c) for c in letters) / len(letters)


def looks_cjk(text: str) -> bool:
    """Text to lay out or judge as Chinese: at least half of its letters are ideographs."""
    return cjk_ratio(text) >= 0.5


@lru_cache(maxsize=8)
def _converter(config: str):  # type: ignore[no-untyped-def]
    try:
        import opencc
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise DependencyError("Chinese conversion needs the opencc package",
                              hint="pip install opencc") from exc
    try:
        return opencc.OpenCC(config)
    except Exception:  # older bindings want the file name
        return opencc.OpenCC(f"{config}.json")


def convert_chinese(text: str, config: str = "t2s") -> str:
    """OpenCC conversion (`t2s`, `tw2sp`, `hk2s`, `s2t`, …) of a whole string.

    Strings without CJK characters are returned untouched without loading OpenCC.
    """
    if not text or not has_cjk(text):
        return text
    return str(_converter(config).convert(text))


def to_simplified(text: str) -> str:
    return convert_chinese(text, "t2s")


def to_traditional(text: str) -> str:
    return convert_chinese(text, "s2t")


def apply_script(text: str, script: ChineseScript) -> str:
    """Write Chinese `text` in the script a user asked for (`keep` leaves it alone)."""
    if script == "simplified":
        return to_simplified(text)
    if script == "traditional":
        return to_traditional(text)
    return text


def convert_aligned(pieces: list[str], config: str = "t2s") -> list[str]:
    """Convert a sequence of pieces (a segment's words) as one text, so phrase-level
    conversion sees context across piece edges, and cut the result back into pieces.

    When conversion keeps the length (the usual case for t2s) each piece gets exactly its
    own converted characters; otherwise each piece is converted on its own.
    """
    joined = "".join(pieces)
    if not has_cjk(joined):
        return list(pieces)
    out = convert_chinese(joined, config)
    if len(out) != len(joined):
        return [convert_chinese(p, config) for p in pieces]
    result, at = [], 0
    for p in pieces:
        result.append(out[at:at + len(p)])
        at += len(p)
    return result


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, for each of its characters, the index of the original character
    it came from; `span` turns a match in `text` back into a span of the original."""

    text: str
    origin: tuple[int, ...]
    original: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) covering normalised [start, end)."""
        n = len(self.origin)
        if n == 0 or start >= n:
            return len(self.original), len(self.original)
        end = max(start + 1, min(end, n))
        s = self.origin[start]
        e = max(self.origin[start:end]) + 1
        # One normalised character may stand for several original ones ("一百二十" →
        # "120"): take in what lies before the next normalised character's origin,
        # except the filler symbols that normalising dropped.
        limit = self.origin[end] if end < n else len(self.original)
        while e < limit and self.original[e] not in _FILLERS:
            e += 1
        return s, e


def _zh_numeral_value(s: str) -> int | None:
    """Value of a Chinese numeral ("一百二十" → 120, "三" → 3, "两万" → 20000)."""
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _ZH_DIGITS:
            if digit is not None and s != ch:  # "一二" reads digit by digit, not as a number
                return None
            digit = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            unit = _ZH_UNITS[ch]
            if unit == 10000:
                section = (section + (digit or 0)) or 1
                total += section * unit
                section = 0
            else:
                section += (digit if digit is not None else 1) * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def normalize(text: str, *, simplified: bool = True, numerals: bool = False,
              collapse_repeats: bool = False) -> Normalized:
    """The form matchers compare: NFKC (full-width → half-width), lower case, Traditional →
    Simplified, symbols and spaces inserted between CJK characters removed, optionally
    Chinese numerals as digits ("三天" → "3天") and runs of three or more of one character
    collapsed ("最最最好" → "最好").

    Every step records where each output character came from, so a finding can quote and
    point at what the user actually wrote.
    """
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch).lower()
        for f in folded:
            chars.append(f)
            origin.append(i)
    if simplified:
        chars, origin = _simplify(chars, origin)
    chars, origin = _drop_fillers(chars, origin)
    if numerals:
        chars, origin = _numerals_to_digits(chars, origin)
    if collapse_repeats:
        chars, origin = _collapse(chars, origin)
    return Normalized("".join(chars), tuple(origin), text)


def _simplify(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    joined = "".join(chars)
    if not has_cjk(joined):
        return chars, origin
    out = convert_chinese(joined, "t2s")
    if len(out) == len(joined):
        return list(out), origin
    new_chars: list[str] = []
    new_origin: list[int] = []
    for ch, o in zip(chars, origin, strict=True):
        conv = convert_chinese(ch, "t2s") if is_cjk_char(ch) else ch
        for c in conv:
            new_chars.append(c)
            new_origin.append(o)
    return new_chars, new_origin


def _drop_fillers(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    keep_c: list[str] = []
    keep_o: list[int] = []
    n = len(chars)
    i = 0
    while i < n:
        ch = chars[i]
        if ch in _FILLERS and keep_c and is_cjk_char(keep_c[-1]):
            j = i
            while j < n and chars[j] in _FILLERS:
                j += 1
            if j < n and is_cjk_char(chars[j]) and j - i <= 3:
                i = j
                continue
        keep_c.append(ch)
        keep_o.append(origin[i])
        i += 1
    return keep_c, keep_o


def _numerals_to_digits(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    joined = "".join(chars)
    if not _ZH_NUMERAL_RE.search(joined):
        return chars, origin
    out_c: list[str] = []
    out_o: list[int] = []
    pos = 0
    for m in _ZH_NUMERAL_RE.finditer(joined):
        s, e = m.span()
        value = _zh_numeral_value(m.group(0))
        # A lone 一/两 is usually a word (一起, 一定, 两个人 stays countable either way);
        # only numerals followed by a counter-like CJK character or a digit context convert.
        if value is None or (e - s == 1 and m.group(0) in "一两"):
            continue
        out_c.extend(chars[pos:s])
        out_o.extend(origin[pos:s])
        digits = str(value)
        for k, d in enumerate(digits):
            out_c.append(d)
            out_o.append(origin[min(s + k, e - 1)])
        pos = e
    out_c.extend(chars[pos:])
    out_o.extend(origin[pos:])
    return out_c, out_o


def _collapse(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    out_c: list[str] = []
    out_o: list[int] = []
    i, n = 0, len(chars)
    while i < n:
        j = i
        while j < n and chars[j] == chars[i]:
            j += 1
        keep = 1 if j - i >= 3 and not chars[i].isdigit() else j - i
        out_c.extend(chars[i:i + keep])
        out_o.extend(origin[i:i + keep])
        i = j
    return out_c, out_o


def match_key(text: str) -> str:
    """The plain normalised string for set/dict look-ups (cue banks, lexicons, names)."""
    return normalize(text).text
