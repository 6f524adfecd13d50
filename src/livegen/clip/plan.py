"""Which ranges of the recording become clips, and where exactly they start and end.

A highlight's range comes from text analysis and may start mid-sentence; a clip that
opens on half a word feels broken. So each range is widened to the sentence edges of
the transcript (never by more than `max_extend`), padded a little so the first syllable
is not clipped, and then cut back to the platform's maximum duration at a sentence end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from livegen.errors import UsageError
from livegen.schemas.highlights import Highlights
from livegen.schemas.transcript import Transcript
from livegen.timefmt import parse_clock

MAX_TIME = 7 * 24 * 3600  # a week of stream; beyond it a time is a typo


def _at_time(text: str) -> float:
    """One end of an --at range, in any form `timefmt.parse_clock` reads."""
    try:
        total = parse_clock(text)
    except ValueError as exc:
        raise UsageError(f"--at: {exc}") from None
    if not total <= MAX_TIME:  # also NaN, and digits that overflow to infinity
        raise UsageError(
            f"--at: time {text.strip()[:40]!r} is past any recording "
            f"(at most {MAX_TIME // 3600} hours)"
        )
    return total


def parse_range(text: str) -> tuple[float, float]:
    """`START-END`, each end as `timefmt.parse_clock` reads it."""
    pieces = text.split("-")
    if len(pieces) != 2 or not all(p.strip() for p in pieces):
        raise UsageError(f"--at: expected START-END, got {text!r} (e.g. 00:12:30-00:13:05)")
    start, end = _at_time(pieces[0]), _at_time(pieces[1])
    if end <= start:
        raise UsageError(f"--at: end must be after start in {text!r}")
    return start, end


@dataclass
class ClipRange:
    """One clip to render: its range on the joined source timeline plus what it is about."""

    index: int  # 1-based, gives the file name its number
    start: float
    end: float
    title: str = ""
    hook: str = ""
    text: str = ""
    score: float | None = None
    product: str | None = None
    category: str = ""
    requested: tuple[float, float] = (0.0, 0.0)  # before snapping
    notes: list[str] = field(default_factory=list)

    @property
    def duration(self) -> float:
        return self.end - self.start


def _sentences(transcript: Transcript) -> list[tuple[float, float]]:
    return [(s.start, s.end) for s in transcript.segments if s.end > s.start]


def snap_range(
    start: float,
    end: float,
    transcript: Transcript | None,
    *,
    total: float,
    max_duration: float,
    pad: float = 0.25,
    max_extend: float = 4.0,
) -> tuple[float, float]:
    """Widen to sentence edges, pad, clamp to the source and to the platform limit."""
    if transcript is not None:
        for s0, s1 in _sentences(transcript):
            if s0 < start < s1 and start - s0 <= max_extend:
                start = s0
            if s0 < end < s1 and s1 - end <= max_extend:
                end = s1
    start = max(0.0, start - pad)
    end = min(total, end + pad) if total > 0 else end + pad
    if end - start > max_duration:
        limit = start + max_duration
        best = None
        if transcript is not None:
            ends = [
                s1 + pad
                for _, s1 in _sentences(transcript)
                if start + max_duration * 0.5 < s1 + pad <= limit
            ]
            best = max(ends) if ends else None
        end = best if best is not None else limit
    return round(start, 3), round(end, 3)


def plan_ranges(
    *,
    highlights: Highlights | None,
    at: list[tuple[float, float]],
    transcript: Transcript | None,
    total: float,
    max_duration: float,
    top: int | None,
    pad: float = 0.25,
    warn: Callable[[str], None] | None = None,
) -> list[ClipRange]:
    """Clip ranges from explicit `--at` ranges (in order) or the best highlights.

    A highlight whose end is not after its start cannot be cut; it is skipped, and `warn`
    hears which one (number in the file, title, range) so a hand edit gone wrong is seen.
    """
    out: list[ClipRange] = []
    if at:
        items = [ClipRange(0, s, e, requested=(s, e)) for s, e in at]
    elif highlights is not None:
        items = []
        for n, h in enumerate(highlights.highlights, 1):
            if h.end > h.start:
                items.append(
                    ClipRange(
                        0,
                        h.start,
                        h.end,
                        title=h.title,
                        hook=h.hook,
                        text=h.text,
                        score=h.score,
                        product=h.product,
                        category=h.category,
                        requested=(h.start, h.end),
                    )
                )
            elif warn is not None:
                why = "ends before it starts" if h.end < h.start else "is empty"
                name = f" '{h.title}'" if h.title else ""
                warn(f"highlight {n}{name} ({h.start:.2f}-{h.end:.2f} s) {why}: skipped")
    else:
        items = []
    if top is not None:
        items = items[:top]
    for item in items:
        if total > 0 and item.start >= total:
            raise UsageError(
                f"range {item.start:.2f}-{item.end:.2f} s starts after the end of the "
                f"recording ({total:.2f} s)"
            )
        s, e = snap_range(
            item.start, item.end, transcript, total=total, max_duration=max_duration, pad=pad
        )
        if e - (item.requested[1] + pad) < -0.01 and e - s >= max_duration - 0.01:
            item.notes.append(f"cut to the platform's {max_duration:.0f} s limit")
        item.start, item.end = s, e
        item.index = len(out) + 1
        if not item.text and transcript is not None:
            item.text = " ".join(
                seg.text.strip() for seg in transcript.segments if seg.end > s and seg.start < e
            )
        out.append(item)
    return out


def slugify(text: str, limit: int = 24) -> str:
    """A file-name-safe slug that keeps CJK characters (they are valid in file names)."""
    text = re.sub(r"[\s_.]+", "-", text.strip().lower())  # "live.zh" -> "live-zh"
    text = re.sub(r"[^\w\-\u3400-\u9fff]", "", text)
    text = re.sub(r"-{2,}", "-", text).strip("-")
    return text[:limit].strip("-") or "clip"
