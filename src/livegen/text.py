"""The one place that decides what text *is*: CJK or not, Simplified or not, and the
normalised form every matcher (lint rules, highlight cues, chat lexicons, product names)
compares against.

Why one module: Traditional input (a Hong Kong or Taiwan stream, Whisper writing Mandarin
in Traditional, a user's own SRT), full-width letters, `最*好`-style inserted symbols and
Chinese numerals all hide a phrase from a matcher written in plain Simplified. Each matcher
once had its own partial answer; now they share this one, and a match found in the
normalised text maps back to the caller's original characters through `Normalized.span`.

Traditional→Simplified conversion is OpenCC's phrase-level `t2s` (or `tw2sp`/`hk2sp`), never
a hand-made table. OpenCC is imported lazily so importing this module stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
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

# Emoji, dingbats, variation selectors and zero-width characters do the same job on a
# stream overlay or in a comment (`最⭐低⭐价`, `3天✨祛痘`).
_SYMBOL_CLASS = (
    "\u200b-\u200d\u2060\ufe0f\u20e3\u2190-\u21ff\u2300-\u23ff\u2460-\u24ff"
    "\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff\U0001f000-\U0001faff"
)
_FILLER_CLASS = re.escape("".join(sorted(_FILLERS))) + _SYMBOL_CLASS
_FILLER_RUN_RE = re.compile(f"[{CJK_CLASS}][{_FILLER_CLASS}]{{1,3}}[{CJK_CLASS}]")
_SYMBOL_RE = re.compile(f"[{_SYMBOL_CLASS}]")


def _is_filler(ch: str) -> bool:
    return ch in _FILLERS or _SYMBOL_RE.match(ch) is not None


_REPEAT_RE = re.compile(r"(\D)\1\1")

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
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
        raise DependencyError(
            "Chinese conversion needs the opencc package", hint="pip install opencc"
        ) from exc
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


# Characters of written Cantonese: a Traditional line carrying one is Hong Kong writing.
_CANTONESE_RE = re.compile("[嘅咗冇唔佢哋嘢喺啲睇嚟咁乜㗎啱畀俾嗰搵揾噉冚嘥]")


def regional_variant(text: str, simplified: str | None = None) -> str | None:
    """The OpenCC configuration that brings `text` to mainland Simplified wording, or None
    when it is already Simplified.

    Text is Traditional when character-level `t2s` changes it (pass that result as
    `simplified` when it is at hand); written Cantonese then means Hong Kong (`hk2sp`), any
    other Traditional text Taiwan (`tw2sp`, which also swaps Taiwan vocabulary: 軟體 →
    软件). Simplified text is left alone, because the phrase-level configurations also
    rewrite some mainland words (停用 → 禁用, 影片 stays but 指标 may not).
    """
    if not has_cjk(text):
        return None
    if simplified is None:
        simplified = convert_chinese(text, "t2s")
    if simplified == text:
        return None
    return "hk2sp" if _CANTONESE_RE.search(text) else "tw2sp"


def _to_mainland(text: str, variant: str) -> str:
    """`text` converted by `variant`; `auto` picks the conversion per text
    (`regional_variant`), leaving Simplified text as it is."""
    if variant != "auto":
        return convert_chinese(text, variant)
    if not has_cjk(text):
        return text
    plain = convert_chinese(text, "t2s")
    config = regional_variant(text, plain)
    return text if config is None else convert_chinese(text, config)


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
        result.append(out[at : at + len(p)])
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
        while e < limit and not _is_filler(self.original[e]):
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


@dataclass(frozen=True)
class Lexicon:
    """Word replacements applied after the script conversion: regional wording that OpenCC
    keeps as it is (Cantonese 冇/唔/咗, 最平 for "cheapest") rewritten to the wording the
    matchers are written in. Longest key first; positions map back like every other step."""

    table: tuple[tuple[str, str], ...]
    pattern: re.Pattern[str]


def make_lexicon(table: dict[str, str]) -> Lexicon:
    keys = sorted((k for k in table if k), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else re.compile(r"(?!)")
    return Lexicon(tuple((k, table[k]) for k in keys), pattern)


def normalize(
    text: str,
    *,
    simplified: bool = True,
    numerals: bool = False,
    collapse_repeats: bool = False,
    variant: str = "t2s",
    lexicon: Lexicon | None = None,
) -> Normalized:
    """The form matchers compare: NFKC (full-width → half-width), lower case, Traditional →
    Simplified, symbols and spaces inserted between CJK characters removed, a word spelled
    out letter by letter ("b.e.s.t", "n-u-m-b-e-r") joined, optionally
    Chinese numerals as digits ("三天" → "3天") and runs of three or more of one character
    collapsed ("最最最好" → "最好"). `variant` is the OpenCC configuration for the
    Simplified step: `t2s` (characters), or `tw2sp` which also turns Taiwan wording into
    mainland wording (軟體 → 软件, 記憶體 → 内存) for matchers written in mainland terms,
    or `auto`, which converts only text that is Traditional, choosing `tw2sp` or `hk2sp`
    for it (`regional_variant`) and leaving Simplified text untouched; `lexicon` then
    rewrites the regional words OpenCC leaves alone (see `Lexicon`).

    Every step records where each output character came from, so a finding can quote and
    point at what the user actually wrote.
    """
    chars: list[str]
    origin: list[int]
    folded_all = unicodedata.normalize("NFKC", text).lower()
    if len(folded_all) == len(text):
        fast = _fast_path(
            folded_all, text, simplified, numerals, collapse_repeats, variant, lexicon
        )
        if fast is not None:
            return fast
        # The common case (full-width punctuation, no ligatures): one character for each,
        # so positions do not move and no per-character work is needed.
        chars, origin = list(folded_all), list(range(len(text)))
    else:
        chars, origin = [], []
        for i, ch in enumerate(text):
            folded = unicodedata.normalize("NFKC", ch).lower()
            for f in folded:
                chars.append(f)
                origin.append(i)
    if simplified:
        chars, origin = _simplify(chars, origin, variant)
    if _FILLER_RUN_RE.search("".join(chars)):
        chars, origin = _drop_fillers(chars, origin)
    if _SPELLED_RE.search("".join(chars)):
        chars, origin = _join_spelled(chars, origin)
    if lexicon is not None and lexicon.pattern.search("".join(chars)):
        chars, origin = _apply_lexicon(chars, origin, lexicon)
    if numerals:
        chars, origin = _numerals_to_digits(chars, origin)
    if collapse_repeats and _REPEAT_RE.search("".join(chars)):
        chars, origin = _collapse(chars, origin)
    return Normalized("".join(chars), tuple(origin), text)


def normalize_many(
    texts: Sequence[str],
    *,
    simplified: bool = True,
    numerals: bool = False,
    collapse_repeats: bool = False,
    variant: str = "t2s",
    lexicon: Lexicon | None = None,
) -> list[Normalized]:
    """`normalize` for many texts (a transcript's segments), with one OpenCC call for all
    of them: converting line by line costs more in call overhead than in conversion."""
    kwargs = {
        "numerals": numerals,
        "collapse_repeats": collapse_repeats,
        "variant": variant,
        "lexicon": lexicon,
    }
    if not simplified or len(texts) < 2 or any("\n" in t for t in texts):
        return [normalize(t, simplified=simplified, **kwargs) for t in texts]  # type: ignore[arg-type]
    converted = _convert_many(texts, variant)
    if converted is None:
        return [normalize(t, **kwargs) for t in texts]  # type: ignore[arg-type]
    out = []
    for text, conv in zip(texts, converted, strict=True):
        if len(conv) == len(text):
            n = normalize(conv, simplified=False, **kwargs)  # type: ignore[arg-type]
            out.append(Normalized(n.text, n.origin, text))
        else:
            out.append(normalize(text, **kwargs))  # type: ignore[arg-type]
    return out


def _convert_many(texts: Sequence[str], variant: str) -> list[str] | None:
    """Every text converted with one OpenCC call per configuration in use (None when a
    conversion does not keep the line count)."""
    joined = "\n".join(texts)
    if variant != "auto":
        out = convert_chinese(joined, variant).split("\n")
        return out if len(out) == len(texts) else None
    plain = convert_chinese(joined, "t2s").split("\n")
    if len(plain) != len(texts):
        return None
    converted = list(texts)
    groups: dict[str, list[int]] = {}
    for i, (text, simple) in enumerate(zip(texts, plain, strict=True)):
        config = regional_variant(text, simple) if simple != text else None
        if config is not None:
            groups.setdefault(config, []).append(i)
    for config, idx in groups.items():
        out = convert_chinese("\n".join(texts[i] for i in idx), config).split("\n")
        if len(out) != len(idx):
            return None
        for i, conv in zip(idx, out, strict=True):
            converted[i] = conv
    return converted


def _fast_path(
    folded: str,
    text: str,
    simplified: bool,
    numerals: bool,
    collapse_repeats: bool,
    variant: str,
    lexicon: Lexicon | None = None,
) -> Normalized | None:
    """Most lines: folding kept every position and conversion keeps the length, and no
    later step applies; then the origin map is the identity and no list is built."""
    out = folded
    if simplified and has_cjk(folded):
        out = _to_mainland(folded, variant)
        if len(out) != len(folded):
            return None
    if _FILLER_RUN_RE.search(out) or (collapse_repeats and _REPEAT_RE.search(out)):
        return None
    if _SPELLED_RE.search(out):
        return None
    if numerals and _ZH_NUMERAL_RE.search(out):
        return None
    if lexicon is not None and lexicon.pattern.search(out):
        return None
    return Normalized(out, tuple(range(len(out))), text)


def _apply_lexicon(
    chars: list[str], origin: list[int], lexicon: Lexicon
) -> tuple[list[str], list[int]]:
    joined = "".join(chars)
    table = dict(lexicon.table)
    out_c: list[str] = []
    out_o: list[int] = []
    pos = 0
    for m in lexicon.pattern.finditer(joined):
        s, e = m.span()
        out_c.extend(chars[pos:s])
        out_o.extend(origin[pos:s])
        new = table[m.group(0)]
        span = origin[s:e]
        for k, ch in enumerate(new):
            out_c.append(ch)
            out_o.append(span[min(k * len(span) // len(new), len(span) - 1)])
        if new and len(new) < len(span):
            out_o[-1] = span[-1]
        pos = e
    out_c.extend(chars[pos:])
    out_o.extend(origin[pos:])
    return out_c, out_o


def _simplify(
    chars: list[str], origin: list[int], config: str = "t2s"
) -> tuple[list[str], list[int]]:
    joined = "".join(chars)
    if not has_cjk(joined):
        return chars, origin
    out = _to_mainland(joined, config)
    if len(out) == len(joined):
        return list(out), origin
    return list(out), _align_origin(joined, out, origin)


def _align_origin(before: str, after: str, origin: list[int]) -> list[int]:
    """Origins for a phrase conversion that changed the length (記憶體 → 内存): unchanged
    runs keep theirs, a replaced run spreads its characters over the run it replaced."""
    from difflib import SequenceMatcher

    out: list[int] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(origin[i1:i2])
        elif tag in ("replace", "insert"):
            span = origin[i1:i2] or [origin[i1 - 1] if i1 > 0 else (origin[0] if origin else 0)]
            n = j2 - j1
            out.extend(span[min(k * len(span) // n, len(span) - 1)] for k in range(n))
            if tag == "replace" and n < len(span):
                out[-1] = span[-1]
    return out


# A word spelled out letter by letter to dodge a filter ("n-u-m-b-e-r o-n-e", "b.e.s.t"):
# three or more single letters joined by a hyphen, dot, star or underscore. Two letters
# ("a.m.", "e.g.", "e-mail") are left alone.
_SPELLED_RE = re.compile(r"(?<![a-z0-9])(?:[a-z][-.*_]){2,}[a-z](?![a-z0-9])")


def _join_spelled(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    joined = "".join(chars)
    drop: set[int] = set()
    for m in _SPELLED_RE.finditer(joined):
        drop.update(range(m.start() + 1, m.end(), 2))
    return (
        [c for i, c in enumerate(chars) if i not in drop],
        [o for i, o in enumerate(origin) if i not in drop],
    )


def _drop_fillers(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    keep_c: list[str] = []
    keep_o: list[int] = []
    n = len(chars)
    i = 0
    while i < n:
        ch = chars[i]
        if keep_c and _is_filler(ch) and is_cjk_char(keep_c[-1]):
            j = i
            while j < n and _is_filler(chars[j]):
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
        out_c.extend(chars[i : i + keep])
        out_o.extend(origin[i : i + keep])
        i = j
    return out_c, out_o


def match_key(text: str) -> str:
    """The plain normalised string for set/dict look-ups (cue banks, lexicons, names)."""
    return normalize(text).text


# -- which language a text is written in -----------------------------------------------------
# Each caller asks a different question (a document to lint, a chat log's audience, the
# stream a chat log belongs to), so each rule is named here; all count with is_cjk_char.

CJK_LANGUAGES = frozenset({"zh", "ja", "ko", "yue"})
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def is_cjk_language(code: str | None) -> bool:
    """A language code (zh, zh-CN, ja, ...) of a language written with CJK characters."""
    return bool(code) and str(code).lower().split("-")[0] in CJK_LANGUAGES


def cjk_count(text: str) -> int:
    """How many CJK ideographs `text` holds."""
    return sum(1 for ch in text if is_cjk_char(ch))


def document_language(texts: Sequence[str]) -> Literal["zh", "en"]:
    """zh when CJK characters outweigh Latin words (a word is about five letters): the
    language a script or caption file is linted in."""
    cjk = latin = 0
    for t in texts:
        cjk += len(CJK_RE.findall(t))
        latin += len(_LATIN_LETTER.findall(t))
        if cjk + latin > 20000:
            break
    return "zh" if cjk and cjk >= latin / 5 else "en"


def chat_language(texts: Sequence[str]) -> Literal["zh", "en"]:
    """zh when a fair share of messages are written in Chinese characters, else en: the
    language a chat report and its FAQ are written in."""
    if not texts:
        return "zh"
    share = sum(1 for t in texts if has_cjk(t)) / len(texts)
    return "zh" if share >= 0.3 else "en"


def script_language(texts: Sequence[str]) -> str | None:
    """The language a body of short texts (a chat log) is written in, where the script
    alone says it: Chinese, Japanese (kana) or Korean (hangul); None for Latin text, since
    Latin script does not name one language."""
    han = kana = hangul = latin = 0
    for text in texts:
        for ch in text:
            if "\u3040" <= ch <= "\u30ff":
                kana += 1
            elif "\uac00" <= ch <= "\ud7af":
                hangul += 1
            elif is_cjk_char(ch):
                han += 1
            elif ch.isalpha():
                latin += 1
    letters = han + kana + hangul + latin
    if letters < 20 or (han + kana + hangul) < 0.5 * letters:
        return None
    if kana >= 0.1 * (han + kana):
        return "ja"
    if hangul > han:
        return "ko"
    return "zh"


def columns(text: str) -> int:
    """Columns `text` takes on a terminal: wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
