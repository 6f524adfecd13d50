"""The last line of defence against Whisper's repetition loops.

On unclear audio (music, crowd noise, a muted mic) Whisper can fall into a loop and emit
the same phrase dozens of times. The decoder thresholds (compression ratio, log-prob,
no-speech) and VAD catch most of it; this post-filter catches what slips through:
a segment that is mostly one unit repeated `max_repeats` times or more is collapsed to a
single occurrence, and a run of `max_repeats - 1` or more identical segments in a row
keeps only the first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from livegen.schemas.transcript import Segment, Word
from livegen.text import cjk_count

MAX_UNIT = 40  # longest repeated unit looked for, in characters
_BARE = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Run:
    start: int  # character index where the repetition starts
    unit: int  # length of the repeated unit
    end: int  # where it stops (may end inside a last, partial repeat)

    @property
    def count(self) -> int:
        return (self.end - self.start) // self.unit


def longest_run(text: str, min_count: int) -> Run | None:
    """The repetition covering most characters, repeated at least `min_count` times."""
    best: Run | None = None
    n = len(text)
    for unit in range(1, min(MAX_UNIT, n // max(min_count, 1)) + 1):
        i = 0
        while i + unit * min_count <= n:
            piece = text[i : i + unit]
            if not any(ch.isalnum() for ch in piece):
                i += 1
                continue
            count = 1
            while text[i + count * unit : i + (count + 1) * unit] == piece:
                count += 1
            if count >= min_count and (best is None or unit * count > best.end - best.start):
                best = _extend(text, Run(i, unit, i + unit * count))
            i += max(1, unit * (count - 1)) if count > 1 else 1
    return best


def _extend(text: str, run: Run) -> Run:
    """Grow a run over partial repeats on both sides (so it starts at a word, say)."""
    start, end = run.start, run.end
    while start > 0 and text[start - 1] == text[start - 1 + run.unit]:
        start -= 1
    while end < len(text) and text[end] == text[end - run.unit]:
        end += 1
    return Run(start, run.unit, end)


def _norm(text: str) -> str:
    return _BARE.sub("", unicodedata.normalize("NFKC", text)).lower()


def _collapse(seg: Segment, max_repeats: int) -> Segment | None:
    """Collapse a dominating repetition inside one segment; None when nothing is left."""
    words = seg.words
    joined = "".join(w.word for w in words) if words else seg.text
    run = longest_run(joined, max_repeats)
    if run is None or run.end - run.start < max(0.5 * len(joined.strip()), 8):
        return seg
    keep_to = run.start + run.unit  # keep the first occurrence
    if not words:
        text = (joined[:keep_to] + joined[run.end :]).strip()
        return seg.model_copy(update={"text": text}) if text else None
    kept: list[Word] = []
    pos = 0
    for w in words:
        begin = pos + len(w.word) - len(w.word.lstrip())
        pos += len(w.word)
        if begin < keep_to or begin >= run.end:
            kept.append(w)
    if not kept:
        return None
    text = "".join(w.word for w in kept).strip()
    return seg.model_copy(update={"text": text, "words": kept, "end": max(w.end for w in kept)})


def filter_repetitions(
    segments: Sequence[Segment], max_repeats: int = 4
) -> tuple[list[Segment], int]:
    """(kept segments, number of segments dropped or collapsed)."""
    changed = 0
    collapsed: list[Segment] = []
    for seg in segments:
        fixed = _collapse(seg, max_repeats)
        if fixed is not seg:
            changed += 1
        if fixed is not None and fixed.text.strip():
            collapsed.append(fixed)
    out: list[Segment] = []
    i = 0
    while i < len(collapsed):
        key = _norm(collapsed[i].text)
        j = i + 1
        while key and j < len(collapsed) and _norm(collapsed[j].text) == key:
            j += 1
        if j - i >= max(2, max_repeats - 1):
            out.append(collapsed[i])
            changed += j - i - 1
        else:
            out.extend(collapsed[i:j])
        i = j
    return out, changed


def drop_prompt_echoes(
    segments: Sequence[Segment], phrases: Sequence[str]
) -> tuple[list[Segment], int]:
    """Drop segments that only repeat the hotwords or prompt back.

    Whisper sometimes "transcribes" its own prompt over trailing silence or noise; such a
    segment consists of two or more of the given phrases and next to nothing else.
    """
    keys = sorted({k for k in (_norm(p) for p in phrases) if k}, key=len, reverse=True)
    if not keys:
        return list(segments), 0
    kept: list[Segment] = []
    dropped = 0
    for seg in segments:
        rest = _norm(seg.text)
        hits = 0
        for k in keys:
            if k in rest:
                hits += rest.count(k)
                rest = rest.replace(k, "")
        if hits >= 2 and len(rest) <= max(2, len(_norm(seg.text)) // 5):
            dropped += 1
            continue
        kept.append(seg)
    return kept, dropped


MAX_CHARS_PER_SECOND = 12.0  # faster than any host talks (Mandarin ~4-6, English ~15 letters)


def _rate(seg: Segment) -> float:
    chars = len(_norm(seg.text))
    cjk = cjk_count(seg.text)
    units = cjk + (chars - cjk) / 2.5  # ~2.5 Latin letters take as long as one CJK char
    return units / max(seg.end - seg.start, 0.05)


def drop_squeezed_repeats(segments: Sequence[Segment]) -> tuple[list[Segment], int]:
    """Drop a segment that repeats the one before it in a time too short to say it.

    With the previous text as its prompt, Whisper sometimes reads the last sentence again
    over the final half-second of a window (19 characters in 0.48 s). A real repetition by
    the host takes as long as the first one, so only an impossible speaking rate is dropped.
    """
    out: list[Segment] = []
    dropped = 0
    for seg in segments:
        if (
            out
            and _norm(seg.text)
            and _norm(seg.text) == _norm(out[-1].text)
            and _rate(seg) > MAX_CHARS_PER_SECOND
        ):
            dropped += 1
            continue
        out.append(seg)
    return out, dropped
