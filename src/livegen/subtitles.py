"""Subtitle cues from word timestamps, and the SRT, VTT and TXT writers.

Used by `livegen transcribe --srt/--vtt` for a whole recording and by the clip stage for
a sub-range re-timed to the clip (`build_cues(t, start=, end=, offset=0)`). Lines break
between the transcript's words, never inside one where it can be helped: Chinese at
punctuation and at 16 characters, other languages at word boundaries within 42
characters; at most two lines per cue, and a cue ends at a sentence end, a pause or
after `max_duration` seconds.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from livegen.schemas.transcript import Segment, Transcript, Word

CJK_LANGS = frozenset({"zh", "ja", "ko", "yue"})
SENTENCE_END = tuple("。！？!?….")
CLAUSE_END = tuple("，,、；;：:")
CJK_TRIM = "，,、；;：:。."  # dropped at the end of a Chinese subtitle line, by convention
DEFAULT_MAX_CHARS = {True: 16, False: 42}


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class TimedText(Protocol):
    """Anything with a time span and (multi-line) text: these cues, or clip captions."""

    @property
    def start(self) -> float: ...

    @property
    def end(self) -> float: ...

    @property
    def text(self) -> str: ...


@dataclass
class _Unit:
    start: float
    end: float
    text: str
    new_segment: bool


def is_cjk_char(ch: str) -> bool:
    return "CJK" in unicodedata.name(ch, "") or "\u3040" <= ch <= "\u30ff" or \
        "\uac00" <= ch <= "\ud7af"


def looks_cjk(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(is_cjk_char(c) for c in letters) * 2 >= len(letters)


def _units(source: Transcript | Sequence[Segment] | Sequence[Word]) -> list[_Unit]:
    items: Sequence[Segment] | Sequence[Word]
    items = source.segments if isinstance(source, Transcript) else source
    out: list[_Unit] = []
    for item in items:
        if isinstance(item, Word):
            out.append(_Unit(item.start, item.end, item.word, False))
            continue
        words = item.words or [Word(start=item.start, end=item.end, word=item.text)]
        for i, w in enumerate(words):
            out.append(_Unit(w.start, w.end, w.word, i == 0))
    return out


def _width(text: str) -> int:
    return len(text)


def _join(a: str, b: str, cjk: bool) -> str:
    if not a:
        return b
    if cjk and not (a[-1].isascii() and a[-1].isalnum() and b[:1].isascii()
                    and b[:1].isalnum()):
        return a + b
    return a + " " + b


def _split_long(u: _Unit, max_chars: int, cjk: bool) -> list[_Unit]:
    """A single word longer than a line: cut it (at punctuation when possible)."""
    text = u.text
    if _width(text) <= max_chars:
        return [u]
    pieces: list[str] = []
    while len(text) > max_chars:
        cut = max((text.rfind(p, 0, max_chars) for p in CLAUSE_END + SENTENCE_END), default=-1)
        if cut <= 0:
            cut = text.rfind(" ", 0, max_chars + 1) if not cjk else -1
        cut = cut + 1 if cut > 0 else max_chars
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    if text:
        pieces.append(text)
    total = sum(len(p) for p in pieces) or 1
    out: list[_Unit] = []
    t = u.start
    for i, p in enumerate(pieces):
        dt = (u.end - u.start) * len(p) / total
        out.append(_Unit(t, t + dt, p, u.new_segment and i == 0))
        t += dt
    return out


def _finish_line(line: str, cjk: bool) -> str:
    line = line.strip()
    if cjk:
        line = line.rstrip(CJK_TRIM).strip() or line
    return line


def build_cues(
    source: Transcript | Sequence[Segment] | Sequence[Word],
    start: float | None = None,
    end: float | None = None,
    offset: float = 0.0,
    lang: str | None = None,
    max_chars: int | None = None,
    max_lines: int = 2,
    min_duration: float = 0.8,
    max_duration: float = 6.0,
    pause: float = 0.8,
) -> list[Cue]:
    """Cues for the words between `start` and `end`, timed `t - start + offset`.

    A word belongs to the range when its middle lies inside it; its times are clamped
    to the range, so a clip's cues start at or after 0.
    """
    units = _units(source)
    if lang is None and isinstance(source, Transcript):
        lang = source.language
    lo = 0.0 if start is None else start
    hi = float("inf") if end is None else end
    picked = []
    for u in units:
        text = u.text.strip()
        mid = (u.start + u.end) / 2
        if not text or mid < lo or mid > hi:
            continue
        s = max(u.start, lo) - lo + offset
        e = min(u.end, hi) - lo + offset
        picked.append(_Unit(s, max(e, s), text, u.new_segment))
    if not picked:
        return []
    cjk = lang in CJK_LANGS if lang else looks_cjk("".join(u.text for u in picked))
    limit = max_chars or DEFAULT_MAX_CHARS[cjk]
    pieces = [p for u in picked for p in _split_long(u, limit, cjk)]

    cues: list[Cue] = []
    cue: list[_Unit] = []
    capacity = limit * max_lines

    def close() -> None:
        nonlocal cue
        lines = [x for x in (_finish_line(x, cjk) for x in _layout(cue, limit, max_lines, cjk))
                 if x]
        if lines:
            cues.append(Cue(cue[0].start, cue[-1].end, tuple(lines)))
        cue = []

    for u in pieces:
        if cue and (u.new_segment or u.start - cue[-1].end > pause
                    or u.end - cue[0].start > max_duration
                    or _width(_text([*cue, u], cjk)) > capacity):
            close()
        cue.append(u)
        if u.text.endswith(SENTENCE_END) or (
                u.text.endswith(CLAUSE_END) and _width(_text(cue, cjk)) >= limit):
            close()
    if cue:
        close()
    return _fix_timing(cues, min_duration)


def _text(units: Sequence[_Unit], cjk: bool) -> str:
    out = ""
    for u in units:
        out = _join(out, u.text, cjk)
    return out


def _layout(units: Sequence[_Unit], limit: int, max_lines: int, cjk: bool) -> list[str]:
    """Break a cue into balanced lines at word boundaries, preferring punctuation."""
    whole = _text(units, cjk)
    if _width(whole) <= limit or len(units) < 2:
        return [whole]
    if max_lines < 2:
        return [whole]
    best: tuple[float, int] | None = None
    for k in range(1, len(units)):
        a, b = _text(units[:k], cjk), _text(units[k:], cjk)
        over = max(0, _width(a) - limit) + max(0, _width(b) - limit)
        score = over * 100 + max(_width(a), _width(b))
        if units[k - 1].text.endswith(CLAUSE_END + SENTENCE_END):
            score -= 3
        if best is None or score < best[0]:
            best = (score, k)
    assert best is not None
    k = best[1]
    rest = _layout(units[k:], limit, max_lines - 1, cjk) if max_lines > 2 else \
        [_text(units[k:], cjk)]
    return [_text(units[:k], cjk), *rest]


def _fix_timing(cues: list[Cue], min_duration: float) -> list[Cue]:
    """Give short cues time to be read without overlapping the next one."""
    out: list[Cue] = []
    for i, c in enumerate(cues):
        nxt = cues[i + 1].start if i + 1 < len(cues) else float("inf")
        end = max(c.end, c.start + min_duration)
        end = min(end, nxt) if nxt >= c.end else c.end
        out.append(Cue(round(c.start, 3), round(max(end, c.start), 3), c.lines))
    return out


def _stamp(t: float, sep: str) -> str:
    ms = max(0, round(t * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: Iterable[TimedText]) -> str:
    blocks = [f"{i}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n"
              for i, c in enumerate(cues, 1)]
    return "\n".join(blocks)


def to_vtt(cues: Iterable[TimedText]) -> str:
    blocks = [f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n" for c in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def to_txt(transcript: Transcript) -> str:
    """Plain text, one segment per line, for reading and searching."""
    lines = [s.text.strip() for s in transcript.segments if s.text.strip()]
    return "\n".join(lines) + ("\n" if lines else "")
