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

Whisper encodes 30 s of audio whatever it is given, so a 3-s hole decoded on its own costs
a whole 30-s encoder pass. Holes of one language are therefore packed, in timeline order,
into pieces of up to `PACK_SECONDS` (one encoder pass) with `PACK_GAP` of silence between
them, each pack decoded once, and its words handed back to the hole they lie in. Measured
on a 10-minute stream with 31 holes (docs/performance.md): the re-decodes were 43 % of the
transcription time before packing.
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
PACK_SECONDS = 30.0  # Whisper's own segment: one encoder pass decodes a whole pack
PACK_GAP = 1.0  # seconds of silence between two holes in one pack

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
    audio: np.ndarray,
    segments: Sequence[Segment],
    speech: Sequence[Span],
    decode: Decoder,
    *,
    pack: bool = False,
) -> tuple[list[Segment], int]:
    """(segments with the holes filled, number of holes that gave speech back).

    `decode` is the unbiased decoder for one short piece of audio (times from its start).
    With `pack` the holes are decoded together, several to a decode (see the module);
    without it (a stream whose language is detected per decode) each on its own.
    """
    duration = len(audio) / SAMPLE_RATE
    ranges: list[Span] = []
    for s, e in holes(speech, segments):
        ranges.append((max(0.0, s - CONTEXT), min(duration, e + CONTEXT)))
    pieces = [audio[int(lo * SAMPLE_RATE) : int(hi * SAMPLE_RATE)] for lo, hi in ranges]
    decoded = decode_packed(pieces, decode) if pack else [decode(p) for p in pieces]
    found: list[Segment] = []
    filled = 0
    for (lo, hi), got_here in zip(ranges, decoded, strict=True):
        got = [_shifted(seg, lo, lo, hi) for seg in got_here if seg.text.strip()]
        fresh = [g for g in got if g is not None and not _repeats(g, segments)]
        if fresh:
            filled += 1
            found += fresh
    if not found:
        return list(segments), 0
    merged = sorted([*segments, *found], key=lambda seg: (seg.start, seg.end))
    return merged, filled


def packs(
    lengths: Sequence[float], limit: float = PACK_SECONDS, gap: float = PACK_GAP
) -> list[list[int]]:
    """Indices of consecutive pieces grouped so that each group with its gaps fits `limit`
    (a piece longer than that is a group of its own)."""
    groups: list[list[int]] = []
    used = 0.0
    for i, n in enumerate(lengths):
        if groups and used + gap + n <= limit:
            groups[-1].append(i)
            used += gap + n
        else:
            groups.append([i])
            used = n
    return groups


def decode_packed(pieces: Sequence[np.ndarray], decode: Decoder) -> list[list[Segment]]:
    """Per piece, its segments (times from the piece's start), from one decode per pack."""
    import numpy as np

    out: list[list[Segment]] = [[] for _ in pieces]
    gap = np.zeros(int(PACK_GAP * SAMPLE_RATE), dtype=np.float32)
    for group in packs([len(p) / SAMPLE_RATE for p in pieces]):
        if len(group) == 1:
            out[group[0]] = decode(pieces[group[0]])
            continue
        starts: list[float] = []
        joined: list[np.ndarray] = []
        at = 0
        for k, i in enumerate(group):
            if k:
                joined.append(gap)
                at += len(gap)
            starts.append(at / SAMPLE_RATE)
            joined.append(pieces[i].astype(np.float32, copy=False))
            at += len(pieces[i])
        spans = [(a, a + len(pieces[i]) / SAMPLE_RATE) for a, i in zip(starts, group, strict=True)]
        for k, seg in split_by_piece(decode(np.concatenate(joined)), spans):
            out[group[k]].append(seg)
    return out


def _piece_of(t: float, spans: Sequence[Span]) -> int:
    """The piece whose stretch (with half of each neighbouring gap) holds time `t`."""
    for k, (_, end) in enumerate(spans[:-1]):
        if t < (end + spans[k + 1][0]) / 2:
            return k
    return len(spans) - 1


def split_by_piece(decoded: Sequence[Segment], spans: Sequence[Span]) -> list[tuple[int, Segment]]:
    """A pack's segments cut at the gaps between its pieces: (piece, segment with times
    from that piece's start). A segment's words go to the piece they lie in; a segment
    without word timings goes whole to the piece its middle lies in."""
    out: list[tuple[int, Segment]] = []
    for seg in decoded:
        if not seg.words:
            k = _piece_of((seg.start + seg.end) / 2, spans)
            out.append((k, _moved(seg, spans[k])))
            continue
        runs: list[tuple[int, list[Word]]] = []
        for w in seg.words:
            k = _piece_of((w.start + w.end) / 2, spans)
            if runs and runs[-1][0] == k:
                runs[-1][1].append(w)
            else:
                runs.append((k, [w]))
        if len(runs) == 1:
            out.append((runs[0][0], _moved(seg, spans[runs[0][0]])))
            continue
        for k, words in runs:
            text = "".join(w.word for w in words).strip()
            part = seg.model_copy(
                update={"start": words[0].start, "end": words[-1].end, "words": words, "text": text}
            )
            out.append((k, _moved(part, spans[k])))
    return out


def _moved(seg: Segment, span: Span) -> Segment:
    """`seg` with times from the start of `span` (a piece of a pack), kept inside it: a
    word may reach a little into the silence around its piece."""
    lo, hi = span

    def at(t: float) -> float:
        return min(max(t - lo, 0.0), hi - lo)

    words = [w.model_copy(update={"start": at(w.start), "end": at(w.end)}) for w in seg.words]
    return seg.model_copy(update={"start": at(seg.start), "end": at(seg.end), "words": words})


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
