"""Word timings an editor can cut on: no word starts inside a pause, none lasts too long.

Whisper's word timestamps come from cross-attention and drift across long pauses: the first
word after a silence is often stamped at the end of the previous sentence (`也` at 50.97 s
while it is spoken at 61.0 s), and a word can stretch over the whole gap. A highlight window
or a clip cut on such a word carries seconds of silence, and the SRT jumps.

The voice-activity detector knows where speech is. A word that starts in a pause is moved
to the speech it belongs to: the first word of a segment (or one followed by words of the
next stretch) to the next speech onset, the last word of a segment back to the end of the
speech before. Then no word may last longer than it could be spoken (`word_cap`); an
over-long word is cut on the side that touches a pause. Segment bounds follow their words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from livegen.schemas.transcript import Segment, Word
from livegen.text import is_cjk_char
from livegen.transcribe.coverage import Span, merge

if TYPE_CHECKING:
    import numpy as np

SAMPLE_RATE = 16_000
MAX_WORD = 2.5  # seconds: no word lasts longer (the bar a cut needs)
TOLERANCE = 0.15  # a start this close to speech counts as in it
_VOWELS = re.compile(r"[aeiouyà-ÿ]+", re.IGNORECASE)


def word_cap(text: str) -> float:
    """The longest a word of this text plausibly takes to say, even drawn out by a host:
    0.4 s plus 0.6 s per syllable (a CJK character, a Latin vowel group), at most 2.5 s."""
    cjk = sum(1 for ch in text if is_cjk_char(ch))
    latin = len(_VOWELS.findall("".join(ch for ch in text if not is_cjk_char(ch))))
    units = max(1, cjk + latin)
    return min(MAX_WORD, 0.4 + 0.6 * units)


def energy_spans(audio: np.ndarray, frame_seconds: float = 0.03) -> list[Span]:
    """Speech-like stretches by short-time energy over the audio's own floor (for engines
    without a voice-activity detector)."""
    import numpy as np

    frame = int(frame_seconds * SAMPLE_RATE)
    n = len(audio) // frame
    if n == 0:
        return []
    rms = np.sqrt((audio[: n * frame].reshape(n, frame) ** 2).mean(axis=1) + 1e-12)
    db = 20 * np.log10(rms)
    floor = float(np.quantile(db, 0.1))
    loud = db > max(floor + 10.0, -50.0)
    spans: list[Span] = []
    start = None
    for i, v in enumerate([*loud, False]):
        if v and start is None:
            start = i
        elif not v and start is not None:
            if (i - start) * frame_seconds >= 0.1:
                spans.append((max(0.0, start * frame_seconds - 0.2), i * frame_seconds + 0.2))
            start = None
    return merge(spans, gap=0.5)


class _Speech:
    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = merge(spans)
        self.starts = [s for s, _ in self.spans]

    def contains(self, t: float) -> bool:
        i = bisect.bisect_right(self.starts, t + TOLERANCE) - 1
        return i >= 0 and t <= self.spans[i][1] + TOLERANCE

    def next_onset(self, t: float) -> float | None:
        i = bisect.bisect_right(self.starts, t)
        return self.spans[i][0] if i < len(self.spans) else None

    def span_of(self, t: float) -> Span | None:
        i = bisect.bisect_right(self.starts, t + TOLERANCE) - 1
        if i >= 0 and t <= self.spans[i][1] + TOLERANCE:
            return self.spans[i]
        return None

    def previous_end(self, t: float) -> float | None:
        i = bisect.bisect_right(self.starts, t) - 1
        return self.spans[i][1] if i >= 0 else None


HEAD_GAP = 1.5  # seconds between two words of one segment that mark a split sentence
HEAD_WORDS = 2  # at most this many words cut off at a segment's head or tail


def _rejoin_head_and_tail(words: list[Word], speech: _Speech) -> list[Word]:
    """A segment's first word(s) stamped before a long pause, while the rest of the sentence
    follows it (`也` … 10 s … `成为地方政府`), are moved to just before the rest; a last
    word stamped after a long pause moves back to the end of its sentence."""
    n = len(words)
    if n < 2:
        return words
    gaps = [i for i in range(1, n) if words[i].start - words[i - 1].end >= HEAD_GAP]
    if not gaps:
        return words
    head = gaps[0]
    if head <= HEAD_WORDS and head < n - head:
        span = speech.span_of(words[head].start)
        onset = span[0] if span else words[head].start - 0.3
        onset = max(onset, words[head - 1].end)
        budget = max(words[head].start - onset, 0.05 * head)
        step = min(budget / head, max(word_cap(w.word) for w in words[:head]))
        at = words[head].start - step * head
        for k in range(head):
            words[k] = words[k].model_copy(
                update={"start": round(at, 3), "end": round(at + step, 3)}
            )
            at += step
    tail = gaps[-1]
    if n - tail <= HEAD_WORDS and n - tail < tail:
        span = speech.span_of(words[tail - 1].end)
        end_at = span[1] if span else words[tail - 1].end + 0.3
        end_at = min(end_at, words[tail].start)
        count = n - tail
        budget = max(end_at - words[tail - 1].end, 0.05 * count)
        step = min(budget / count, max(word_cap(w.word) for w in words[tail:]))
        at = words[tail - 1].end
        for k in range(tail, n):
            words[k] = words[k].model_copy(
                update={"start": round(at, 3), "end": round(at + step, 3)}
            )
            at += step
    return words


def repair_segment(seg: Segment, speech: _Speech) -> Segment:
    if not seg.words:
        return seg
    words = _rejoin_head_and_tail([w.model_copy() for w in seg.words], speech)
    n = len(words)
    for i, w in enumerate(words):
        if speech.contains(w.start):
            continue
        onset, prev_end = speech.next_onset(w.start), speech.previous_end(w.start)
        if onset is None and prev_end is None:
            continue
        forward = _belongs_forward(words, i, onset, prev_end)
        cap = word_cap(w.word)
        if forward and onset is not None:
            end = w.end if w.end > onset + 0.05 else onset + min(w.end - w.start, cap)
            if i + 1 < n and words[i + 1].start > onset:
                end = min(end, words[i + 1].start)
            words[i] = w.model_copy(
                update={"start": round(onset, 3), "end": round(max(end, onset + 0.05), 3)}
            )
        elif prev_end is not None:
            end = min(w.end, prev_end)
            start = max(end - min(w.end - w.start, cap), words[i - 1].end if i else 0.0)
            words[i] = w.model_copy(
                update={"start": round(min(start, end), 3), "end": round(end, 3)}
            )
    for i, w in enumerate(words):
        # A word that starts in speech ends with it, not in the silence after it.
        span = speech.span_of(w.start)
        if span is not None and not speech.contains(w.end):
            words[i] = w = w.model_copy(
                update={"end": round(max(min(w.end, span[1] + TOLERANCE), w.start + 0.05), 3)}
            )
        cap = word_cap(w.word)
        if w.end - w.start <= cap:
            continue
        # Cut the side that faces a pause: a word glued to the next one keeps its end.
        glued = i + 1 < n and words[i + 1].start - w.end < 0.1
        if glued or not speech.contains(w.start):
            words[i] = w.model_copy(update={"start": round(w.end - cap, 3)})
        else:
            words[i] = w.model_copy(update={"end": round(w.start + cap, 3)})
    return seg.model_copy(
        update={
            "words": words,
            "start": round(min(w.start for w in words), 3),
            "end": round(max(w.end for w in words), 3),
        }
    )


def _belongs_forward(
    words: Sequence[Word], i: int, onset: float | None, prev_end: float | None
) -> bool:
    """Does the word in a pause belong to the speech after it (else to the speech before)?"""
    if onset is None:
        return False
    if prev_end is None or i == 0:
        return True
    if i == len(words) - 1:
        return False
    if words[i + 1].start >= onset - TOLERANCE:
        return True
    w = words[i]
    return (onset - w.end) < (w.start - prev_end)


def repair_timing(segments: Sequence[Segment], spans: Sequence[Span]) -> list[Segment]:
    """Segments whose words start in speech and last a speakable time (see module doc)."""
    if not spans:
        return list(segments)
    speech = _Speech(spans)
    return [repair_segment(seg, speech) for seg in segments]
