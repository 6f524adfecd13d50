"""No speech lost: re-decode the speech a biased or unlucky decode left without words.

Why sentences went missing with `--hotwords` (and `--spec`): faster-whisper puts the hotwords
into the prompt of *every* 30-s segment (the initial prompt only reaches the first). Under
that bias the decoder sometimes reads the hotwords back instead of the audio, or scores a
whole 30-s segment as no-speech and skips it. The echo was then removed by the prompt-echo
filter, and the speech under it with it; a skipped segment left nothing at all. Both losses
were silent.

The fix is at the level where it can be checked: the voice-activity detector says where
speech is. After a window is decoded (and prompt echoes dropped), every stretch of detected
speech that no decoded word covers is decoded again on its own, *without* hotwords or
prompt, and what comes back fills the hole. The same repair catches speech lost for other
reasons (a mixed-language stream's per-segment detection, a temperature fallback).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from livegen.schemas.transcript import Segment, Word

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16_000
MIN_HOLE = 1.0  # seconds of uncovered speech worth a second decode
WORD_PAD = 0.4  # a decoded word covers this much around itself
MERGE_GAP = 1.0  # holes closer than this are decoded together
CONTEXT = 0.3  # seconds of audio kept on each side of a hole

Span = tuple[float, float]


def merge(spans: Sequence[Span], gap: float = 0.0) -> list[Span]:
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1] + gap:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def covered(segments: Sequence[Segment], pad: float = WORD_PAD) -> list[Span]:
    """Where decoded words are (segment bounds for segments without word timings)."""
    spans: list[Span] = []
    for seg in segments:
        if seg.words:
            spans += [(w.start - pad, w.end + pad) for w in seg.words]
        else:
            spans.append((seg.start, seg.end))
    return merge(spans)


def holes(
    speech: Sequence[Span], segments: Sequence[Segment], min_hole: float = MIN_HOLE
) -> list[Span]:
    """Stretches of `speech` that no decoded word covers, at least `min_hole` long."""
    cover = covered(segments)
    out: list[Span] = []
    for s, e in merge(speech):
        cur = s
        for cs, ce in cover:
            if ce <= cur or cs >= e:
                continue
            if cs > cur:
                out.append((cur, cs))
            cur = max(cur, ce)
        if cur < e:
            out.append((cur, e))
    return [h for h in merge(out, MERGE_GAP) if h[1] - h[0] >= min_hole]


Decoder = Callable[["np.ndarray"], list[Segment]]


def fill_holes(
    audio: np.ndarray, segments: Sequence[Segment], speech: Sequence[Span], decode: Decoder
) -> tuple[list[Segment], int]:
    """(segments with the holes filled, number of holes that gave speech back).

    `decode` is the unbiased decoder for one short piece of audio (times from its start).
    """
    found: list[Segment] = []
    filled = 0
    duration = len(audio) / SAMPLE_RATE
    for s, e in holes(speech, segments):
        lo, hi = max(0.0, s - CONTEXT), min(duration, e + CONTEXT)
        piece = audio[int(lo * SAMPLE_RATE) : int(hi * SAMPLE_RATE)]
        got = [_shifted(seg, lo, lo, hi) for seg in decode(piece) if seg.text.strip()]
        fresh = [g for g in got if g is not None and not _repeats(g, segments)]
        if fresh:
            filled += 1
            found += fresh
    if not found:
        return list(segments), 0
    merged = sorted([*segments, *found], key=lambda seg: (seg.start, seg.end))
    return merged, filled


def _key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def _repeats(seg: Segment, segments: Sequence[Segment], share: float = 0.6) -> bool:
    """Is `seg` the text of a nearby segment again? A first pass can decode a sentence
    right but stamp its words short of the speech; the second decode of the "hole" then
    reads the same sentence, which must not appear twice."""
    key = _key(seg.text)
    if not key:
        return True
    for other in segments:
        if other.end < seg.start - 30 or other.start > seg.end + 30:
            continue
        o = _key(other.text)
        m = difflib.SequenceMatcher(None, key, o, autojunk=False).find_longest_match(
            0, len(key), 0, len(o)
        )
        if m.size >= max(2, share * len(key)):
            return True
    return False


def _shifted(seg: Segment, offset: float, lo: float, hi: float) -> Segment | None:
    def clamp(t: float) -> float:
        return round(min(max(t + offset, lo), hi), 3)

    words = [
        Word(
            start=clamp(w.start),
            end=max(clamp(w.end), clamp(w.start)),
            word=w.word,
            probability=w.probability,
        )
        for w in seg.words
    ]
    start, end = clamp(seg.start), clamp(seg.end)
    if end <= start and not words:
        return None
    return seg.model_copy(update={"start": start, "end": max(end, start), "words": words})
