"""Chinese script of a transcript: Simplified by default, at one place, words kept aligned.

Whisper writes Mandarin in Traditional characters much of the time (base: most segments),
whatever the audio. A mainland editor cannot post that, and every matcher downstream would
have to undo it, so the transcript the engines return is converted once, before it is cached
or written: segment text and word pieces together (`convert_aligned`, so word timings still
cover their own characters). `transcribe.chinese` / `--chinese` choose `simplified`
(default), `traditional` or `keep` (whatever Whisper wrote).

A Simplified initial prompt nudges the decoder towards Simplified output (it lowers the
error of the raw text, since OpenCC cannot repair a wrong Traditional variant choice), but
it is a hint, not a guarantee: the conversion is what makes the output Simplified.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

from livegen.errors import UsageError
from livegen.schemas.transcript import Segment
from livegen.text import (
    ChineseScript,
    convert_aligned,
    convert_chinese,
    has_cjk,
    is_cjk_char,
)

CHINESE_SCRIPTS: tuple[str, ...] = get_args(ChineseScript)
# Languages whose transcripts are written in Chinese characters and converted.
CHINESE_LANGUAGES = frozenset({"zh", "yue"})
# The decoder continues in the script of its prompt. Measured on the Mandarin test speech,
# longer prompts (naming a live stream, asking for punctuation) did no better or worse.
SIMPLIFIED_PROMPT = "以下是普通话的句子，使用简体中文。"
TRADITIONAL_PROMPT = "以下是普通話的句子，使用繁體中文。"

_OPENCC = {"simplified": "t2s", "traditional": "s2t"}


def check_script(value: str | None) -> ChineseScript:
    """The validated setting (`None` means the default, simplified)."""
    if value is None or value == "":
        return "simplified"
    v = str(value).strip().lower()
    if v not in CHINESE_SCRIPTS:
        raise UsageError(
            f"unknown Chinese script '{value}' (choose from {', '.join(CHINESE_SCRIPTS)})"
        )
    return v  # type: ignore[return-value]


def prompt_for(language: str | None, script: ChineseScript) -> str | None:
    """The initial prompt that biases a Chinese decode towards `script` (None otherwise)."""
    if language not in CHINESE_LANGUAGES:
        return None
    if script == "simplified":
        return SIMPLIFIED_PROMPT
    if script == "traditional":
        return TRADITIONAL_PROMPT
    return None


_FULL_WIDTH = str.maketrans({",": "，", "?": "？", "!": "！", ";": "；", ":": "："})


def chinese_punctuation(text: str) -> str:
    """ASCII , ? ! ; : written after a Chinese character become their full-width forms
    (Whisper often writes `1,2線,城市`); one character for one, so word pieces stay aligned.
    """
    out = list(text)
    for i, ch in enumerate(out):
        if ch in ",?!;:" and i > 0 and is_cjk_char(out[i - 1]):
            out[i] = ch.translate(_FULL_WIDTH)
    return "".join(out)


def _aligned_punctuation(pieces: list[str]) -> list[str]:
    joined = chinese_punctuation("".join(pieces))
    out, at = [], 0
    for p in pieces:
        out.append(joined[at : at + len(p)])
        at += len(p)
    return out


def convert_segment(seg: Segment, script: ChineseScript) -> Segment:
    """`seg` with its text and words in `script` (and Chinese punctuation full-width);
    word timings are unchanged."""
    config = _OPENCC.get(script)
    if config is None or not has_cjk(seg.text):
        return seg
    if seg.words:
        pieces = _aligned_punctuation(convert_aligned([w.word for w in seg.words], config))
        words = [w.model_copy(update={"word": p}) for w, p in zip(seg.words, pieces, strict=True)]
        joined = "".join(pieces).strip()
        # The segment text is the words joined, unless the engine's text differs (then it
        # is converted on its own, with the same phrase-level table).
        same = "".join(w.word for w in seg.words).strip() == seg.text.strip()
        text = joined if same else chinese_punctuation(convert_chinese(seg.text, config))
        return seg.model_copy(update={"text": text, "words": words})
    return seg.model_copy(update={"text": chinese_punctuation(convert_chinese(seg.text, config))})


def convert_segments(
    segments: Sequence[Segment], language: str | None, script: ChineseScript
) -> list[Segment]:
    """Convert every segment of a Chinese transcript; other languages pass untouched.

    A segment of a non-Chinese stream is converted too when it is itself mostly Chinese
    (the minority language of a mixed stream), since Japanese never comes out of a `zh`
    or mixed decode as such a segment would need Japanese kana to be Japanese.
    """
    if script == "keep":
        return list(segments)
    out: list[Segment] = []
    for seg in segments:
        if language in CHINESE_LANGUAGES or _is_chinese_segment(seg.text):
            out.append(convert_segment(seg, script))
        else:
            out.append(seg)
    return out


def _is_chinese_segment(text: str) -> bool:
    """Chinese ideographs and no kana/hangul (which would make it Japanese or Korean)."""
    if not has_cjk(text):
        return False
    return not any("\u3040" <= ch <= "\u30ff" or "\uac00" <= ch <= "\ud7af" for ch in text)


def traditional_only(text: str) -> list[str]:
    """Characters of `text` that Simplified writing does not use (t2s changes them)."""
    if not has_cjk(text):
        return []
    out = convert_chinese(text, "t2s")
    if len(out) != len(text):
        return sorted({ch for ch in text if convert_chinese(ch, "t2s") != ch})
    return sorted({a for a, b in zip(text, out, strict=True) if a != b})
