"""Captions for vertical video: short lines, at most two, re-timed to the clip.

Phones show captions large and narrow, so a cue holds at most two short lines (about 12
CJK characters or 28 Latin characters each, scaled with the font size), breaks after
punctuation when it can and never inside a word. Cues come from the transcript's word
timings, so each one appears when its first word is spoken.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from livegen.errors import UsageError
from livegen.schemas.transcript import Transcript, Word

CJK_LINE = 12.0  # CJK characters per line at the default size
_LATIN_CELL = 12.0 / 28.0  # one Latin character costs this much of a CJK-wide cell
_BREAK_AFTER = set("，。！？；：、,.!?;:…~～")
_STRONG_END = set("。！？!?.…")
MAX_CUE_SECONDS = 3.5
PAUSE_SPLIT = 0.6


def is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def text_width(text: str) -> float:
    """Width in CJK cells: a CJK character is 1, a Latin one 12/28 of that."""
    return sum(1.0 if is_cjk(c) else _LATIN_CELL for c in text)


@dataclass
class CueWord:
    text: str  # as shown (already stripped)
    start: float  # seconds on the clip timeline
    end: float
    space_before: bool = False


@dataclass
class Cue:
    start: float
    end: float
    lines: list[list[CueWord]] = field(default_factory=list)

    def line_texts(self) -> list[str]:
        return [join_words(line) for line in self.lines]

    @property
    def text(self) -> str:
        return "\n".join(self.line_texts())


def join_words(words: list[CueWord]) -> str:
    out = ""
    for i, w in enumerate(words):
        out += (" " if i and w.space_before else "") + w.text
    return out


def _needs_space(prev: str, cur: str) -> bool:
    """Latin words are joined with a space; CJK characters and punctuation are not."""
    if not prev or not cur:
        return False
    if is_cjk(prev[-1]) or is_cjk(cur[0]):
        return False
    return not unicodedata.category(cur[0]).startswith("P")


def _split_long(text: str, limit: float) -> list[str]:
    """A single CJK 'word' longer than a line (Whisper often gives whole phrases) is split
    into pieces; a Latin word is never split."""
    if text_width(text) <= limit or not any(is_cjk(c) for c in text):
        return [text]
    pieces, cur = [], ""
    for ch in text:
        if text_width(cur + ch) > limit and cur:
            pieces.append(cur)
            cur = ""
        cur += ch
    if cur:
        pieces.append(cur)
    return pieces


def clip_words(transcript: Transcript, start: float, end: float) -> list[CueWord]:
    """The words spoken inside [start, end], timed from the clip's start.

    Segments without word timings are spread evenly over their time span, so older
    transcripts still give captions.
    """
    out: list[CueWord] = []
    prev = ""
    for seg in transcript.segments:
        if seg.end <= start or seg.start >= end:
            continue
        words: list[Word] = list(seg.words)
        if not words and seg.text.strip():
            words = _even_words(seg.text.strip(), seg.start, seg.end)
        for w in words:
            mid = (w.start + w.end) / 2
            if mid < start or mid > end:
                continue
            raw = w.word.strip()
            if not raw:
                continue
            ws, we = max(w.start, start) - start, min(w.end, end) - start
            parts = _split_long(raw, CJK_LINE)
            step = (we - ws) / len(parts)
            for i, part in enumerate(parts):
                out.append(CueWord(part, ws + i * step, ws + (i + 1) * step,
                                   space_before=_needs_space(prev, part)))
                prev = part
    return out


def _even_words(text: str, start: float, end: float) -> list[Word]:
    tokens = re.findall(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+", text)
    if not tokens:
        return []
    step = (end - start) / len(tokens)
    return [Word(start=start + i * step, end=start + (i + 1) * step, word=t)
            for i, t in enumerate(tokens)]


def build_cues(
    words: list[CueWord],
    *,
    line_limit: float = CJK_LINE,
    max_lines: int = 2,
    max_seconds: float = MAX_CUE_SECONDS,
    clip_duration: float | None = None,
) -> list[Cue]:
    """Group words into cues of at most `max_lines` lines of at most `line_limit` cells."""
    cues: list[Cue] = []
    lines: list[list[CueWord]] = []
    line: list[CueWord] = []

    def flush_cue() -> None:
        nonlocal lines, line
        if line:
            lines.append(line)
        if lines:
            cues.append(Cue(lines[0][0].start, lines[-1][-1].end, lines))
        lines, line = [], []

    for i, w in enumerate(words):
        if line or lines:
            first = (lines[0][0] if lines else line[0])
            prev = line[-1] if line else lines[-1][-1]
            pause = w.start - prev.end
            too_long = w.end - first.start > max_seconds
            if pause > PAUSE_SPLIT or too_long or prev.text[-1] in _STRONG_END:
                flush_cue()
        candidate = join_words([*line, w]) if line else w.text
        if line and text_width(candidate) > line_limit:
            # Prefer to break after the last punctuation inside the line.
            cut = max((k for k, lw in enumerate(line[:-1]) if lw.text[-1] in _BREAK_AFTER),
                      default=None)
            if cut is not None and len(lines) + 1 < max_lines:
                lines.append(line[:cut + 1])
                line = line[cut + 1:]
            else:
                lines.append(line)
                line = []
            if len(lines) >= max_lines:
                carry = line
                line = []
                flush_cue()
                line = carry
        line.append(w)
        if w.text[-1] in _BREAK_AFTER and i + 1 < len(words) and len(lines) + 1 < max_lines \
                and text_width(join_words(line)) > line_limit * 0.5:
            lines.append(line)
            line = []
    flush_cue()
    # Keep each cue up until the next one starts if the gap is short, and at least 0.6 s.
    for k, cue in enumerate(cues):
        nxt = cues[k + 1].start if k + 1 < len(cues) else None
        if nxt is not None and nxt - cue.end < 0.4:
            cue.end = nxt
        cue.end = max(cue.end, cue.start + 0.6)
        if nxt is not None:
            cue.end = min(cue.end, nxt)
        if clip_duration is not None:
            cue.end = min(cue.end, clip_duration)
    return [c for c in cues if c.end > c.start]


# --- styles -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SubtitleStyle:
    look: str = "outline"  # outline | box
    karaoke: bool = False  # word-by-word highlight
    size: int | None = None  # font size in output pixels; default scales with the width
    pos: str = "bottom"  # bottom | middle | top
    color: str = "FFFFFF"  # text colour RRGGBB
    highlight: str = "FFD400"  # karaoke colour for words already spoken

    def font_size(self, width: int, height: int) -> int:
        if self.size:
            return self.size
        return max(16, round(min(width, height * 0.75) * 0.062))

    def line_limit(self, width: int, height: int, safe_width: float) -> float:
        """CJK cells per line: 12 at the default size, fewer for a bigger font, and never
        wider than the safe area."""
        default = SubtitleStyle().font_size(width, height)
        size = self.font_size(width, height)
        return max(4.0, min(CJK_LINE * default / size, safe_width * 0.92 / size))


_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def parse_style(text: str | None) -> SubtitleStyle:
    """`outline`, `box`, `karaoke`, plus `size=64`, `pos=bottom|middle|top`,
    `color=FFFFFF`, `highlight=FFD400`, comma separated: `box,karaoke,size=64,pos=bottom`."""
    if not text:
        return SubtitleStyle()
    look, karaoke = "outline", False
    kw: dict[str, object] = {}
    for raw in text.split(","):
        item = raw.strip().lower()
        if not item:
            continue
        if item in ("outline", "box"):
            look = item
        elif item == "karaoke":
            karaoke = True
        elif "=" in item:
            key, value = (p.strip() for p in item.split("=", 1))
            if key == "size":
                if not value.isdigit() or not 8 <= int(value) <= 400:
                    raise UsageError(f"--subtitle-style: size must be 8..400 pixels, got {value!r}")
                kw["size"] = int(value)
            elif key == "pos":
                if value not in ("bottom", "middle", "top"):
                    raise UsageError(
                        f"--subtitle-style: pos must be bottom, middle or top, got {value!r}")
                kw["pos"] = value
            elif key in ("color", "highlight"):
                m = _HEX.match(value)
                if not m:
                    raise UsageError(
                        f"--subtitle-style: {key} must be a RRGGBB colour, got {value!r}")
                kw[key] = m.group(1).upper()
            else:
                raise UsageError(f"--subtitle-style: unknown key {key!r} "
                                 "(known: size, pos, color, highlight)")
        else:
            raise UsageError(f"--subtitle-style: unknown style {item!r} "
                             "(known: outline, box, karaoke, size=, pos=, color=, highlight=)")
    return SubtitleStyle(look=look, karaoke=karaoke, **kw)  # type: ignore[arg-type]
